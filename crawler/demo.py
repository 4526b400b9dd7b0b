"""``greengate demo``: the bundled fixture suppliers, served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from crawler.fixtureserver import FixtureSites, serve_sites
from crawler.suppliers import SupplierSpec, parse_csv

DEMO_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
"""The fixture sites travel with a source checkout, not in the wheel."""


def serve_demo(root: Path = DEMO_ROOT) -> FixtureSites:
    """Start the fixture servers (use as a context manager)."""
    if not (root / "suppliers.csv").is_file():
        raise FileNotFoundError(
            f"{root}: the demo needs greengate's source checkout (fixtures/sites)"
        )
    return serve_sites(root)


def demo_suppliers(sites: FixtureSites) -> list[SupplierSpec]:
    """Return the demo supplier list with the running servers' URLs."""
    listing = sites.root / "suppliers.csv"
    return parse_csv(sites.expand(listing.read_text(encoding="utf-8")), str(listing))
