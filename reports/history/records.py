"""What the history store gives back: typed records of runs and inspections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reports.model import Verdict
from rules.model import Finding

__all__ = ["InspectionRecord", "RunRecord", "StoredInspection", "StoredRun"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRecord:
    """One recorded screening run.

    Attributes:
        run_id: the run's id, e.g. ``20270301T101512Z-3f9a1b2c`` (sortable).
        seq: the order in which runs were recorded (1, 2, ...): ``latest`` is
            the highest, whatever the runs' inspection dates.
        generated_at: when the screening produced the run.
        recorded_at: when the run was written to the store.
        as_of: the inspection date the rules were evaluated on.
        tool_version: the greengate version that screened.
        packs: the rule packs used, as ``id@version``.
        command: the command line that produced the run (secrets removed).
        suppliers: how many suppliers the run screened.
    """

    run_id: str
    seq: int
    generated_at: datetime
    recorded_at: datetime
    as_of: date
    tool_version: str
    packs: tuple[str, ...]
    command: str
    suppliers: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class InspectionRecord:
    """One supplier's inspection in one run, without its findings.

    Attributes:
        run_id: the run it belongs to.
        seq: that run's recording order.
        as_of: that run's inspection date.
        position: the supplier's place in the run (0-based).
        supplier_key: the normalised start URL (see :func:`supplier_key`).
        supplier_id: the id the crawl gave the supplier.
        name: the supplier's name.
        start_url: the URL the crawl started from.
        verdict: the supplier's verdict.
        score: its score (0-100).
        content_hash: SHA-256 of the disclosure's canonical JSON.
        fails: how many findings failed.
        warns: how many findings warned.
        errors: how many findings were errors.
    """

    run_id: str
    seq: int
    as_of: date
    position: int
    supplier_key: str
    supplier_id: str
    name: str
    start_url: str
    verdict: Verdict
    score: int
    content_hash: str
    fails: int = 0
    warns: int = 0
    errors: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredInspection:
    """An inspection with everything recorded: findings and disclosure JSON."""

    record: InspectionRecord
    findings: tuple[Finding, ...]
    disclosure: Mapping[str, Any] = field(hash=False, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRun:
    """A recorded run and every supplier inspection in it."""

    run: RunRecord
    inspections: tuple[StoredInspection, ...]

    def by_supplier(self) -> dict[str, StoredInspection]:
        """Return the inspections keyed by supplier key (first one wins)."""
        found: dict[str, StoredInspection] = {}
        for inspection in self.inspections:
            found.setdefault(inspection.record.supplier_key, inspection)
        return found
