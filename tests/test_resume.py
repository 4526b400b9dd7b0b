"""Crash safety: ``kill -9`` a scan at any point, run it again with ``--resume``.

Real processes, the real Scrapy engine and fixture sites on 127.0.0.1. A scan
resumed after being killed must end with the report and the history an
uninterrupted scan gives: every supplier once, no page or finding lost or
repeated, and the pages the killed scan finished not fetched again.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from crawler.fixtureserver import FixtureSites, serve_sites
from crawler.journal import load
from reports.render.json import report_schema
from tests.conftest import REPO, SITES, load_report, run_greengate, unordered

AS_OF = "2027-03-01"
PRODUCTS = 24
WORK = ".greengate-work"


def _gtin13(number: int) -> str:
    digits = f"697000{number:06d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _catalogue(site: Path) -> None:
    """Write a supplier site with many product pages, made from acme's AP-5K."""
    products = SITES / "acme-inverters" / "products"
    page, record = (
        (products / "inv-5k.html").read_text("utf-8"),
        (products / "inv-5k.jsonld").read_text("utf-8"),
    )
    (site / "products").mkdir(parents=True)
    links = []
    for n in range(PRODUCTS):
        name = f"p-{n:02d}"
        after = f"p-{(n + 1) % PRODUCTS:02d}"
        swaps = {
            "acme-inverters": "catalogue",
            "inv-10k": after,
            "inv-5k": name,
            "6970000000011": _gtin13(n),
            "AP-5K": f"CAT-{n:02d}",
            "1a2b3c4d5e6f": f"{n:012d}",
            '"value": 412': f'"value": {400 + n}',
        }
        for path, text in ((f"{name}.html", page), (f"{name}.jsonld", record)):
            for old, new in swaps.items():
                text = text.replace(old, new)
            (site / "products" / path).write_text(text, "utf-8")
        links.append(f'<li><a href="/products/{name}.html">CAT-{n:02d}</a></li>')
    (site / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Catalogue Inverters</title></head><body><ul>"
        + "".join(links)
        + "</ul></body></html>",
        "utf-8",
    )


@pytest.fixture(scope="module")
def slow_sites(tmp_path_factory) -> Iterator[FixtureSites]:
    """The fixture sites and a 24-product catalogue, each answer 50 ms late."""
    root = tmp_path_factory.mktemp("sites")
    shutil.copytree(SITES, root, dirs_exist_ok=True)
    _catalogue(root / "catalogue")
    with serve_sites(root, delay=0.05) as running:
        yield running


def _suppliers(sites: FixtureSites, path: Path, names: list[str] | None = None) -> Path:
    """Write a supplier list of the fixture suppliers (no browser needed)."""
    header, *rows = (SITES / "suppliers.csv").read_text("utf-8").splitlines()
    rows = [r for r in rows if "js-solar" not in r]
    if "catalogue" in sites.origins:
        rows.append("Catalogue Inverters,{{origin:catalogue}}/,,")
    if names is not None:
        rows = [r for r in rows if any(f"origin:{n}}}" in r for n in names)]
    path.write_text(sites.expand("\n".join([header, *rows]) + "\n"), "utf-8")
    return path


def _scan_args(listing: Path, out: Path, store: Path) -> list[str]:
    return [
        "scan",
        "--suppliers",
        str(listing),
        "--out",
        str(out),
        "--store",
        str(store),
        "--as-of",
        AS_OF,
        "--allow-host",
        "127.0.0.1",
        "--render",
        "never",
    ]


def _history(store: Path) -> dict[str, Any]:
    """Read the runs and each run's suppliers and findings from a SQLite store."""
    with closing(sqlite3.connect(store)) as db:  # a hot journal is rolled back
        runs = [r[0] for r in db.execute("SELECT run_id FROM runs")]
        keys = [r[0] for r in db.execute("SELECT supplier_key FROM inspections")]
        findings = db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    return {"runs": runs, "suppliers": keys, "findings": findings}


def _findings(report: dict[str, Any]) -> int:
    return sum(len(s["findings"]) for s in report["suppliers"])


