"""``rules explain`` texts and the ``rules list`` table."""

from __future__ import annotations

from dataclasses import replace

from rules.explain import RuleRow, explain, list_rules
from rules.loader import find_rule


def test_explain_rcep_eco_01(packs) -> None:
    text = explain(find_rule(packs, "RCEP-ECO-01"))
    assert text.startswith(
        "# RCEP-ECO-01: The product page embeds its carbon-emission data as JSON-LD"
    )
    assert "severity critical · effective 2026-05-07 · status provisional" in text
    assert (
        "Source: 004_5f515f56af15a22b.txt, line 11:"
        ' "in ISO 14067-compliant JSON-LD format"' in text
    )
    assert "```json\n{\n" in text  # examples are pretty-printed JSON
    assert "Provisional: no official field list" in text
    assert text.endswith("\n")


def test_explain_fix_shows_only_what_to_change(packs) -> None:
    text = explain(find_rule(packs, "G7-ESG-02"), fix=True)
    assert "**Remediation**" in text
    assert "**Use instead**" in text
    assert "**Why it matters**" not in text
    assert "**Example**" not in text


def test_explain_names_profile_and_disabled(packs) -> None:
    rule = replace(find_rule(packs, "G7-JP-01"), enabled=False)
    text = explain(rule)
    assert "profile jp" in text
    assert "disabled by a user pack" in text
    assert "a JSON Schema fragment" in text


def test_explain_keeps_a_non_json_example_verbatim(packs) -> None:
    text = explain(find_rule(packs, "CORE-JSONLD-01"))
    assert '"name": "5 kW PV inverter",}' in text


def test_list_rules_rows(packs) -> None:
    rows = list_rules(packs)
    assert len(rows) == 35
    row = next(r for r in rows if r.id == "G7-TRC-01")
    assert row == RuleRow(
        id="G7-TRC-01",
        severity="critical",
        status="provisional",
        effective="2027-01-01",
        title=row.title,
    )
    assert row[:4] == ("G7-TRC-01", "critical", "provisional", "2027-01-01")
    assert next(r for r in rows if r.id == "CORE-JS-01").effective == "-"


def test_list_rules_marks_disabled(packs) -> None:
    core = next(p for p in packs if p.id == "core")
    off = replace(core, rules=tuple(replace(r, enabled=False) for r in core.rules))
    assert {r.status for r in list_rules([off])} == {"disabled"}
