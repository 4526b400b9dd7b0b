"""Suppression files: parsing with located errors, matching, expiry, the ledger."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import jsonschema
import pytest

from reports.gate import gate_failures
from reports.render import json as json_report
from reports.suppressions import (
    Suppression,
    SuppressionError,
    apply_suppressions,
    load_suppressions,
    parse_suppressions,
)
from rules.model import Finding, Severity, Status
from tests.conftest import REPO
from tests.reports.sample import SUPPRESSIONS_YAML, sample_run


def finding(
    rule="G7-CFP-03",
    status=Status.FAIL,
    url="https://acme.example/products/inv-5k.html",
    subject="gtin:06970000000011",
):
    return Finding(
        rule_id=rule,
        pack="g7-gpw",
        status=status,
        severity=Severity.HIGH,
        message="m",
        url=url,
        subject=subject,
    )


def entry(**changes):
    base = Suppression(
        rule="G7-CFP-03",
        reason="accepted",
        expires=date(2026, 12, 31),
        url="https://acme.example/products/*",
    )
    return replace(base, **changes)


def test_parse_reads_entries_with_their_lines():
    entries = parse_suppressions(SUPPRESSIONS_YAML, "s.yaml")
    assert [(e.rule, e.source) for e in entries] == [
        ("MDP-EF-02", "s.yaml:2"),
        ("G7-CFP-02", "s.yaml:6"),
        ("RCEP-ECO-08", "s.yaml:10"),
    ]
    assert entries[0].expires == date(2026, 12, 31)
    assert entries[1].url is None
    assert entries[1].url_regex == r"https://acme\.example/.*"
    assert entries[1].pattern == r"re:https://acme\.example/.*"


def test_parse_accepts_a_quoted_date_and_an_empty_file():
    (parsed,) = parse_suppressions(
        "- {rule: g7-cfp-03, url: '*', reason: r, expires: '2027-01-02'}", "s"
    )
    assert parsed.rule == "G7-CFP-03"
    assert parsed.expires == date(2027, 1, 2)
    assert parse_suppressions("", "s") == ()
    assert parse_suppressions("# nothing yet\n", "s") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rule: X\n", "s.yaml:1: expected a list of suppressions"),
        ("- just a string\n", "s.yaml:1: a suppression must be a mapping"),
        (
            "- rule: G7-CFP-03\n  url: '*'\n  reason: r\n",
            "s.yaml:1: 'expires' is required (YYYY-MM-DD)",
        ),
        (
            "- rule: A-1\n  url: '*'\n  reason: r\n  expires: 2026-12-31\n"
            "- rule: G7-CFP-03\n  url: '*'\n  expires: 2026-12-31\n",
            "s.yaml:5: 'reason' is required",
        ),
        (
            "- {rule: A-1, url: '*', reason: r, expires: 31/12/2026}\n",
            "s.yaml:1: 'expires' must be a date YYYY-MM-DD",
        ),
        (
            "- {rule: A-1, url: '*', reason: r, expires: 2026-12-31 10:00:00}\n",
            "s.yaml:1: 'expires' must be a date YYYY-MM-DD",
        ),
        (
            "- {rule: A-1, reason: r, expires: 2026-12-31}\n",
            "s.yaml:1: give exactly one of url and url_regex",
        ),
        (
            "- {rule: A-1, url: '*', url_regex: '.*', reason: r,"
            " expires: 2026-12-31}\n",
            "s.yaml:1: give exactly one of url and url_regex",
        ),
        (
            "- {rule: A-1, url_regex: '(', reason: r, expires: 2026-12-31}\n",
            "s.yaml:1: url_regex is not valid",
        ),
        (
            "- {rule: A-1, url: '*', reason: '  ', expires: 2026-12-31}\n",
            "s.yaml:1: 'reason' must be a non-empty string",
        ),
        (
            "- {rule: A-1, url: '*', reason: r, expires: 2026-12-31, until: x}\n",
            "s.yaml:1: unknown key(s) until",
        ),
        ("- {rule: A-1, url: [\n", "s.yaml:2: not valid YAML"),
    ],
)
def test_malformed_files_are_refused_with_file_and_line(text, message):
    with pytest.raises(SuppressionError) as raised:
        parse_suppressions(text, "s.yaml")
    assert str(raised.value).startswith(message)


def test_load_names_a_missing_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(SuppressionError, match=r"nope\.yaml: cannot read"):
        load_suppressions(missing)


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SUPPRESSIONS_YAML, encoding="utf-8")
    first, *_ = load_suppressions(path)
    assert first.source == f"{path}:2"


def test_glob_matches_rule_and_url():
    assert entry().matches(finding())
    assert not entry().matches(finding(rule="G7-CFP-02"))
    assert not entry().matches(finding(url="https://acme.example/about.html"))
    assert not entry().matches(finding(url="https://evil.example/products/x"))


def test_regex_matches_the_whole_url():
    regex = entry(url=None, url_regex=r"https://acme\.example/products/.*\.html")
    assert regex.matches(finding())
    assert not regex.matches(finding(url="https://acme.example/products/x.html?y"))
    partial = entry(url=None, url_regex="acme")
    assert not partial.matches(finding())


def test_subject_glob_narrows_the_match():
    narrowed = entry(subject="gtin:0697*")
    assert narrowed.matches(finding())
    assert not narrowed.matches(finding(subject="site"))


@pytest.mark.parametrize(
    ("status", "covered"),
    [
        (Status.FAIL, True),
        (Status.ERROR, True),
        (Status.WARN, True),
        (Status.UPCOMING, True),
        (Status.PASS, False),
        (Status.NOT_APPLICABLE, False),
    ],
)
def test_only_problems_are_suppressed(status, covered):
    assert entry().matches(finding(status=status)) is covered


def test_expiry_day_is_the_last_day_it_applies():
    suppression = entry(expires=date(2026, 12, 31))
    assert suppression.active_on(date(2026, 12, 31))
    assert not suppression.active_on(date(2027, 1, 1))


def test_apply_records_matched_expired_and_unused():
    run = sample_run()
    ledger = run.suppressions
    assert ledger is not None
    assert ledger.file == "suppressions.yaml"
    assert [(m.supplier_id, m.finding.rule_id) for m in ledger.matched] == [
        ("lumen@lumen.example", "MDP-EF-02")
    ]
    assert [s.rule for s in ledger.expired] == ["G7-CFP-02"]
    assert [s.rule for s in ledger.unused] == ["RCEP-ECO-08"]


def test_suppression_changes_neither_verdict_nor_score():
    plain = sample_run(suppressions=False)
    suppressed = sample_run()
    assert [(s.verdict, s.score) for s in plain.suppliers] == [
        (s.verdict, s.score) for s in suppressed.suppliers
    ]


def test_first_matching_entry_wins():
    run = sample_run(suppressions=False)
    entries = (
        entry(rule="MDP-EF-02", url="https://lumen.example/*", reason="first"),
        entry(rule="MDP-EF-02", url="*", reason="second"),
    )
    ledger = apply_suppressions(run, entries, "s").suppressions
    assert ledger is not None
    assert [m.suppression.reason for m in ledger.matched] == ["first"]
    assert [s.reason for s in ledger.unused] == ["second"]


def test_json_report_marks_suppressed_findings_and_lists_expired():
    document = json_report.to_document(sample_run())
    jsonschema.validate(document, json_report.report_schema())
    findings = [f for s in document["suppliers"] for f in s["findings"]]
    marked = [f for f in findings if "suppressed" in f]
    assert [(f["rule"], f["status"]) for f in marked] == [("MDP-EF-02", "fail")]
    assert marked[0]["suppressed"] == {
        "rule": "MDP-EF-02",
        "reason": "Process inputs follow with the 2027 passport (ticket QA-7)",
        "expires": "2026-12-31",
        "source": "suppressions.yaml:2",
        "url": "https://lumen.example/products/*",
    }
    summary = document["suppressions"]
    assert summary["matched"] == 1
    assert [s["rule"] for s in summary["expired"]] == ["G7-CFP-02"]
    assert [s["rule"] for s in summary["unused"]] == ["RCEP-ECO-08"]


def test_json_report_without_suppressions_is_unchanged():
    document = json_report.to_document(sample_run(suppressions=False))
    assert "suppressions" not in document
    text = json.dumps(document)
    assert '"suppressed"' not in text


def test_gate_counts_failures_at_or_above_the_threshold():
    run = sample_run(suppressions=False)

    def failing(threshold):
        return sorted(g.finding.rule_id for g in gate_failures(run, threshold))

    assert failing(Severity.CRITICAL) == ["G7-CFP-01"]
    assert failing(Severity.HIGH) == [
        "CORE-FETCH-01",
        "G7-CFP-01",
        "G7-CFP-02",
        "G7-ESG-03",
    ]
    assert failing(Severity.LOW) == [
        "CORE-FETCH-01",
        "G7-CFP-01",
        "G7-CFP-02",
        "G7-ESG-03",
        "MDP-EF-02",
    ]


def test_gate_skips_suppressed_findings_but_not_expired_ones():
    run = sample_run()
    low = sorted(g.finding.rule_id for g in gate_failures(run, Severity.LOW))
    assert "MDP-EF-02" not in low  # suppressed until 2026-12-31
    assert "G7-CFP-02" in low  # its suppression expired on 2026-01-31


def test_gate_ignores_warnings_errors_and_upcoming():
    run = sample_run(suppressions=False)
    statuses = {g.finding.status for g in gate_failures(run, Severity.INFO)}
    assert statuses == {Status.FAIL}


def test_readme_example_parses():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Suppressions") :]
    start = section.index("```yaml\n") + len("```yaml\n")
    block = section[start : section.index("```", start)]
    entries = parse_suppressions(block, "README.md")
    assert [e.rule for e in entries] == ["G7-CFP-03", "CORE-JS-01"]
    assert entries[1].url_regex == r"https://acme\.example/(de|fr)/.*"
