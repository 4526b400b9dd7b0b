"""Crawl the fixture suppliers with the real Scrapy engine and check each outcome.

Each fixture site's EXPECTED.yaml lists, rule by rule, the subjects (product
keys, or "site") expected to pass, fail, warn, error, be upcoming or not apply.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reports.render.json import report_schema
from tests.conftest import REPO, SITES, load_report, run_greengate

EXPECTED = sorted(SITES.glob("*/EXPECTED.yaml"))


def _as_of(site: str) -> str:
    path = SITES / site / "EXPECTED.yaml"
    if not path.is_file():
        return DEFAULT_AS_OF
    return str(yaml.safe_load(path.read_text("utf-8"))["as_of"])


DEFAULT_AS_OF = "2027-03-01"


@pytest.fixture(scope="module")
def screened(sites, tmp_path_factory) -> dict[str, Any]:
    """Scan suppliers.csv once per inspection date the EXPECTED.yaml files ask for."""
    out = tmp_path_factory.mktemp("e2e")
    header, *rows = (SITES / "suppliers.csv").read_text("utf-8").splitlines()
    groups: dict[str, list[str]] = {}
    for row in rows:
        site = re.search(r"\{\{origin:([^}]+)\}\}", row)
        assert site, row
        groups.setdefault(_as_of(site[1]), []).append(row)
    suppliers: list[dict[str, Any]] = []
    stdout = ""
    for as_of, listed in sorted(groups.items()):
        listing = out / f"suppliers-{as_of}.csv"
        listing.write_text(sites.expand("\n".join([header, *listed]) + "\n"), "utf-8")
        result = run_greengate(
            "scan",
            "--suppliers",
            str(listing),
            "--out",
            str(out / as_of),
            "--as-of",
            as_of,
            "--allow-host",
            "127.0.0.1",
            "--quiet",
        )
        assert result.returncode == 0, result.stderr
        report = load_report(out / as_of)
        jsonschema.validate(report, report_schema())
        suppliers.extend(report["suppliers"])
        stdout += result.stdout
    return {
        "report": {"suppliers": suppliers},
        "reports": [load_report(out / a) for a in groups],
        "stdout": stdout,
        "sites": sites,
    }


def _supplier(report: dict[str, Any], site: str, sites) -> dict[str, Any]:
    origin = sites.origins[site]
    matches = [s for s in report["suppliers"] if s["start_url"].startswith(origin)]
    assert len(matches) == 1, f"{site}: {len(matches)} suppliers in the report"
    return matches[0]


def test_report_matches_published_schema(screened):
    for report in screened["reports"]:
        jsonschema.validate(report, report_schema())


def test_summary_lists_every_supplier(screened):
    for supplier in screened["report"]["suppliers"]:
        assert supplier["name"] in screened["stdout"]
    assert "report.json" in screened["stdout"]


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.parent.name)
def test_site_outcome_matches_expected(screened, expected_file: Path):
    expected = yaml.safe_load(expected_file.read_text("utf-8"))
    supplier = _supplier(
        screened["report"], expected_file.parent.name, screened["sites"]
    )
    assert supplier["verdict"] == expected["verdict"]
    got: dict[str, dict[str, set[str]]] = {}
    for finding in supplier["findings"]:
        subjects = got.setdefault(finding["rule"], {}).setdefault(
            finding["status"], set()
        )
        subjects.add(finding["subject"])
    for rule, by_status in expected["findings"].items():
        for status, subjects in by_status.items():
            assert got.get(rule, {}).get(status, set()) == set(subjects), (
                f"{rule} {status}: {got.get(rule)}"
            )
    for path in expected.get("robots_disallowed", []):
        assert any(u.endswith(path) for u in supplier["robots_disallowed"]), path
    for issue in expected.get("issues", []):
        assert any(
            i["kind"] == issue["kind"]
            and i["url"].endswith(issue["page"])
            and i.get("line") == issue.get("line")
            and i.get("column") == issue.get("column")
            for i in supplier["issues"]
        ), f"{issue} not in {supplier['issues']}"
    _assert_messages(supplier, expected.get("messages", {}))


def _assert_messages(
    supplier: dict[str, Any], expected: dict[str, dict[str, list[str]]]
) -> None:
    """Check that findings say why, not only what status they have.

    EXPECTED.yaml ``messages`` maps rule -> subject -> texts its message contains.
    """
    for rule, by_subject in expected.items():
        for subject, parts in by_subject.items():
            messages = [
                f["message"]
                for f in supplier["findings"]
                if f["rule"] == rule and f["subject"] == subject
            ]
            assert messages, f"{rule} {subject}: no finding"
            for part in parts:
                assert any(part in m for m in messages), (
                    f"{rule} {subject}: {part!r} not in {messages}"
                )


def test_every_finding_names_rule_status_and_url(screened):
    for supplier in screened["report"]["suppliers"]:
        for finding in supplier["findings"]:
            assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)+", finding["rule"])
            assert finding["message"]


def test_unreachable_supplier_exits_3(tmp_path):
    result = run_greengate(
        "scan",
        "http://127.0.0.1:9/",
        "--out",
        str(tmp_path),
        "--quiet",
        "--timeout",
        "5",
        "--as-of",
        "2027-03-01",
    )
    assert result.returncode == 3, result.stderr
    report = load_report(tmp_path)
    (supplier,) = report["suppliers"]
    assert supplier["verdict"] == "unreachable"
    assert supplier["pages"][0]["status"] == 0
    assert supplier["pages"][0]["error"]
    assert any(
        f["rule"] == "CORE-FETCH-01" and f["status"] == "fail"
        for f in supplier["findings"]
    )


def test_links_to_private_addresses_are_refused(sites, tmp_path):
    # Without --allow-host, the start URL (typed by the user) is fetched, but the
    # page's links to the same loopback host are refused by the host guard.
    result = run_greengate(
        "scan",
        sites.url("acme-inverters"),
        "--out",
        str(tmp_path),
        "--quiet",
        "--as-of",
        "2027-03-01",
    )
    report = load_report(tmp_path)
    (supplier,) = report["suppliers"]
    start = [p for p in supplier["pages"] if p["url"] == sites.url("acme-inverters")]
    assert start
    assert start[0]["status"] == 200
    refused = [
        p for p in supplier["pages"] if p["error"] and "host guard" in p["error"]
    ]
    assert refused, supplier["pages"]
    assert all(p["status"] == 0 for p in refused)
    assert result.returncode == 0


# RCEP-SCOPE-01 is an info rule whose negative outcome is `warn` (REQUIREMENTS 2.5);
# CORE-JS-01 warns too (a JavaScript-only disclosure is still a disclosure).
NEGATIVE_STATUS = {"RCEP-SCOPE-01": "warn", "CORE-JS-01": "warn"}


def test_every_rule_passes_and_fails_on_some_fixture_page():
    """Every rule of REQUIREMENTS.md 2 passes on some fixture page and fails on one."""
    seen: dict[str, set[str]] = {}
    for path in EXPECTED:
        expected = yaml.safe_load(path.read_text("utf-8"))
        for rule, by_status in expected["findings"].items():
            seen.setdefault(rule, set()).update(
                s for s, subj in by_status.items() if subj
            )
    required = set(
        re.findall(
            r"^\| ((?:G7|RCEP|MDP|CORE)-[A-Z]+-\d+) \|",
            (REPO.parent / "shared" / "docs" / "REQUIREMENTS.md").read_text("utf-8"),
            re.M,
        )
    )
    assert len(required) == 35
    missing = {
        rule: sorted(
            {"pass", NEGATIVE_STATUS.get(rule, "fail")} - seen.get(rule, set())
        )
        for rule in sorted(required)
    }
    assert not {r: m for r, m in missing.items() if m}
