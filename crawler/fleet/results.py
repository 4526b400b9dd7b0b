"""Turn a run read back from the history store into report input.

The store keeps each supplier's disclosure as the JSON projection of its
:class:`~rules.disclosure.SiteDisclosure` (:func:`rules.schema_eval.project`),
which :func:`crawler.codec.decode` turns back into the very same value (the
extra ``hs_codes`` key ``project`` writes on products is a derived property,
and ignored); findings, verdict and score come from their own columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from crawler import screening
from crawler.codec import decode
from reports.model import ScreeningRun, SupplierResult
from rules.disclosure import SiteDisclosure

if TYPE_CHECKING:
    from reports.history import StoredInspection, StoredRun
    from rules.loader import Pack

__all__ = ["screening_run", "supplier_result"]


def supplier_result(inspection: StoredInspection) -> SupplierResult:
    """Return the result a screening gave, as recorded in the store."""
    return SupplierResult(
        site=decode(SiteDisclosure, dict(inspection.disclosure)),
        findings=inspection.findings,
        verdict=inspection.record.verdict,
        score=inspection.record.score,
    )


def screening_run(stored: StoredRun, packs: Sequence[Pack]) -> ScreeningRun:
    """Return the run as report input, its suppliers in recorded order."""
    return screening.screening_run(
        [supplier_result(i) for i in stored.inspections],
        packs,
        generated_at=stored.run.generated_at,
        as_of=stored.run.as_of,
        tool_version=stored.run.tool_version,
    )
