"""Supplier verdict, score and per-rule status (REQUIREMENTS 2.5 and 3)."""

from __future__ import annotations

import pytest

from reports.scoring import (
    SCORE_FORMULA,
    WEIGHTS,
    deductions,
    score,
    supplier_status,
    verdict,
)
from rules.model import Finding, Severity, Status

C, H, M, L, INFO = (
    Severity.CRITICAL,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
    Severity.INFO,
)


def f(
    rule: str, status: Status, severity: Severity = H, subject: str = "p1"
) -> Finding:
    return Finding(
        rule_id=rule,
        pack="test",
        status=status,
        severity=severity,
        message="",
        url="https://acme.example/",
        subject=subject,
    )


def test_supplier_status_takes_the_worst_finding() -> None:
    findings = [
        f("R-1", Status.PASS),
        f("R-1", Status.FAIL, subject="p2"),
        f("R-2", Status.PASS),
        f("R-2", Status.NOT_APPLICABLE, subject="p2"),
        f("R-3", Status.ERROR),
        f("R-3", Status.WARN, subject="p2"),
        f("R-4", Status.NOT_APPLICABLE),
        f("R-5", Status.UPCOMING),
        f("R-5", Status.NOT_APPLICABLE, subject="p2"),
    ]
    assert supplier_status(findings) == {
        "R-1": Status.FAIL,
        "R-2": Status.PASS,
        "R-3": Status.ERROR,
        "R-4": Status.NOT_APPLICABLE,
        "R-5": Status.UPCOMING,
    }


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([f("R-1", Status.FAIL, C)], "high-risk"),
        ([f("R-1", Status.FAIL, H), f("R-2", Status.PASS, C)], "watchlist"),
        ([f("R-1", Status.FAIL, M), f("R-2", Status.FAIL, L)], "whitelist-ready"),
        ([f("R-1", Status.UPCOMING, C)], "whitelist-ready"),  # upcoming never counts
        ([f("R-1", Status.ERROR, C)], "watchlist"),  # error never counts as pass
        ([f("R-1", Status.ERROR, M)], "whitelist-ready"),
        (
            [f("R-1", Status.WARN, C), f("R-2", Status.NOT_APPLICABLE, C)],
            "whitelist-ready",
        ),
        ([], "whitelist-ready"),
    ],
)
def test_verdict(findings, expected) -> None:
    assert verdict(findings, reachable=True) == expected


def test_unreachable_wins_over_everything() -> None:
    assert verdict([f("R-1", Status.PASS)], reachable=False) == "unreachable"
    assert score([f("R-1", Status.PASS)], reachable=False) == 0


def test_one_failing_product_fails_the_rule() -> None:
    findings = [f("R-1", Status.PASS, C), f("R-1", Status.FAIL, C, subject="p2")]
    assert verdict(findings, reachable=True) == "high-risk"


def test_score_counts_rules_not_products() -> None:
    many = [f("R-1", Status.FAIL, C, subject=f"p{i}") for i in range(10)]
    assert score(many) == 100 - WEIGHTS[C]


def test_score_formula() -> None:
    findings = [
        f("R-1", Status.FAIL, C),  # -25
        f("R-2", Status.FAIL, H),  # -12
        f("R-3", Status.ERROR, C),  # -13
        f("R-4", Status.ERROR, H),  # -6
        f("R-5", Status.WARN, M),  # -1
        f("R-6", Status.WARN, INFO),  # 0
        f("R-7", Status.UPCOMING, C),  # 0
        f("R-8", Status.NOT_APPLICABLE, C),  # 0
        f("R-9", Status.FAIL, L),  # -2
        f("R-10", Status.FAIL, M),  # -5
    ]
    assert score(findings) == 100 - 25 - 12 - 13 - 6 - 1 - 2 - 5


def test_score_is_clamped_at_zero() -> None:
    assert score([f(f"R-{i}", Status.FAIL, C) for i in range(6)]) == 0
    assert score([]) == 100


def test_formula_text_is_available_to_reports() -> None:
    assert "critical 25, high 12, medium 5, low 2" in SCORE_FORMULA
    assert "per rule" in SCORE_FORMULA


def test_deductions_explain_the_score() -> None:
    findings = [
        f("R-1", Status.FAIL, C),
        f("R-1", Status.PASS, C, subject="p2"),
        f("R-2", Status.ERROR, H),
        f("R-3", Status.WARN, M),
        f("R-4", Status.WARN, INFO),
        f("R-5", Status.UPCOMING, C),
        f("R-6", Status.PASS, H),
    ]
    assert [(d.rule_id, d.status, d.points) for d in deductions(findings)] == [
        ("R-1", Status.FAIL, 25),
        ("R-2", Status.ERROR, 6),
        ("R-3", Status.WARN, 1),
    ]
    assert score(findings) == 100 - sum(d.points for d in deductions(findings))
