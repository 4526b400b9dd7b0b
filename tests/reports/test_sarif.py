"""SARIF 2.1.0: valid against the official OASIS schema; levels, fingerprints."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import jsonschema
import pytest

from reports.render import RuleCatalog, sarif
from rules.model import Severity, Status
from tests.reports.conftest import SARIF_SCHEMA
from tests.reports.sample import sample_run


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def _errors(validator, document):
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)
    ]


def test_sample_is_valid_sarif(validator, sample, sample_rules):
    document = json.loads(sarif.render(sample, sample_rules))
    assert _errors(validator, document) == []


def test_sample_with_real_packs_is_valid_sarif(validator):
    sample = sample_run()
    document = sarif.to_document(sample, RuleCatalog.for_run(sample))
    assert _errors(validator, document) == []
    rules = {r["id"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["G7-CFP-01"]["properties"]["citation"]["doc"].startswith("000_")


def test_the_schema_catches_a_broken_log(validator, sample, sample_rules):
    document = sarif.to_document(sample, sample_rules)
    document["runs"][0]["results"][0]["level"] = "fatal"
    assert _errors(validator, document)


def test_driver_lists_every_rule_with_metadata(sample, sample_rules):
    driver = sarif.to_document(sample, sample_rules)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "greengate"
    assert driver["version"] == "0.1.0"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({f.rule_id for s in sample.suppliers for f in s.findings})
    rule = driver["rules"][ids.index("G7-CFP-02")]
    assert rule["name"] == "TheFootprintDeclaresISO14067"
    assert rule["shortDescription"] == {"text": "The footprint declares ISO 14067"}
    assert "the sentence behind G7-CFP-02" in rule["fullDescription"]["text"]
    assert rule["help"]["text"] == "Publish what G7-CFP-02 asks for, as JSON-LD."
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"]["pack"] == "g7-gpw"
    assert rule["properties"]["citation"]["para"] == 3


def test_results_are_the_problem_findings_with_mapped_levels(sample, sample_rules):
    results = sarif.to_document(sample, sample_rules)["runs"][0]["results"]
    got = sorted((r["ruleId"], r["properties"]["status"], r["level"]) for r in results)
    assert got == [
        ("CORE-FETCH-01", "fail", "error"),
        ("CORE-JS-01", "warn", "warning"),
        ("G7-CFP-01", "fail", "error"),
        ("G7-CFP-02", "fail", "error"),
        ("G7-ESG-03", "fail", "error"),
        ("G7-ESG-05", "error", "warning"),
        ("MDP-EF-02", "fail", "warning"),
        ("RCEP-SCOPE-01", "warn", "note"),
    ]


@pytest.mark.parametrize(
    ("status", "severity", "level"),
    [
        (Status.FAIL, Severity.CRITICAL, "error"),
        (Status.FAIL, Severity.HIGH, "error"),
        (Status.FAIL, Severity.MEDIUM, "warning"),
        (Status.FAIL, Severity.LOW, "warning"),
        (Status.FAIL, Severity.INFO, "note"),
        (Status.ERROR, Severity.CRITICAL, "warning"),
        (Status.WARN, Severity.HIGH, "warning"),
        (Status.WARN, Severity.INFO, "note"),
    ],
)
def test_level_mapping(status, severity, level):
    assert sarif.level(status, severity) == level


def test_locations_are_url_and_subject(sample, sample_rules):
    results = sarif.to_document(sample, sample_rules)["runs"][0]["results"]
    result = next(r for r in results if r["ruleId"] == "G7-CFP-01")
    (location,) = result["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == (
        "https://acme.example/products/inv-5k.html"
    )
    assert location["logicalLocations"][0]["name"] == "gtin:06970000000011"
    assert result["message"]["text"].startswith("<script>")  # JSON, not markup


def test_fingerprints_are_stable_across_runs(sample, sample_rules):
    def prints(a_run):
        return {
            (r["ruleId"], r["properties"]["supplier"]["id"]): r["partialFingerprints"]
            for r in sarif.to_document(a_run, sample_rules)["runs"][0]["results"]
        }

    later = replace(
        sample,
        generated_at=datetime(2027, 2, 1, tzinfo=UTC),
        suppliers=tuple(
            replace(
                s, findings=tuple(replace(f, message="reworded") for f in s.findings)
            )
            for s in sample.suppliers
        ),
    )
    assert prints(sample) == prints(later)
    values = [p[sarif.FINGERPRINT] for p in prints(sample).values()]
    assert len(values) == len(set(values))
    assert sarif.fingerprint("A-1", "s", "site") != sarif.fingerprint("A-1", "s", "p1")


def test_suppressed_results_and_expired_notifications(sample, sample_rules):
    sarif_run = sarif.to_document(sample, sample_rules)["runs"][0]
    suppressed = [r for r in sarif_run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["MDP-EF-02"]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"].startswith("Process inputs follow")
    (notice,) = sarif_run["invocations"][0]["toolConfigurationNotifications"]
    assert "G7-CFP-02" in notice["message"]["text"]
    assert "expired on 2026-01-31" in notice["message"]["text"]