def _wait_for_lines(journal: Path, lines: int, process: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.is_file():
            count = journal.read_bytes().count(b"\n")
            if count >= lines:
                return count
        assert process.poll() is None, "the scan ended before it could be killed"
        time.sleep(0.02)
    raise AssertionError(f"{journal}: fewer than {lines} lines after 60 s")


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_kill_9_mid_crawl_then_resume_matches_uninterrupted_run(slow_sites, tmp_path):
    listing = _suppliers(slow_sites, tmp_path / "suppliers.csv")
    suppliers = len(listing.read_text("utf-8").splitlines()) - 1
    whole = run_greengate(
        *_scan_args(listing, tmp_path / "a", tmp_path / "a.sqlite"), "--quiet"
    )
    assert whole.returncode in (0, 3), whole.stderr
    assert not (tmp_path / "a" / WORK).exists()  # a finished scan leaves none

    out, store = tmp_path / "b", tmp_path / "b.sqlite"
    args = _scan_args(listing, out, store)
    killed = _start([*args, "--quiet"])
    journal = out / WORK / "journal.jsonl"
    _wait_for_lines(journal, 30, killed)
    killed.kill()  # SIGKILL: no shutdown of any kind
    killed.communicate(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    assert not (out / "report.json").exists()
    assert _history(store)["runs"] == []

    state = load(journal)  # what the killed scan finished (a torn line is cut)
    assert len(state.pages) >= 30
    assert not state.crawled
    hits_before = slow_sites.hits.copy()

    resumed = run_greengate(*args, "--resume")
    assert resumed.returncode == whole.returncode, resumed.stderr
    assert f"{len(state.pages)} fetches already made" in resumed.stderr

    # The pages the killed scan finished were not fetched again.
    assert sum(1 for r in state.pages if hits_before[r.key]) >= 25
    refetched = [
        r.key
        for r in state.pages
        if r.page.role != "sitemap" and slow_sites.hits[r.key] != hits_before[r.key]
    ]
    assert refetched == []
    # ... and the outcome is the uninterrupted scan's, supplier by supplier.
    report, expected = load_report(out), load_report(tmp_path / "a")
    jsonschema.validate(report, report_schema())
    assert len(report["suppliers"]) == suppliers
    assert unordered(report) == unordered(expected)
    history = _history(store)
    assert len(history["runs"]) == 1
    assert sorted(history["suppliers"]) == sorted(set(history["suppliers"]))
    assert len(history["suppliers"]) == suppliers
    assert history["findings"] == _findings(report) == _findings(expected)
    assert not (out / WORK).exists()

    again = run_greengate(*args, "--resume")
    assert again.returncode == 2
    assert "nothing to resume" in again.stderr


@pytest.mark.slow
def test_sigterm_stops_the_scan_without_a_report_and_resume_finishes_it(
    slow_sites, tmp_path
):
    listing = _suppliers(slow_sites, tmp_path / "suppliers.csv", ["catalogue"])
    out, store = tmp_path / "out", tmp_path / "h.sqlite"
    args = _scan_args(listing, out, store)
    stopped = _start([*args, "--quiet"])
    _wait_for_lines(out / WORK / "journal.jsonl", 5, stopped)
    stopped.send_signal(signal.SIGTERM)  # Scrapy stops gracefully, unfinished
    _, stderr = stopped.communicate(timeout=60)
    assert stopped.returncode == 130, stderr
    assert "--resume" in stderr
    assert not (out / "report.json").exists()
    assert _history(store)["runs"] == []

    resumed = run_greengate(*args, "--resume", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    (supplier,) = load_report(out)["suppliers"]
    pages = [p["url"] for p in supplier["pages"]]
    assert len(pages) == len(set(pages))
    products = {u for u in pages if re.search(r"/products/p-\d+\.html$", u)}
    assert len(products) == PRODUCTS
    assert len(_history(store)["runs"]) == 1


def _crash(point: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.crash_point", point, *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("point", ["report", "record", "finish"])
def test_killed_while_reporting_or_recording_resumes_to_one_run(sites, tmp_path, point):
    listing = _suppliers(sites, tmp_path / "s.csv", ["acme-inverters", "lumen-alloys"])
    out, store = tmp_path / "out", tmp_path / "h.sqlite"
    out.mkdir()
    (out / "report.json").write_text('{"previous": "report"}', "utf-8")
    args = [*_scan_args(listing, out, store), "--quiet"]

    crashed = _crash(point, args)
    assert crashed.returncode == 137, crashed.stderr
    assert (out / WORK / "scan.json").is_file()  # still resumable
    report = json.loads((out / "report.json").read_text("utf-8"))  # never torn
    recorded = _history(store)["runs"]
    if point == "report":
        assert report == {"previous": "report"}
    assert len(recorded) == (1 if point == "finish" else 0)  # all or nothing

    resumed = run_greengate(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    report = load_report(out)
    jsonschema.validate(report, report_schema())
    history = _history(store)
    assert len(history["runs"]) == 1
    assert recorded in ([], history["runs"])  # the same run, not a second one
    assert len(history["suppliers"]) == len(set(history["suppliers"])) == 2
    assert history["findings"] == _findings(report)
    assert not (out / WORK).exists()
    assert not list(out.glob(".greengate-reports-*"))  # no temporary left


def test_resume_without_an_unfinished_scan_is_a_usage_error(tmp_path):
    result = run_greengate(
        "scan", "https://supplier.example/", "--out", str(tmp_path), "--resume"
    )
    assert result.returncode == 2
    assert re.search(r"nothing to resume: .*holds no unfinished scan", result.stderr)


def test_resume_with_another_command_line_is_refused(tmp_path):
    from crawler.workdir import WorkDir

    work, _ = WorkDir.start(
        tmp_path / WORK,
        fingerprint="another scan",
        as_of=date(2027, 3, 1),
        command=("greengate", "scan", "https://other.example/"),
    )
    work.close()
    result = run_greengate(
        "scan", "https://supplier.example/", "--out", str(tmp_path), "--resume"
    )
    assert result.returncode == 2
    assert "different command line" in result.stderr
    assert "https://other.example/" in result.stderr
    assert (tmp_path / WORK / "scan.json").is_file()  # left for its own command
