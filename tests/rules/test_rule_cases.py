"""One test per rule case of ``cases.py``: status asserted by rule id."""

from __future__ import annotations

import pytest

from rules.model import Status
from tests.rules.cases import CASES, Case
from tests.rules.conftest import run, status_of


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.name}" for c in CASES])
def test_rule_case(case: Case, packs) -> None:
    disclosure = case.build()
    subject = case.subject or disclosure.products[0].key
    findings = run(disclosure, packs, **case.options)
    assert status_of(findings, case.rule, subject) is case.expected


# Rules whose negative outcome is a warning by definition (REQUIREMENTS 2.4, 2.5).
NEGATIVE = {"RCEP-SCOPE-01": Status.WARN, "CORE-JS-01": Status.WARN}


def test_every_rule_has_a_passing_and_a_failing_case(packs) -> None:
    covered = {(c.rule, c.expected) for c in CASES}
    missing = sorted(
        f"{rule.id} {status}"
        for pack in packs
        for rule in pack.rules
        for status in (Status.PASS, NEGATIVE.get(rule.id, Status.FAIL))
        if (rule.id, status) not in covered
    )
    assert missing == []


def test_cases_name_only_known_rules(packs) -> None:
    rule_ids = {r.id for p in packs for r in p.rules}
    assert {c.rule for c in CASES} <= rule_ids
