"""What ``greengate scan ... --frontier redis://... --store postgresql://...`` does.

It begins the run in the history store (so workers have a run to record
into), puts one job per supplier on the frontier, and waits until every job
is done or has failed for good. Then it reads the run back from the store,
removes the run's keys from the frontier (nothing else ever does) and hands
the run to the command line, which writes the same reports a local scan
writes. Stopped while waiting (Ctrl-C), it removes its run's jobs, so workers
drop whatever they have not started.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from crawler import __version__
from crawler.fleet.queue import Frontier, FrontierError, RunProgress
from crawler.fleet.results import screening_run
from reports.history import open_store
from reports.scoring import SCORE_FORMULA

if TYPE_CHECKING:
    from crawler.screening import ScreenOptions
    from crawler.suppliers import SupplierSpec
    from reports.model import ScreeningRun
    from rules.loader import Pack

__all__ = ["Distributed", "FailedSupplier", "distribute"]

ProgressReport = Callable[[RunProgress], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedSupplier:
    """A supplier no worker could screen within the allowed attempts."""

    supplier: SupplierSpec
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Distributed:
    """A finished distributed run: the report input and what failed.

    Attributes:
        run_id: the run's id in the history store.
        location: the store, for messages (no password).
        run: the recorded suppliers, in supplier-list order.
        failed: the suppliers that were not recorded, and why.
    """

    run_id: str
    location: str
    run: ScreeningRun
    failed: tuple[FailedSupplier, ...]


def distribute(
    frontier: Frontier,
    store: str,
    options: ScreenOptions,
    suppliers: Sequence[SupplierSpec],
    packs: Sequence[Pack],
    *,
    command: str = "",
    progress: ProgressReport | None = None,
    poll: float = 0.5,
) -> Distributed:
    """Have the workers screen ``suppliers``; return the recorded run.

    Args:
        frontier: where the jobs go.
        store: the history store the workers record into.
        options: the screening options every worker uses.
        suppliers: the suppliers, in report order.
        packs: the rule packs ``options`` select (for the report).
        command: the command line, recorded with the run (no secrets).
        progress: called after each look at the frontier.
        poll: seconds between looks.

    Raises:
        FrontierError: the frontier failed, or a recorded supplier is missing.
        HistoryError: the store failed.
    """
    with open_store(store) as history:
        run_id = history.begin_run(
            generated_at=datetime.now(UTC),
            as_of=options.as_of,
            tool_version=__version__,
            score_formula=SCORE_FORMULA,
            packs=[f"{p.id}@{p.version}" for p in packs],
            command=command,
        )
        location = history.location
    try:
        frontier.enqueue(run_id, options, suppliers)
        state = wait(frontier, run_id, len(suppliers), progress, poll)
        with open_store(store) as history:
            stored = history.load_run(run_id)
    finally:
        frontier.forget(run_id, len(suppliers))
    recorded = {i.record.position for i in stored.inspections}
    if recorded != state.done:
        missing = sorted(state.done - recorded)
        raise FrontierError(f"run {run_id}: done but not recorded: {missing}")
    return Distributed(
        run_id=run_id,
        location=location,
        run=screening_run(stored, packs),
        failed=tuple(
            FailedSupplier(supplier=suppliers[n], reason=why) for n, why in state.failed
        ),
    )


def wait(
    frontier: Frontier,
    run_id: str,
    total: int,
    progress: ProgressReport | None = None,
    poll: float = 0.5,
) -> RunProgress:
    """Wait until each of the run's jobs is done or has failed for good."""
    while True:
        state = frontier.progress(run_id, total)
        if progress is not None:
            progress(state)
        if state.finished:
            return state
        time.sleep(poll)
