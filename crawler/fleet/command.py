"""Command-line options of distributed scans: ``greengate worker``, ``scan --frontier``.

Exit status of ``greengate worker``: 0 with ``--exit-when-idle``, once the
work it has seen is finished; 2 the command line is wrong, or the frontier or
the store cannot be reached at start; 4 the frontier failed while working (a
store that fails later fails the batch, which goes back to the queue); 130
stopped (SIGTERM, Ctrl-C: the batch in hand goes back to the queue at once).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from crawler.argtypes import (
    add_processes_option,
    positive,
    positive_seconds,
    processes,
)
from crawler.exitcodes import EXIT_INTERNAL, EXIT_USAGE
from crawler.fleet.jobs import DEFAULT_QUEUE
from crawler.fleet.queue import DEFAULT_ATTEMPTS, FrontierError, RunProgress
from reports.history import ENV_VAR, HistoryError, open_store
from reports.history.location import is_url

if TYPE_CHECKING:
    from collections.abc import Sequence

    from crawler.fleet.coordinator import Distributed
    from crawler.screening import ScreenOptions
    from crawler.suppliers import SupplierSpec
    from rules.loader import Pack

__all__ = ["add_scan_options", "add_worker_command", "distribute_scan", "store_url"]

_FRONTIER_HELP = (
    "Redis frontier shared with `greengate worker` processes: redis://HOST:PORT/DB"
)
_QUEUE_HELP = f"prefix of the frontier's Redis keys (default {DEFAULT_QUEUE})"


class DistributedUsageError(ValueError):
    """``--frontier`` and ``--store`` do not fit together; the message says why."""


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--frontier`` and ``--queue`` to ``scan``."""
    parser.add_argument(
        "--frontier",
        metavar="redis://HOST:PORT/DB",
        help=_FRONTIER_HELP + "; needs --store postgresql://... (see `worker`)",
    )
    parser.add_argument(
        "--queue", default=DEFAULT_QUEUE, metavar="NAME", help=_QUEUE_HELP
    )


