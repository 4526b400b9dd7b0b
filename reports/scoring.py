"""A supplier's verdict and score from its findings (REQUIREMENTS 3): pure functions.

A rule's status for the supplier is the worst of its findings, in the order
fail, error, warn, pass, upcoming, not-applicable (:func:`supplier_status`).

Verdict, over the rules in force on the inspection date (``upcoming`` never
counts):

- ``unreachable``: nothing could be fetched;
- ``high-risk``: a critical rule fails;
- ``watchlist``: no critical fails, but a high rule fails, or a critical or
  high rule is ``error`` (evidence that could not be examined never counts as
  a pass);
- ``whitelist-ready``: otherwise (medium and below are improvements).

Score (0-100), per rule, not per product, so a site with many products is not
punished more for one missing practice::

    score = 100
          - sum over failing rules of  weight(severity)
          - sum over error rules of    ceil(weight(severity) / 2)
          - sum over warning rules of  1   (info rules: 0)
    weight: critical 25, high 12, medium 5, low 2, info 0
    clamped to 0..100; an unreachable site scores 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reports.model import Verdict
from rules.model import Finding, Severity, Status

__all__ = [
    "ERROR_WEIGHTS",
    "SCORE_FORMULA",
    "WARN_PENALTY",
    "WEIGHTS",
    "Deduction",
    "Verdict",
    "deductions",
    "score",
    "supplier_status",
    "verdict",
]

WEIGHTS: dict[Severity, int] = {
    Severity.CRITICAL: 25,
    Severity.HIGH: 12,
    Severity.MEDIUM: 5,
    Severity.LOW: 2,
    Severity.INFO: 0,
}
"""Points a failing rule costs."""

ERROR_WEIGHTS: dict[Severity, int] = {s: (w + 1) // 2 for s, w in WEIGHTS.items()}
"""Points a rule in error costs: half its weight, rounded up (evidence missing)."""

WARN_PENALTY = 1
"""Points a warning costs (rules of severity low and above)."""

SCORE_FORMULA = (
    "score = 100 - Σ failing rules weight(severity)"
    " - Σ rules in error ⌈weight/2⌉ - Σ warning rules 1 (info: 0),"
    " per rule not per product, clamped to 0..100;"
    " weight: critical 25, high 12, medium 5, low 2, info 0;"
    " upcoming and not-applicable rules do not count; an unreachable site scores 0."
)
"""The formula as text, for reports to show next to the score."""

VERDICT_ORDER = {"high-risk": 0, "unreachable": 1, "watchlist": 2, "whitelist-ready": 3}
"""Riskiest first: the order of the watchlist in every report."""

STATUS_PRECEDENCE = (
    Status.FAIL,
    Status.ERROR,
    Status.WARN,
    Status.PASS,
    Status.UPCOMING,
    Status.NOT_APPLICABLE,
)


def supplier_status(findings: Iterable[Finding]) -> dict[str, Status]:
    """Return each rule's status for the supplier: the worst of its findings.

    A rule that fails on any product fails; one that errors anywhere (and
    fails nowhere) is ``error``; and so on down to ``not-applicable``, which
    a rule keeps only when it applies to nothing.
    """
    result: dict[str, Status] = {}
    for finding in findings:
        known = result.get(finding.rule_id)
        rank = STATUS_PRECEDENCE.index
        if known is None or rank(finding.status) < rank(known):
            result[finding.rule_id] = finding.status
    return result


def verdict(findings: Iterable[Finding], reachable: bool) -> Verdict:
    """Return the supplier's verdict (see the module docstring for the rules)."""
    if not reachable:
        return "unreachable"
    findings = tuple(findings)
    severity = _severities(findings)
    by_status: dict[Status, set[Severity]] = {}
    for rule_id, status in supplier_status(findings).items():
        by_status.setdefault(status, set()).add(severity[rule_id])
    if Severity.CRITICAL in by_status.get(Status.FAIL, set()):
        return "high-risk"
    if Severity.HIGH in by_status.get(Status.FAIL, set()):
        return "watchlist"
    if by_status.get(Status.ERROR, set()) & {Severity.CRITICAL, Severity.HIGH}:
        return "watchlist"
    return "whitelist-ready"


def score(findings: Iterable[Finding], *, reachable: bool = True) -> int:
    """Return the supplier's score from 0 to 100 (formula: :data:`SCORE_FORMULA`)."""
    if not reachable:
        return 0
    return max(0, min(100, 100 - sum(d.points for d in deductions(findings))))


@dataclass(frozen=True, slots=True, kw_only=True)
class Deduction:
    """Points one rule costs a supplier's score, and why."""

    rule_id: str
    status: Status
    severity: Severity
    points: int


def deductions(findings: Iterable[Finding]) -> list[Deduction]:
    """Return what each rule costs the score, in rule-ID order (zero costs left out).

    ``100 - sum(points)``, clamped to 0..100, is :func:`score` for a reachable
    site; reports show the list next to the formula.
    """
    findings = tuple(findings)
    severity = _severities(findings)
    result = []
    for rule_id, status in sorted(supplier_status(findings).items()):
        weight = severity[rule_id]
        points = 0
        if status is Status.FAIL:
            points = WEIGHTS[weight]
        elif status is Status.ERROR:
            points = ERROR_WEIGHTS[weight]
        elif status is Status.WARN and weight is not Severity.INFO:
            points = WARN_PENALTY
        if points:
            result.append(
                Deduction(
                    rule_id=rule_id, status=status, severity=weight, points=points
                )
            )
    return result


def _severities(findings: Iterable[Finding]) -> dict[str, Severity]:
    """Return each rule's severity (the highest, should findings disagree)."""
    result: dict[str, Severity] = {}
    for finding in findings:
        known = result.get(finding.rule_id)
        if known is None or finding.severity.rank > known.rank:
            result[finding.rule_id] = finding.severity
    return result
