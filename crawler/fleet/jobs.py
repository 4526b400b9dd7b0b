"""What flows between the coordinator, the frontier, workers and their tasks."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.screening import ScreenOptions
from crawler.suppliers import SupplierSpec

__all__ = ["DEFAULT_QUEUE", "Job", "TaskInput"]

DEFAULT_QUEUE = "greengate"
"""The default prefix of the frontier's Redis keys (``--queue NAME``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One supplier to screen, at its place in a run.

    Attributes:
        run_id: the run in the history store the result belongs to.
        position: the supplier's place in that run (0-based).
        supplier: the supplier to screen.
    """

    run_id: str
    position: int
    supplier: SupplierSpec

    @property
    def key(self) -> str:
        """Return the job's key on the frontier: ``RUN_ID#POSITION``."""
        return job_key(self.run_id, self.position)


def job_key(run_id: str, position: int) -> str:
    """Return the frontier key of the job at ``position`` of run ``run_id``."""
    return f"{run_id}#{position}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskInput:
    """What a worker hands the child process that screens one claimed batch.

    Sent on the child's standard input (never on its command line, where
    other users could read the URLs' passwords).

    Attributes:
        frontier: the Redis URL of the frontier.
        queue: the frontier's key prefix.
        store: the history store's URL.
        token: the worker's token (its leases are held under it).
        parent_pid: the worker's process id: a child whose parent is already
            gone when it starts exits at once.
        options: the run's screening options.
        jobs: the claimed jobs, all of one run.
    """

    frontier: str
    queue: str
    store: str
    token: str
    parent_pid: int
    options: ScreenOptions
    jobs: tuple[Job, ...]
