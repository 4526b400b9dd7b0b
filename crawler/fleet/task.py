"""The child process that screens one claimed batch: ``python -m crawler.fleet.task``.

A worker starts one per batch, because Twisted's reactor cannot be started
twice in one process. The batch (:class:`~crawler.fleet.jobs.TaskInput`, as
JSON) comes on standard input. The worker has Linux kill the child when the
worker dies (``PR_SET_PDEATHSIG``, set between fork and exec); the child then
checks that its parent is still the worker (it may have died before that),
screens the batch's suppliers with :class:`~crawler.screening.Screener`, then
for each supplier records its result at its position in the store (one
transaction) and acknowledges the job on the frontier. Should an orphan still
finish, the store keeps the first record of a ``(run, position)`` and ignores
the rest, so nothing is doubled.

Exit status: 0 every supplier of the batch recorded; 1 otherwise (the reason
is the last line on stderr, which the worker reports).
"""

from __future__ import annotations

import json
import os
import sys

from crawler.codec import decode
from crawler.fleet.jobs import TaskInput
from crawler.fleet.queue import Frontier
from crawler.screening import Screener
from reports.history import open_store

__all__ = ["main", "run_task"]


def run_task(task: TaskInput) -> int:
    """Screen the batch, record and acknowledge each supplier; return how many."""
    screener = Screener(task.options)
    run = screener.screen_sites([job.supplier for job in task.jobs])
    recorded = 0
    with Frontier(task.frontier, task.queue) as frontier, open_store(task.store) as db:
        for job, result in zip(task.jobs, run.suppliers, strict=True):
            fresh = db.record_inspection(job.run_id, job.position, result)
            frontier.ack(job, task.token)
            recorded += 1
            state = "recorded" if fresh else "already recorded, kept the first"
            print(
                f"greengate worker: {job.supplier.name} ({job.supplier.url}):"
                f" {result.verdict}, {state}",
                file=sys.stderr,
                flush=True,
            )
    return recorded


def main() -> int:
    """Read the batch from standard input and screen it."""
    task = decode(TaskInput, json.load(sys.stdin))
    if os.getppid() != task.parent_pid:  # the worker died before prctl took hold
        return 1
    try:
        run_task(task)
    except Exception as exc:  # the worker reports the last stderr line
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
