"""The history commands end to end: scan a fixture site twice, edit it in between.

A copy of ``fixtures/sites/pact-magnets`` is served from a temporary folder;
between the two scans the page's PACT footprint moves from 28.4 to 35.9 kg
CO2e while its endpoint keeps 28.4, so the second inspection also fails
G7-API-01 (page and endpoint disagree). A third scan after the endpoint is
brought in line shows the failure fixed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.fixtureserver import serve_sites
from crawler.inspections import command_line
from tests.conftest import SITES, run_greengate
from tests.reports.history_backends import BACKENDS, postgres_database

AS_OF = "2027-03-01"
PAGE = Path("products/ndfeb-n52.html")
ENDPOINT = Path("api/pcf/ndfeb-n52.json")
RUN_ID = re.compile(r"Recorded run (\S+) in ")


def _edit(site: Path, relative: Path, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _scan(url: str, store: str, out: Path) -> str:
    result = run_greengate(
        "scan",
        url,
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--allow-host",
        "127.0.0.1",
        "--quiet",
        "--store",
        store,
    )
    assert result.returncode == 0, result.stderr
    found = RUN_ID.search(result.stderr)
    assert found, result.stderr
    return found[1]


@pytest.fixture(scope="module", params=BACKENDS)
def module_store(request, tmp_path_factory) -> Iterator[str]:
    """One store per backend for the whole module (scans are slow)."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("store") / "history.sqlite3")
        return
    with postgres_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, module_store):
    """Three recorded scans of an edited copy of pact-magnets."""
    store_spec = module_store
    tmp_path = tmp_path_factory.mktemp("scans")
    root = tmp_path / "sites"
    site = root / "pact-magnets"
    shutil.copytree(SITES / "pact-magnets", site)
    pcf = '"pCfExcludingBiogenic": "{}"'
    with serve_sites(root) as running:
        url = running.url("pact-magnets")
        first = _scan(url, store_spec, tmp_path / "r1")
        _edit(site, PAGE, pcf.format("28.4"), pcf.format("35.9"))
        second = _scan(url, store_spec, tmp_path / "r2")
        _edit(site, ENDPOINT, pcf.format("28.4"), pcf.format("35.9"))
        third = _scan(url, store_spec, tmp_path / "r3")
    return {"store": store_spec, "runs": [first, second, third], "url": url}


