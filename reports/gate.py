"""The CI gate behind ``--fail-on SEVERITY``: which findings fail a build.

A finding fails the gate when its status is ``fail``, its severity is the
threshold or above (critical > high > medium > low > info) and no suppression
in force covers it. ``warn``, ``error`` and ``upcoming`` findings never fail
the gate (``error`` already makes a critical or high rule put the supplier on
the watchlist; the gate is about failures the page can fix).
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.model import ScreeningRun
from rules.model import Finding, Severity, Status

__all__ = ["GateFailure", "gate_failures"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GateFailure:
    """A finding that fails the gate, with the supplier it belongs to."""

    supplier_id: str
    supplier_name: str
    finding: Finding


def gate_failures(run: ScreeningRun, threshold: Severity) -> list[GateFailure]:
    """Return the unsuppressed failing findings at ``threshold`` or above."""
    suppressed = run.suppressions.index() if run.suppressions is not None else {}
    return [
        GateFailure(
            supplier_id=result.site.supplier_id,
            supplier_name=result.site.name,
            finding=finding,
        )
        for result in run.suppliers
        for finding in result.findings
        if finding.status is Status.FAIL
        and finding.severity.rank >= threshold.rank
        and (result.site.supplier_id, finding) not in suppressed
    ]