def add_worker_command(commands: Any) -> None:
    """Add the ``worker`` subcommand to the ``greengate`` subparsers."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "worker",
        help="screen suppliers that `scan --frontier` puts on a Redis frontier",
        description="Claim suppliers from the frontier, screen each claimed batch"
        " in a child process, record every result in the PostgreSQL history store"
        " and acknowledge it. Workers can be added or killed at any time: a killed"
        " worker's suppliers go back to the queue when its lease expires, and a"
        f" supplier that fails {DEFAULT_ATTEMPTS} times is reported as failed.",
    )
    parser.add_argument(
        "--frontier",
        required=True,
        metavar="redis://HOST:PORT/DB",
        help="the Redis server `scan --frontier` puts suppliers on"
        " (rediss:// for TLS, unix:// for a socket)",
    )
    parser.add_argument(
        "--store",
        metavar="postgresql://...",
        help=f"the history store results are recorded in (default ${ENV_VAR})",
    )
    parser.add_argument(
        "--queue", default=DEFAULT_QUEUE, metavar="NAME", help=_QUEUE_HELP
    )
    parser.add_argument(
        "--batch",
        type=positive,
        default=4,
        metavar="N",
        help="suppliers claimed and screened together, in one child (default 4)",
    )
    parser.add_argument(
        "--lease",
        type=positive_seconds,
        default=60.0,
        metavar="SECONDS",
        help="how long a claim lasts unless renewed; renewed every third of it"
        " while screening, so a killed worker's suppliers wait at most this long"
        " (default 60)",
    )
    parser.add_argument(
        "--exit-when-idle",
        action="store_true",
        help="exit 0 once the work seen on the frontier is finished: no supplier"
        " pending or being screened, no scan waiting (a worker started before any"
        " scan waits for one first)",
    )
    add_processes_option(parser)
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.set_defaults(run=run_worker)


def store_url(store: str | None) -> str:
    """Return the PostgreSQL URL of a distributed scan (``--store``, else env).

    Raises:
        DistributedUsageError: no store given, or not a PostgreSQL URL.
    """
    spec = (store or os.environ.get(ENV_VAR) or "").strip()
    if not spec:
        raise DistributedUsageError(
            f"--frontier needs --store postgresql://... (or ${ENV_VAR}):"
            " the workers record every supplier there"
        )
    if not is_url(spec) or spec.partition("://")[0].lower() not in (
        "postgresql",
        "postgres",
    ):
        raise DistributedUsageError(
            "--frontier needs a postgresql:// URL for --store (workers on other"
            " machines record into it), not a file"
        )
    return spec


def run_worker(args: argparse.Namespace) -> int:
    """Run ``greengate worker``; return its exit status."""
    from crawler.fleet.queue import Frontier
    from crawler.fleet.worker import Worker, WorkerOptions

    try:
        store = store_url(args.store)
        open_store(store).close()  # refuse a wrong store before claiming anything
        frontier = Frontier(args.frontier, args.queue)
    except (DistributedUsageError, FrontierError, HistoryError) as exc:
        print(f"greengate worker: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = WorkerOptions(
        frontier=args.frontier,
        store=store,
        queue=args.queue,
        batch=args.batch,
        lease=args.lease,
        exit_when_idle=args.exit_when_idle,
        processes=processes(args),
        quiet=args.quiet,
    )
    with frontier:
        worker = Worker(options, frontier)
        worker.handle_signals()
        try:
            return worker.run()
        except FrontierError as exc:
            print(f"greengate worker: {exc}", file=sys.stderr)
            return EXIT_INTERNAL


def distribute_scan(
    args: argparse.Namespace,
    suppliers: Sequence[SupplierSpec],
    options: ScreenOptions,
    packs: Sequence[Pack],
    command: str,
) -> Distributed | None:
    """Run a distributed scan from the command line; print progress and failures.

    Returns:
        The finished run, or ``None`` when the scan was stopped (Ctrl-C,
        SIGTERM) while waiting: its suppliers are taken off the frontier, and
        those recorded so far stay in the store as an incomplete run.

    Raises:
        DistributedUsageError: the store or the frontier cannot be used.
        HistoryError: the store failed.
    """
    from crawler.fleet.coordinator import distribute
    from crawler.fleet.queue import Frontier

    store = store_url(args.store)
    open_store(store).close()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with Frontier(args.frontier, args.queue) as frontier:
            report = None if args.quiet else _Progress(len(suppliers))
            outcome = distribute(
                frontier,
                store,
                options,
                suppliers,
                packs,
                command=command,
                progress=report,
            )
    except FrontierError as exc:
        raise DistributedUsageError(str(exc)) from None
    except KeyboardInterrupt:
        print(
            "greengate: distributed scan stopped: its suppliers were taken off the"
            " frontier and no report was written; those recorded so far stay in"
            " the history as an incomplete run",
            file=sys.stderr,
        )
        return None
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"Recorded run {outcome.run_id} in {outcome.location}", file=sys.stderr)
    for failed in outcome.failed:
        print(
            f"greengate: {failed.supplier.name} ({failed.supplier.url}) was not"
            f" screened: it failed {DEFAULT_ATTEMPTS} times; last: {failed.reason}",
            file=sys.stderr,
        )
    return outcome


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Progress:
    """Print ``N/M suppliers recorded`` on stderr whenever it changes."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.last: tuple[int, int] | None = None

    def __call__(self, state: RunProgress) -> None:
        now = (len(state.done), len(state.failed))
        if now == self.last:
            return
        self.last = now
        failed = f", {now[1]} failed" if now[1] else ""
        print(
            f"{now[0]}/{self.total} suppliers recorded{failed}",
            file=sys.stderr,
            flush=True,
        )
