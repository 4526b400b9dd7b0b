"""The engine: as-of dates, scope, profiles, errors, schema projection, counting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rules.context import CheckContext, EvaluationOptions
from rules.disclosure import Classification, PageVisit
from rules.engine import evaluate, skipped_rules
from rules.model import Citation, Explain, Outcome, Rule, Severity, Status
from rules.pack import Pack
from rules.registry import check
from rules.schema_eval import project, validator_for
from tests.rules.conftest import (
    SITE_URL,
    aluminium,
    footprint,
    inverter,
    run,
    site,
    status_of,
)


def _rule(rule_id: str, **kw) -> Rule:
    values = {
        "id": rule_id,
        "pack": "test",
        "title": "test rule",
        "severity": Severity.HIGH,
        "applies_to": "product",
        "effective": date(2026, 1, 1),
        "status": "provisional",
        "citation": Citation(doc="000_2c4aefcc2c969d50.txt", para=1, quote="G7"),
        "rationale": "r",
        "remediation": "r",
        "explain": Explain(why="w", fail_example="{}", pass_example="{}"),
    }
    values.update(kw)
    return Rule(**values)


@check("test_always_raises")
def _raises(product, ctx: CheckContext) -> Outcome:
    raise RuntimeError("boom")


@check("test_returns_junk")
def _junk(product, ctx: CheckContext) -> Outcome:
    return "pass"  # type: ignore[return-value]


def _evaluate(*rules: Rule, disclosure=None, **options):
    pack = Pack(id="test", title="t", version="1", status="provisional", rules=rules)
    opts = EvaluationOptions(as_of=options.pop("as_of", date(2027, 8, 1)), **options)
    return evaluate(disclosure or site(), (pack,), opts)


def test_same_disclosure_before_and_after_effective_date(packs) -> None:
    bare = site(inverter(trace_links=()))
    before = run(bare, packs, as_of=date(2026, 12, 31))
    after = run(bare, packs, as_of=date(2027, 1, 1))
    assert status_of(before, "G7-TRC-01") is Status.UPCOMING
    assert status_of(after, "G7-TRC-01") is Status.FAIL
    message = next(f.message for f in before if f.rule_id == "G7-TRC-01")
    assert "would fail: no traceability link embedded" in message
    assert "2027-01-01" in message


def test_upcoming_pass_says_it_would_pass(packs) -> None:
    findings = run(site(), packs, as_of=date(2026, 6, 1))
    message = next(f.message for f in findings if f.rule_id == "G7-TRC-01")
    assert message.startswith("in force from 2027-01-01; would pass")


def test_out_of_scope_product_gets_not_applicable_for_every_g7_rule(packs) -> None:
    drill = inverter(
        name="Brushless drill 20 V",
        classifications=(Classification(scheme="HS", code="846721"),),
    )
    findings = [f for f in run(site(drill), packs) if f.pack == "g7-gpw"]
    assert findings
    assert {f.status for f in findings} == {Status.NOT_APPLICABLE}
    assert all("8467.21" in f.message or "profile" in f.message for f in findings)


def test_scope_force_runs_the_pack_anyway(packs) -> None:
    drill = inverter(classifications=(Classification(scheme="HS", code="846721"),))
    findings = run(site(drill), packs, scope_force=frozenset({"g7-gpw"}))
    assert status_of(findings, "G7-ESG-01") is Status.PASS


def test_g7_scope_from_keywords_when_no_hs_code(packs) -> None:
    robot = inverter(name="Six-axis industrial robot arm", classifications=())
    assert status_of(run(site(robot), packs), "G7-ESG-01") is Status.PASS
    kettle = inverter(name="Electric kettle", classifications=(), materials=())
    assert status_of(run(site(kettle), packs), "G7-ESG-01") is Status.NOT_APPLICABLE


def test_supplier_list_hs_code_decides_scope_when_product_has_none(packs) -> None:
    unknown = inverter(name="Model X", classifications=())
    findings = run(site(unknown, hs_codes=("846721",)), packs)
    assert status_of(findings, "G7-ESG-01") is Status.NOT_APPLICABLE
    assert status_of(findings, "RCEP-ECO-01") is Status.PASS


def test_rcep_not_covered_makes_every_eco_rule_not_applicable(packs) -> None:
    recycler = inverter(
        classifications=(Classification(scheme="HS", code="847989"),), footprints=()
    )
    findings = [
        f for f in run(site(recycler), packs) if f.rule_id.startswith("RCEP-ECO")
    ]
    assert len(findings) == 8
    assert {f.status for f in findings} == {Status.NOT_APPLICABLE}


def test_rcep_unknown_scope_still_runs_eco_rules_with_a_note(packs) -> None:
    findings = run(site(inverter(classifications=(), footprints=())), packs)
    eco = next(f for f in findings if f.rule_id == "RCEP-ECO-01")
    assert eco.status is Status.FAIL
    assert "scope unconfirmed: no HS code found" in eco.message


def test_check_that_raises_becomes_error() -> None:
    (finding,) = _evaluate(_rule("T-RAISE-01", check="test_always_raises"))
    assert finding.status is Status.ERROR
    assert "RuntimeError: boom" in finding.message


def test_check_returning_junk_becomes_error() -> None:
    (finding,) = _evaluate(_rule("T-JUNK-01", check="test_returns_junk"))
    assert finding.status is Status.ERROR
    assert "not an Outcome" in finding.message


def test_unknown_check_at_run_time_becomes_error() -> None:
    (finding,) = _evaluate(_rule("T-NONE-01", check="nobody_registered_this"))
    assert finding.status is Status.ERROR


def test_schema_only_rule_projects_dates_and_sets() -> None:
    schema = {
        "properties": {
            "date_modified": {"const": "2027-04-30"},
            "footprints": {
                "items": {
                    "properties": {
                        "scopes_included": {"const": ["scope1", "scope2", "scope3"]}
                    }
                }
            },
            "hs_codes": {"const": ["850440"]},
        }
    }
    (finding,) = _evaluate(_rule("T-SCHEMA-01", schema=schema))
    assert finding.status is Status.PASS, finding.message


def test_schema_failure_lists_location_and_evidence() -> None:
    schema = {"required": ["version"], "properties": {"version": {"type": "string"}}}
    disclosure = site(inverter(version=None))
    (finding,) = _evaluate(_rule("T-SCHEMA-02", schema=schema), disclosure=disclosure)
    assert finding.status is Status.FAIL
    assert "version: None is not of type 'string'" in finding.message
    assert finding.evidence[0].pointer == "/version"


def test_schema_fails_even_when_check_passes() -> None:
    rule = _rule(
        "T-BOTH-01",
        check="footprint_disclosed",
        schema={"properties": {"name": {"const": "other"}}},
    )
    (finding,) = _evaluate(rule)
    assert finding.status is Status.FAIL


def test_validators_are_compiled_once() -> None:
    schema = {"type": "object", "required": ["x"]}
    assert validator_for(schema) is validator_for(dict(schema))


def test_projection_is_plain_json() -> None:
    data = project(inverter())
    assert data["date_modified"] == "2027-04-30"
    assert data["hs_codes"] == ["850440"]
    assert data["footprints"][0]["scopes_included"] == ["scope1", "scope2", "scope3"]
    assert data["responsible_party"]["name"] == "Acme Inverters Co., Ltd."


def test_one_finding_per_rule_and_product(packs) -> None:
    disclosure = site(inverter(), aluminium())
    findings = run(disclosure, packs)
    product_rules = [r for p in packs for r in p.rules if r.applies_to != "site"]
    site_rules = [r for p in packs for r in p.rules if r.applies_to == "site"]
    assert len(findings) == 2 * len(product_rules) + len(site_rules)
    keys = [(f.rule_id, f.subject) for f in findings if f.subject != "site"]
    assert len(keys) == len(set(keys))


def test_site_without_products_is_judged_once_as_site(packs) -> None:
    findings = run(site(products=(), hs_codes=("850440",)), packs)
    assert status_of(findings, "G7-CFP-01", "site") is Status.FAIL
    assert status_of(findings, "RCEP-ECO-01", "site") is Status.FAIL


def test_unreachable_site_without_products_gives_errors_not_failures(packs) -> None:
    dead = site(
        products=(),
        pages=(PageVisit(url=SITE_URL, status=0, error="DNS lookup failed"),),
    )
    findings = run(dead, packs)
    assert status_of(findings, "RCEP-ECO-01", "site") is Status.ERROR
    assert status_of(findings, "CORE-FETCH-01", "site") is Status.FAIL


def test_profile_rule_is_not_applicable_without_the_profile(packs) -> None:
    findings = run(site(), packs, profiles=frozenset())
    assert status_of(findings, "G7-JP-01") is Status.NOT_APPLICABLE
    with_site_profile = run(site(profiles=("jp",)), packs, profiles=frozenset())
    assert status_of(with_site_profile, "G7-JP-01") is Status.PASS


def test_disabled_rules_are_skipped_and_listed(packs) -> None:
    g7 = next(p for p in packs if p.id == "g7-gpw")
    off = replace(
        g7, rules=tuple(replace(r, enabled=r.id != "G7-GOV-01") for r in g7.rules)
    )
    findings = evaluate(site(), (off,), EvaluationOptions(as_of=date(2027, 8, 1)))
    assert "G7-GOV-01" not in {f.rule_id for f in findings}
    assert [r.id for r in skipped_rules((off,))] == ["G7-GOV-01"]


@pytest.mark.parametrize("as_of", [date(2026, 5, 6), date(2027, 8, 1)])
def test_evidence_points_at_provenance(packs, as_of) -> None:
    findings = run(site(), packs, as_of=as_of)
    finding = next(f for f in findings if f.rule_id == "G7-CFP-01")
    assert finding.evidence[0].url.endswith("/products/inv-5k")
    assert finding.evidence[0].pointer == "/credentialSubject"


def test_findings_carry_pack_severity_url_and_subject(packs) -> None:
    finding = next(f for f in run(site(), packs) if f.rule_id == "RCEP-ECO-01")
    assert (finding.pack, finding.severity, finding.subject) == (
        "rcep-geco",
        Severity.CRITICAL,
        inverter().key,
    )
    assert finding.url == inverter().page_url


def test_footprint_helper_defaults_are_consistent() -> None:
    fp = footprint()
    assert sum(v for _, v in fp.scope_values) == fp.value_kg_co2e