def test_diff_shows_the_changed_footprint_and_the_new_failure(scanned):
    store = scanned["store"]
    first, second, _ = scanned["runs"]
    result = run_greengate("diff", first, second, "--store", store)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert f"A: {first} (as of {AS_OF})" in text
    assert "Verdict and score changes (1):" in text
    assert "high-risk (26)" in text
    changed = next(line for line in text.splitlines() if "value_kg_co2e" in line)
    assert "products[gtin:06941234500017]" in changed
    assert changed.split()[-7:] == ["28.4", "35.9", "kg", "CO2e", "per", "1", "KGM"]
    new = next(line for line in text.splitlines() if "G7-API-01" in line)
    assert "pass -> fail" in new

    as_json = run_greengate("diff", first, second, "--store", store, "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    (value,) = data["value_changes"]
    assert (value["before"], value["after"]) == (28.4, 35.9)
    assert value["unit"] == "kg CO2e per 1 KGM"
    assert [f["rule_id"] for f in data["new_findings"]] == ["G7-API-01"]
    (verdict,) = data["verdict_changes"]
    assert verdict["score_after"] < verdict["score_before"]


def test_diff_of_previous_and_latest_shows_the_fix(scanned):
    result = run_greengate("diff", "previous", "latest", "--store", scanned["store"])
    assert result.returncode == 0, result.stderr
    assert "Fixed (1):" in result.stdout
    fixed = next(x for x in result.stdout.splitlines() if "G7-API-01" in x)
    assert "fail -> pass" in fixed
    endpoint = next(x for x in result.stdout.splitlines() if "ndfeb-n52.json" in x)
    assert "28.4" in endpoint
    assert "35.9" in endpoint


def test_history_lists_the_suppliers_inspections(scanned):
    host = scanned["url"].split("//")[1].rstrip("/")
    result = run_greengate("history", host.upper(), "--store", scanned["store"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["RUN", "AS", "OF", "VERDICT"]
    assert [line.split()[0] for line in lines[1:]] == scanned["runs"]
    hashes = [line.split()[7] for line in lines[1:]]
    assert len(set(hashes)) == 3  # each edit changed the disclosure

    runs = run_greengate("history", "--store", scanned["store"], "--json")
    assert [r["run_id"] for r in json.loads(runs.stdout)] == scanned["runs"]
    assert all("--store" in r["command"] for r in json.loads(runs.stdout))


def test_watchlist_prints_and_exports(scanned, tmp_path):
    out = tmp_path / "export" / "watchlist.csv"
    result = run_greengate("watchlist", "--store", scanned["store"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()[1:]
    assert line.startswith("high-risk")
    assert "G7-ESG-01 fail (critical)" in line
    assert "more" in line
    (row,) = csv.DictReader(io.StringIO(out.read_text("utf-8")))
    assert row["run_id"] == scanned["runs"][-1]
    assert row["since"] == AS_OF

    exported = tmp_path / "watchlist.json"
    result = run_greengate(
        "watchlist", "--store", scanned["store"], "--out", str(exported)
    )
    assert json.loads(exported.read_text("utf-8"))[0]["verdict"] == "high-risk"


def test_an_unknown_run_id_is_a_usage_error(scanned):
    result = run_greengate("diff", "no-such-run", "latest", "--store", scanned["store"])
    assert result.returncode == 2
    assert "no run 'no-such-run'" in result.stderr
    assert "Traceback" not in result.stderr


def test_latest_tilde_beyond_the_first_run_is_a_usage_error(scanned):
    result = run_greengate("diff", "latest~3", "latest", "--store", scanned["store"])
    assert result.returncode == 2
    assert "3 run(s) recorded" in result.stderr


def test_an_unreachable_database_is_a_usage_error_and_hides_the_password():
    url = "postgresql://inspector:hunter2@127.0.0.1:1/history"
    for args in (("history", "acme"), ("watchlist",), ("diff",)):
        result = run_greengate(*args, "--store", url)
        assert result.returncode == 2, result.stderr
        assert "cannot connect to the history database" in result.stderr
        assert "hunter2" not in result.stderr


def test_a_scan_with_an_unusable_store_stops_before_crawling(tmp_path):
    result = run_greengate(
        "scan",
        "http://127.0.0.1:9/",
        "--out",
        str(tmp_path / "r"),
        "--store",
        str(tmp_path),
    )
    assert result.returncode == 2
    assert "is a directory" in result.stderr
    assert not (tmp_path / "r").exists()


def test_reading_a_missing_store_does_not_create_it(tmp_path):
    path = tmp_path / "missing.sqlite3"
    result = run_greengate("history", "--store", str(path))
    assert result.returncode == 2
    assert "no inspection history recorded here yet" in result.stderr
    assert not path.exists()


def test_check_records_into_the_env_store(tmp_path, monkeypatch):
    store = tmp_path / "env.sqlite3"
    monkeypatch.setenv("GREENGATE_STORE", str(store))
    page = SITES / "pact-magnets" / "products" / "ndfeb-n52.html"
    result = run_greengate("check", str(page), "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert "Recorded run" in result.stderr
    listed = run_greengate("history", "local files")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 2


def test_the_recorded_command_hides_store_passwords():
    args = argparse.Namespace(
        command="scan",
        argv=["scan", "https://acme.example/", "--store=postgresql://u:pw@db/h"],
    )
    assert command_line(args) == (
        "greengate scan https://acme.example/ '--store=postgresql://u:***@db/h'"
    )
