"""The ``greengate worker`` loop: claim a batch, screen it in a child, repeat.

While a child screens a batch, the worker renews the batch's leases three
times per lease period. The child records and acknowledges each supplier
itself; whatever it leaves unacknowledged (it failed, or crashed) the worker
gives back to the frontier with the reason, to be retried by any worker.
Stopped (SIGTERM, SIGINT), the worker kills its child and gives the batch
back at once, without counting the attempt. Killed outright, it leaves its
leases to expire: the next claim by any worker puts them back in the queue.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import IO

from crawler.codec import encode
from crawler.exitcodes import EXIT_INTERRUPTED
from crawler.fleet.jobs import DEFAULT_QUEUE, Job, TaskInput
from crawler.fleet.queue import Frontier, RunOptionsError
from crawler.orphans import die_with_parent

__all__ = ["Worker", "WorkerOptions"]

_TICK = 0.2  # seconds between looks at the child and the stop signal
_REASON_CHARS = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerOptions:
    """What ``greengate worker`` was told.

    Attributes:
        frontier: the Redis URL of the frontier.
        store: the history store (a ``postgresql://`` URL) results go to.
        queue: the frontier's key prefix.
        batch: suppliers claimed (and screened in one child) at a time.
        lease: seconds a claim lasts unless renewed.
        exit_when_idle: stop once the work seen on the frontier is finished:
            no job pending, no lease held, no scan waiting.
        processes: the page pool's size in each child (this machine's, not
            the scan's: the run's own ``processes`` is replaced).
        quiet: print nothing but errors.
        poll: seconds between claims while the frontier is empty.
    """

    frontier: str
    store: str
    queue: str = DEFAULT_QUEUE
    batch: int = 4
    lease: float = 60.0
    exit_when_idle: bool = False
    processes: int = 0
    quiet: bool = False
    poll: float = 1.0


class Worker:
    """Claims batches from a frontier until stopped (or idle, if asked)."""

    def __init__(self, options: WorkerOptions, frontier: Frontier) -> None:
        self.options = options
        self.frontier = frontier
        self.stop = threading.Event()
        self.token = f"{os.uname().nodename}:{os.getpid()}:{secrets.token_hex(4)}"
        self._seen_work = False

    def handle_signals(self) -> None:
        """Stop gracefully on SIGTERM and SIGINT (main thread only)."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stop.set())

    def run(self) -> int:
        """Work until stopped (exit status 130) or idle with ``exit_when_idle`` (0)."""
        self._say(f"worker {self.token} on {self.frontier.location}")
        while not self.stop.is_set():
            claimed = self.frontier.claim(
                self.token, self.options.batch, self.options.lease
            )
            self._seen_work = self._seen_work or bool(claimed)
            if not claimed:
                if self.options.exit_when_idle and self._done():
                    return 0
                self.stop.wait(self.options.poll)
                continue
            by_run = sorted(claimed, key=lambda job: job.run_id)
            for run_id, jobs in groupby(by_run, key=lambda job: job.run_id):
                self._screen(run_id, tuple(jobs))
        return EXIT_INTERRUPTED

    def _done(self) -> bool:
        """Tell whether the work this worker has seen come is all finished.

        A worker started before any scan waits for one: it is not done
        until it has seen work on the frontier, then seen it finished.
        """
        idle = self.frontier.idle()
        self._seen_work = self._seen_work or not idle
        return idle and self._seen_work

    def _screen(self, run_id: str, jobs: tuple[Job, ...]) -> None:
        keys = [job.key for job in jobs]
        try:
            options = self.frontier.options(run_id)
        except RunOptionsError as exc:
            self._say(f"run {run_id}: {exc}")
            self.frontier.release(self.token, keys, str(exc))
            return
        if self.stop.is_set() or options is None:
            self.frontier.release(self.token, keys, "" if options else "run is gone")
            return
        names = ", ".join(job.supplier.name for job in jobs)
        self._say(f"screening {names} (run {run_id})")
        task = TaskInput(
            frontier=self.options.frontier,
            queue=self.options.queue,
            store=self.options.store,
            token=self.token,
            parent_pid=os.getpid(),
            options=replace(options, processes=self.options.processes),
            jobs=jobs,
        )
        with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
            status = self._run_child(task, keys, log)
            log.seek(0)
            output = log.read()
        if not self.options.quiet and output:
            print(output, end="", file=sys.stderr, flush=True)
        if status is None:  # stopped: give the batch back, the attempt not counted
            self.frontier.release(self.token, keys)
            return
        reason = _last_line(output) or f"the screening exited with status {status}"
        left = self.frontier.release(self.token, keys, f"{names}: {reason}")
        if left:
            self._say(f"{left} supplier(s) not recorded, back in the queue: {reason}")

    def _run_child(
        self, task: TaskInput, keys: Sequence[str], log: IO[str]
    ) -> int | None:
        """Run the batch's child to its end; ``None`` if the worker was stopped."""
        child = subprocess.Popen(
            [sys.executable, "-m", "crawler.fleet.task"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
            start_new_session=True,  # a Ctrl-C on the terminal is the worker's
            # Between fork and exec, before the child's slow imports: a worker
            # killed while its child starts must not leave it running. (The
            # worker has no threads, which preexec_fn would make unsafe.)
            preexec_fn=die_with_parent,
        )
        try:
            assert child.stdin is not None
            # A child that exits at once closes the pipe: its status says why.
            with contextlib.suppress(BrokenPipeError), child.stdin:
                child.stdin.write(json.dumps(encode(task)))
            for _ in self._heartbeats(keys):
                if child.poll() is not None:
                    return child.returncode
                if self.stop.is_set():
                    return None
        finally:  # stopped, or the frontier failed while renewing
            if child.poll() is None:
                child.kill()
                child.wait()
        raise AssertionError("unreachable")  # pragma: no cover

    def _heartbeats(self, keys: Sequence[str]) -> Iterator[None]:
        """Tick forever, renewing the leases three times per lease period."""
        period = self.options.lease / 3
        due = time.monotonic() + period
        while True:
            yield
            self.stop.wait(_TICK)
            if time.monotonic() >= due:
                self.frontier.renew(self.token, keys, self.options.lease)
                due = time.monotonic() + period

    def _say(self, message: str) -> None:
        if not self.options.quiet:
            print(f"greengate worker: {message}", file=sys.stderr, flush=True)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:_REASON_CHARS] if lines else ""
