"""Shared test fixtures: the reference corpus, fixture sites, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from crawler.fixtureserver import FixtureSites, serve_sites

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SITES = FIXTURES / "sites"


@pytest.fixture(scope="session", autouse=True)
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep ``greengate scan``'s default cache (``$XDG_CACHE_HOME``) in a temp dir."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The shared standards corpus beside the checkout (../shared/reference)."""
    path = REPO.parent / "shared" / "reference"
    assert path.is_dir(), f"reference corpus not found at {path}"
    return path


@pytest.fixture(scope="session")
def sites() -> Iterator[FixtureSites]:
    """Every fixture site under fixtures/sites, each on its own 127.0.0.1 port."""
    with serve_sites(SITES) as running:
        yield running


def missing_system_package(message: str) -> NoReturn:
    """Stop a test whose Debian package is absent: skip locally, fail in CI.

    CI installs them (``.ci/system-deps``), so there a missing one is a defect.
    """
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(message)
    pytest.skip(message)


def run_greengate(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run the real ``greengate`` command (a fresh process: a fresh reactor)."""
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=False,
    )


def unordered(value: Any) -> Any:
    """Return a report value without ``generated_at`` and with every list sorted.

    Crawl order is not a result: two scans of the same sites compare equal
    this way when they found the same things.
    """
    if isinstance(value, dict):
        return {k: unordered(v) for k, v in value.items() if k != "generated_at"}
    if isinstance(value, list):
        items = [unordered(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def load_report(out: Path) -> dict[str, Any]:
    """Read report.json from a report directory."""
    data: dict[str, Any] = json.loads((out / "report.json").read_text("utf-8"))
    return data


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites golden files instead of comparing with them."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (tests/reports/golden) from the current output",
    )
