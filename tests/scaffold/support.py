"""Helpers of the scaffold tests: product tables, and checks run in-process."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from crawler.cli import main
from tests.conftest import FIXTURES, load_report

PRODUCTS = FIXTURES / "products"
PRODUCTS_CSV = PRODUCTS / "products.csv"
PRODUCTS_XLSX = PRODUCTS / "products.xlsx"
STATIC_SITE = FIXTURES / "static-site"

AS_OF = "2027-09-01"  # after every rule's effective date
BASE_URL = "https://acme-industrial.example/products/"
PACKS = ("g7-gpw", "rcep-geco", "materials-passport", "core")

NOT_PROVABLE_OFFLINE = {
    "G7-ESG-05": "error: the issuer's register entry is not fetched",
    "G7-TRC-02": "fail: the traceability records are not fetched, so no stage is read",
    "G7-TRC-03": "fail: the records are not fetched, so none refers back",
    "G7-TRC-04": "not-applicable: no mining record is read",
    "G7-TRC-05": "fail: the upstream records are not fetched",
    "MDP-EF-01": "error: the emission factors' anchoring record is not fetched",
}
"""Rules a scaffolded page cannot pass offline, and what they report instead.

The README ("What the round trip proves") lists the same rules.
"""


def complete_rows() -> list[dict[str, str]]:
    """Return the rows of the complete example table, as text."""
    with PRODUCTS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    """Write rows (the keys of the first row are the header) to a CSV file."""
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args: str) -> int:
    """Run ``greengate`` in this process and return its exit status."""
    return main([str(a) for a in args])


def check(out: Path, *paths: Path | str, extra: Iterable[str] = ()) -> dict[str, Any]:
    """Run ``greengate check`` offline as of AS_OF; return the one supplier."""
    status = run(
        "check",
        *map(str, paths),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--quiet",
        *extra,
    )
    assert status in (0, 5), status
    (supplier,) = load_report(out)["suppliers"]
    result: dict[str, Any] = supplier
    return result


def statuses(supplier: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """Return ``(rule, subject) -> status`` for a checked supplier."""
    return {(f["rule"], f["subject"]): f["status"] for f in supplier["findings"]}


def gtin_key(row: Mapping[str, str]) -> str:
    """Return the product key greengate gives a row's product."""
    return "gtin:" + row["gtin"].zfill(14)
