"""JUnit XML: parsed back, one suite per supplier, statuses mapped as documented."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from reports.render import junit


@pytest.fixture
def root(sample, sample_rules):
    text = junit.render(sample, sample_rules)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def _cases(root, suite_name):
    (suite,) = [s for s in root.iter("testsuite") if s.get("name") == suite_name]
    return {case.get("name"): case for case in suite.iter("testcase")}


def test_one_suite_per_supplier_riskiest_first(root, sample):
    assert root.tag == "testsuites"
    names = [s.get("name") for s in root.iter("testsuite")]
    assert names == [
        "+Acme Power & <Electronics>",
        "Gone Fasteners",
        "Sunvolt Energy Storage",
        "Lumen Alloys",
    ]
    total = sum(len(s.findings) for s in sample.suppliers)
    assert root.get("tests") == str(total)
    assert len(list(root.iter("testcase"))) == total


def test_counts_add_up(root):
    for key, tag in (
        ("failures", "failure"),
        ("errors", "error"),
        ("skipped", "skipped"),
    ):
        assert root.get(key) == str(len(list(root.iter(tag)))), key
        for suite in root.iter("testsuite"):
            assert suite.get(key) == str(len(list(suite.iter(tag)))), key


def test_suite_properties(root):
    suite = next(root.iter("testsuite"))
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties == {
        "supplier_id": "acme-power@acme.example",
        "start_url": "https://acme.example/",
        "verdict": "high-risk",
        "score": "62",
        "as_of": "2026-11-23",
    }


def test_status_mapping(root):
    acme = _cases(root, "+Acme Power & <Electronics>")
    failure = acme["G7-CFP-01 gtin:06970000000011"].find("failure")
    assert failure is not None
    assert failure.get("type") == "critical"
    assert failure.get("message") == '<script>alert("owned")</script> footprint missing'
    assert "remediation: Publish what G7-CFP-01 asks for" in (failure.text or "")
    assert "/additionalProperty/1" in (failure.text or "")
    assert list(acme["RCEP-ECO-02 gtin:06970000000011"]) == []  # pass
    warn = acme["CORE-JS-01 site"]
    assert warn.find("failure") is None
    assert (warn.findtext("system-out") or "").startswith("warning: bell \ufffd")
    upcoming = acme["G7-GOV-01 gtin:06970000000011"].find("skipped")
    assert upcoming is not None
    assert (upcoming.get("message") or "").startswith("upcoming: in force from")
    skipped = acme["G7-JP-01 site"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "not-applicable: profile jp not set"
    sunvolt = _cases(root, "Sunvolt Energy Storage")
    error = sunvolt["G7-ESG-05 urn:uuid:b1"].find("error")
    assert error is not None
    assert error.get("type") == "check-error"
    assert error.get("message") == "credential timed out"


def test_suppressed_failures_are_skipped_with_reason(root):
    case = _cases(root, "Lumen Alloys")["MDP-EF-02 gtin:09520123456788"]
    assert case.find("failure") is None
    skipped = case.find("skipped")
    assert skipped is not None
    assert (skipped.get("message") or "").startswith(
        "suppressed until 2026-12-31: Process inputs follow"
    )


def test_repeated_rule_and_subject_get_numbered_names(sample, sample_rules):
    lumen = sample.suppliers[0]
    doubled = replace(lumen, findings=lumen.findings + lumen.findings[:1])
    text = junit.render(replace(sample, suppliers=(doubled,)), sample_rules)
    names = [c.get("name") for c in ET.fromstring(text).iter("testcase")]
    assert names[0] == "G7-CFP-01 gtin:09520123456788"
    assert names[-1] == "G7-CFP-01 gtin:09520123456788 #2"


def test_control_characters_are_replaced():
    assert junit.xml_safe("a\x00b\x1bc\ud800") == "a\ufffdb\ufffdc\ufffd"
    assert junit.xml_safe("tab\tnew\nline\r") == "tab\tnew\nline\r"
