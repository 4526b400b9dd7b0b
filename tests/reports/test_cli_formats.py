"""The command line's report options: --format, --fail-on, --suppressions."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reports.render.json import report_schema
from tests.conftest import SITES, load_report, run_greengate
from tests.reports.conftest import SARIF_SCHEMA

PAGE = SITES / "broken-tools" / "products" / "bl-drill-20v.html"
AS_OF = "2027-03-01"


def check(out: Path, *options: str):
    return run_greengate(
        "check", str(PAGE), "--out", str(out), "--as-of", AS_OF, *options
    )


def failing(report: dict[str, Any], ranks: set[str]) -> list[dict[str, Any]]:
    return [
        f
        for s in report["suppliers"]
        for f in s["findings"]
        if f["status"] == "fail" and f["severity"] in ranks
    ]


@pytest.fixture(scope="module")
def every_format(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    result = check(out, "--format", "html,csv", "--format", "xlsx,sarif,junit")
    return out, result


def test_every_format_is_written_and_listed(every_format):
    out, result = every_format
    assert result.returncode == 0, result.stderr
    names = [
        "report.json",
        "report.html",
        "findings.csv",
        "suppliers.csv",
        "report.xlsx",
        "report.sarif",
        "junit.xml",
    ]
    for name in names:
        assert (out / name).is_file(), name
        assert f"Report: {(out / name).resolve()}" in result.stdout


def test_cli_sarif_is_valid(every_format):
    out, _ = every_format
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    document = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    results = document["runs"][0]["results"]
    assert any(r["ruleId"] == "CORE-JSONLD-01" for r in results)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert all("citation" in r["properties"] for r in rules)


def test_cli_junit_parses(every_format):
    out, _ = every_format
    root = ET.parse(out / "junit.xml").getroot()
    (suite,) = root.iter("testsuite")
    failed = [
        c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None
    ]
    assert "CORE-JSONLD-01 site" in failed


def test_default_formats_are_json_and_html(tmp_path):
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]


def test_unknown_format_is_a_usage_error(tmp_path):
    result = check(tmp_path, "--format", "html,pdf")
    assert result.returncode == 2
    assert "unknown format pdf" in result.stderr
    assert not (tmp_path / "report.json").exists()


def test_unknown_severity_is_a_usage_error(tmp_path):
    result = check(tmp_path, "--fail-on", "severe")
    assert result.returncode == 2
    assert "--fail-on" in result.stderr


def test_fail_on_exits_5_on_a_failure_at_or_above_the_threshold(tmp_path):
    result = check(tmp_path, "--fail-on", "high")
    assert result.returncode == 5, result.stderr
    report = load_report(tmp_path)
    expected = len(failing(report, {"critical", "high"}))
    assert expected >= 1  # CORE-JSONLD-01 fails (high) on this page
    assert (
        f"greengate: --fail-on high: {expected} unsuppressed failing finding(s)"
        " at high or above"
    ) in result.stderr
    assert (tmp_path / "report.html").is_file()  # reports are written first


def test_suppressions_keep_findings_reported_but_pass_the_gate(tmp_path):
    first = tmp_path / "first"
    assert check(first).returncode == 0
    gating = failing(load_report(first), {"critical", "high"})
    entries = [
        {
            "rule": f["rule"],
            "url": f["url"],
            "subject": f["subject"],
            "reason": f"accepted in test ({f['rule']})",
            "expires": "2027-12-31",
        }
        for f in gating
    ]
    listing = tmp_path / "suppressions.yaml"
    listing.write_text(yaml.safe_dump(entries), encoding="utf-8")
    second = tmp_path / "second"
    result = check(
        second, "--fail-on", "high", "--suppressions", str(listing), "--format", "sarif"
    )
    assert result.returncode == 0, result.stderr
    report = load_report(second)
    jsonschema.validate(report, report_schema())
    marked = [f for f in failing(report, {"critical", "high"}) if "suppressed" in f]
    assert len(marked) == len(gating)
    assert marked[0]["suppressed"]["expires"] == "2027-12-31"
    assert report["suppressions"]["matched"] >= len(gating)
    first_report = load_report(first)
    assert report["suppliers"][0]["verdict"] == first_report["suppliers"][0]["verdict"]
    sarif = json.loads((second / "report.sarif").read_text(encoding="utf-8"))
    assert any("suppressions" in r for r in sarif["runs"][0]["results"])


def test_expired_suppression_warns_and_counts_again(tmp_path):
    listing = tmp_path / "suppressions.yaml"
    listing.write_text(
        "- rule: CORE-JSONLD-01\n"
        "  url: '*'\n"
        "  reason: waiver ran out\n"
        "  expires: 2027-02-28\n",
        encoding="utf-8",
    )
    result = check(
        tmp_path / "out", "--fail-on", "high", "--suppressions", str(listing)
    )
    assert result.returncode == 5, result.stderr
    assert (
        f"greengate: warning: {listing}:1: suppression of CORE-JSONLD-01 (*)"
        " expired on 2027-02-28; its findings count again"
    ) in result.stderr
    report = load_report(tmp_path / "out")
    assert [s["rule"] for s in report["suppressions"]["expired"]] == ["CORE-JSONLD-01"]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "expired on 2027-02-28" in html


def test_malformed_suppression_file_is_a_usage_error(tmp_path):
    listing = tmp_path / "suppressions.yaml"
    listing.write_text(
        "- rule: CORE-JSONLD-01\n  url: '*'\n  reason: ok\n  expires: 2027-12-31\n"
        "- rule: G7-CFP-01\n  url: '*'\n  expires: 2027-12-31\n",
        encoding="utf-8",
    )
    result = check(tmp_path / "out", "--suppressions", str(listing))
    assert result.returncode == 2
    assert f"greengate: {listing}:5: 'reason' is required" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing was screened


def test_missing_suppression_file_is_a_usage_error(tmp_path):
    result = check(tmp_path / "out", "--suppressions", str(tmp_path / "none.yaml"))
    assert result.returncode == 2
    assert "none.yaml: cannot read suppression file" in result.stderr


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_unreachable_exit_3_wins_over_fail_on(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/"
    result = run_greengate(
        "scan",
        url,
        "--out",
        str(tmp_path),
        "--quiet",
        "--max-pages",
        "1",
        "--timeout",
        "2",
        "--fail-on",
        "info",
        "--format",
        "junit",
    )
    assert result.returncode == 3, result.stderr
    assert "greengate: --fail-on info:" in result.stderr  # the gate still says so
    assert load_report(tmp_path)["suppliers"][0]["verdict"] == "unreachable"
    assert (tmp_path / "junit.xml").is_file()
