"""The command line's offline commands: check, rules list, rules explain."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest

from reports.render.json import report_schema
from tests.conftest import REPO, SITES, load_report, run_greengate

REQUIREMENTS = REPO.parent / "shared" / "docs" / "REQUIREMENTS.md"


def _required_rule_ids() -> list[str]:
    text = REQUIREMENTS.read_text("utf-8")
    return sorted(
        set(re.findall(r"^\| ((?:G7|RCEP|MDP|CORE)-[A-Z]+-\d+) \|", text, re.M))
    )


RULE_IDS = _required_rule_ids()


def test_requirements_list_is_read():
    assert len(RULE_IDS) >= 30


def test_rules_list_shows_every_required_rule():
    result = run_greengate("rules", "list")
    assert result.returncode == 0, result.stderr
    listed = set(re.findall(r"^(\S+)\s", result.stdout, re.M))
    assert set(RULE_IDS) <= listed


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rules_explain_every_rule(rule_id):
    result = run_greengate("rules", "explain", rule_id)
    assert result.returncode == 0, result.stderr
    for section in (
        "What it checks",
        "Why it matters",
        "Example",
        "Use instead",
        "Remediation",
        "Known limits",
    ):
        assert f"**{section}**" in result.stdout, section
    assert rule_id in result.stdout


def test_rules_explain_unknown_rule_is_a_usage_error():
    result = run_greengate("rules", "explain", "G7-NOPE-99")
    assert result.returncode == 2
    assert "no rule 'G7-NOPE-99'" in result.stderr


def test_check_screens_a_saved_page_offline(tmp_path):
    page = SITES / "broken-tools" / "products" / "bl-drill-20v.html"
    result = run_greengate(
        "check", str(page), "--out", str(tmp_path), "--as-of", "2027-03-01"
    )
    assert result.returncode == 0, result.stderr
    report = load_report(tmp_path)
    jsonschema.validate(report, report_schema())
    (supplier,) = report["suppliers"]
    jsonld = [f for f in supplier["findings"] if f["rule"] == "CORE-JSONLD-01"]
    assert [f["status"] for f in jsonld] == ["fail"]
    assert "line 26, column 5" in jsonld[0]["message"]


def test_check_reads_jsonld_from_stdin(tmp_path):
    document = Path(
        SITES / "pact-magnets" / "api" / "pcf" / "ndfeb-n52.json"
    ).read_bytes()
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "check", "-", "--out", str(tmp_path)],
        input=document,
        capture_output=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (product,) = load_report(tmp_path)["suppliers"][0]["products"]
    assert product["footprints"][0]["value_kg_co2e"] == pytest.approx(28.4)


def test_bad_date_is_a_usage_error(tmp_path):
    result = run_greengate("check", "x.html", "--as-of", "2027-13-01")
    assert result.returncode == 2
    assert "is not a date" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path):
    result = run_greengate("check", str(tmp_path / "nope.html"), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def _statuses(out: Path, rule: str) -> list[str]:
    (supplier,) = load_report(out)["suppliers"]
    return [f["status"] for f in supplier["findings"] if f["rule"] == rule]


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [("Bureau Veritas Certification", "pass"), ("TÜV Rheinland Certification", "warn")],
)
def test_trusted_issuer_list_decides_independent_issuers(tmp_path, issuer, expected):
    page = SITES / "acme-inverters" / "products" / "inv-5k.html"
    result = run_greengate(
        "check", str(page), "--out", str(tmp_path), "--as-of", "2027-03-01",
        "--trusted-issuer", issuer,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _statuses(tmp_path, "G7-ESG-03") == [expected]


def test_reference_age_threshold_is_configurable(tmp_path):
    page = SITES / "volta-drives" / "products" / "wcv-3000.html"
    # The reference period ends 2026-12-31: recent within 24 months, not within 6.
    for months, expected in (("24", "pass"), ("6", "fail")):
        out = tmp_path / months
        result = run_greengate(
            "check", str(page), "--out", str(out), "--as-of", "2027-09-01",
            "--max-reference-age", months,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert _statuses(out, "RCEP-ECO-08") == [expected]


def test_scope_tables_file_replaces_the_bundled_tables(tmp_path):
    tables = (REPO / "rules" / "packs" / "scope-tables.yaml").read_text("utf-8")
    # Take power tools out of the RCEP categories: the drill is then out of scope.
    custom = tmp_path / "tables.yaml"
    custom.write_text(
        tables.replace('power tools: ["846721", "846722", "846729"]', ""), "utf-8"
    )
    page = SITES / "broken-tools" / "products" / "bl-drill-20v.html"
    for name, tables_args, expected in (
        ("bundled", (), "pass"),
        ("custom", ("--scope-tables", str(custom)), "not-applicable"),
    ):
        out = tmp_path / name
        result = run_greengate(
            "check", str(page), "--out", str(out), "--as-of", "2027-03-01", *tables_args
        )
        assert result.returncode == 0, result.stderr
        assert _statuses(out, "RCEP-SCOPE-01") == [expected]


def test_bad_scope_tables_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "tables.yaml"
    bad.write_text("rcep: [not, a, table]\n", "utf-8")
    result = run_greengate("check", "x.html", "--scope-tables", str(bad))
    assert result.returncode == 2
    assert "tables.yaml" in result.stderr


@pytest.mark.slow
def test_demo_writes_every_report_format(tmp_path):
    result = run_greengate(
        "demo", "--out", str(tmp_path), "--quiet", "--render", "never"
    )
    assert result.returncode == 0, result.stderr
    written = {p.name for p in tmp_path.iterdir()}
    expected = {"report.json", "report.html", "findings.csv", "suppliers.csv"}
    assert expected | {"report.xlsx", "report.sarif", "junit.xml"} <= written
    report = load_report(tmp_path)
    assert len(report["suppliers"]) == len(
        (SITES / "suppliers.csv").read_text("utf-8").splitlines()[1:]
    )
