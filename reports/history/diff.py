"""What changed between two recorded runs: verdicts, findings, values, expiries.

A finding is identified by its rule id, subject and status. Between run A and
run B:

- a *new failure* is a ``fail``, ``warn`` or ``error`` finding of B whose
  identity is not in A;
- a *fixed* finding is a rule and subject that failed in A and is ``pass`` or
  ``not-applicable`` in B;
- a credential or certification *expired* when its ``valid_until`` falls on or
  after A's inspection date and before B's.

Only suppliers inspected in both runs are compared finding by finding; the
others are listed as added or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from reports.history.records import RunRecord, StoredInspection, StoredRun
from reports.history.values import ValueChange, compare_disclosures
from reports.model import Verdict
from reports.scoring import STATUS_PRECEDENCE
from rules.model import Finding, Status

__all__ = [
    "ExpiredCredential",
    "FindingChange",
    "RunDiff",
    "SupplierRef",
    "ValueChange",
    "VerdictChange",
    "diff",
]

_FAILING = frozenset({Status.FAIL, Status.WARN, Status.ERROR})
_FIXED = frozenset({Status.PASS, Status.NOT_APPLICABLE})


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplierRef:
    """A supplier inspected in only one of the two runs."""

    supplier_key: str
    name: str
    verdict: Verdict
    score: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VerdictChange:
    """A supplier whose verdict or score changed between the runs."""

    supplier_key: str
    name: str
    verdict_before: Verdict
    verdict_after: Verdict
    score_before: int
    score_after: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingChange:
    """A finding that newly fails, or a failure that was fixed.

    Attributes:
        status_before: the rule's status on the subject in run A (``None``
            when A had no finding for it).
        status_after: its status in run B (``None`` when B has none).
        message: B's message for a new failure, A's for a fixed one (what
            was wrong).
    """

    supplier_key: str
    name: str
    rule_id: str
    subject: str
    severity: str
    status_before: str | None
    status_after: str | None
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpiredCredential:
    """A certification or credential whose validity ended between the runs.

    Attributes:
        subject: the product key, or ``organisation``.
        kind: ``certification`` or ``credential`` (the VC behind one).
        label: its name, reference number or URL.
    """

    supplier_key: str
    name: str
    subject: str
    kind: str
    label: str
    reference_number: str | None
    valid_until: date


@dataclass(frozen=True, slots=True, kw_only=True)
class RunDiff:
    """Everything that differs between run A (earlier) and run B (later)."""

    run_a: RunRecord
    run_b: RunRecord
    verdict_changes: tuple[VerdictChange, ...]
    added: tuple[SupplierRef, ...]
    removed: tuple[SupplierRef, ...]
    new_findings: tuple[FindingChange, ...]
    fixed_findings: tuple[FindingChange, ...]
    value_changes: tuple[ValueChange, ...]
    expired: tuple[ExpiredCredential, ...]
    unchanged: int
    """Suppliers in both runs with the same disclosure, verdict and score."""

    @property
    def empty(self) -> bool:
        """Return whether nothing at all changed."""
        return not (
            self.verdict_changes
            or self.added
            or self.removed
            or self.new_findings
            or self.fixed_findings
            or self.value_changes
            or self.expired
        )


def diff(run_a: StoredRun, run_b: StoredRun) -> RunDiff:
    """Return what changed from ``run_a`` to ``run_b``."""
    before, after = run_a.by_supplier(), run_b.by_supplier()
    common = [key for key in after if key in before]
    pairs = [(before[key], after[key]) for key in common]
    verdicts = [c for a, b in pairs if (c := _verdict_change(a, b)) is not None]
    return RunDiff(
        run_a=run_a.run,
        run_b=run_b.run,
        verdict_changes=tuple(verdicts),
        added=tuple(_ref(after[k]) for k in after if k not in before),
        removed=tuple(_ref(before[k]) for k in before if k not in after),
        new_findings=tuple(c for a, b in pairs for c in _new_failures(a, b)),
        fixed_findings=tuple(c for a, b in pairs for c in _fixed(a, b)),
        value_changes=tuple(
            change
            for a, b in pairs
            if a.record.content_hash != b.record.content_hash
            for change in compare_disclosures(
                b.record.supplier_key, b.record.name, a.disclosure, b.disclosure
            )
        ),
        expired=tuple(_expired(run_a, run_b)),
        unchanged=sum(
            1
            for a, b in pairs
            if a.record.content_hash == b.record.content_hash
            and _verdict_change(a, b) is None
        ),
    )


def _ref(inspection: StoredInspection) -> SupplierRef:
    record = inspection.record
    return SupplierRef(
        supplier_key=record.supplier_key,
        name=record.name,
        verdict=record.verdict,
        score=record.score,
    )


def _verdict_change(a: StoredInspection, b: StoredInspection) -> VerdictChange | None:
    ra, rb = a.record, b.record
    if ra.verdict == rb.verdict and ra.score == rb.score:
        return None
    return VerdictChange(
        supplier_key=rb.supplier_key,
        name=rb.name,
        verdict_before=ra.verdict,
        verdict_after=rb.verdict,
        score_before=ra.score,
        score_after=rb.score,
    )


def _statuses(findings: Iterable[Finding]) -> dict[tuple[str, str], set[Status]]:
    found: dict[tuple[str, str], set[Status]] = {}
    for f in findings:
        found.setdefault((f.rule_id, f.subject), set()).add(f.status)
    return found


def _new_failures(a: StoredInspection, b: StoredInspection) -> Iterator[FindingChange]:
    earlier = _statuses(a.findings)
    seen: set[tuple[str, str, Status]] = set()
    for f in b.findings:
        identity = (f.rule_id, f.subject, f.status)
        was = earlier.get((f.rule_id, f.subject), set())
        if f.status not in _FAILING or f.status in was or identity in seen:
            continue
        seen.add(identity)
        yield _change(b, f, _worst(was), f.status.value, f.message)


def _fixed(a: StoredInspection, b: StoredInspection) -> Iterator[FindingChange]:
    later = _statuses(b.findings)
    seen: set[tuple[str, str]] = set()
    for f in a.findings:
        now = later.get((f.rule_id, f.subject), set())
        key = (f.rule_id, f.subject)
        if f.status != Status.FAIL or not now or not now <= _FIXED or key in seen:
            continue
        seen.add(key)
        yield _change(b, f, Status.FAIL.value, _worst(now), f.message)


def _worst(statuses: set[Status]) -> str | None:
    if not statuses:
        return None
    return min(statuses, key=STATUS_PRECEDENCE.index).value


def _change(
    b: StoredInspection, f: Finding, before: str | None, after: str | None, msg: str
) -> FindingChange:
    return FindingChange(
        supplier_key=b.record.supplier_key,
        name=b.record.name,
        rule_id=f.rule_id,
        subject=f.subject,
        severity=f.severity.value,
        status_before=before,
        status_after=after,
        message=msg,
    )


def _expired(run_a: StoredRun, run_b: StoredRun) -> Iterator[ExpiredCredential]:
    start, end = run_a.run.as_of, run_b.run.as_of
    seen: set[tuple[str, str, str, str, date]] = set()
    for run in (run_b, run_a):
        for inspection in run.inspections:
            record = inspection.record
            for subject, kind, label, ref, until in _validities(inspection.disclosure):
                identity = (record.supplier_key, subject, kind, label, until)
                if not start <= until < end or identity in seen:
                    continue
                seen.add(identity)
                yield ExpiredCredential(
                    supplier_key=record.supplier_key,
                    name=record.name,
                    subject=subject,
                    kind=kind,
                    label=label,
                    reference_number=ref,
                    valid_until=until,
                )


_Validity = tuple[str, str, str, str | None, date]


def _validities(disclosure: Mapping[str, Any]) -> Iterator[_Validity]:
    for product in disclosure.get("products") or ():
        for cert in product.get("certifications") or ():
            yield from _certification(str(product.get("key")), cert)
    for cert in disclosure.get("organisation_certifications") or ():
        yield from _certification("organisation", cert)


def _certification(subject: str, cert: Mapping[str, Any]) -> Iterator[_Validity]:
    ref = cert.get("reference_number")
    label = str(cert.get("name") or ref or cert.get("standard") or "certification")
    until = _date(cert.get("valid_until"))
    if until is not None:
        yield subject, "certification", label, ref, until
    credential = cert.get("credential")
    if isinstance(credential, Mapping):
        until = _date(credential.get("valid_until"))
        if until is not None:
            yield subject, "credential", str(credential.get("url") or label), ref, until


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
