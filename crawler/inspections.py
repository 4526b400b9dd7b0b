"""The inspection-history commands: ``--store``, ``history``, ``diff``, ``watchlist``.

``scan``, ``demo`` and ``check`` record their run when given ``--store`` (or
when ``$GREENGATE_STORE`` is set); the store is opened before screening, so a
wrong path or an unreachable database stops the command before a long crawl.
The read commands use ``--store``, else ``$GREENGATE_STORE``, else the default
file (:func:`reports.history.default_path`). Store errors surface as
:class:`reports.history.HistoryError`, which the command line reports with
exit status 2.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reports.history import ENV_VAR, HistoryError, HistoryStore, open_store
from reports.history.location import redact_url

if TYPE_CHECKING:
    from reports.history.records import RunRecord
    from reports.model import ScreeningRun

__all__ = ["STORE_HELP", "add_commands", "check_store", "command_line", "record_run"]

STORE_HELP = (
    "record the run in the inspection history: a SQLite file or a "
    f"postgresql:// URL (default: ${ENV_VAR} if set, else not recorded)"
)
_READ_HELP = (
    f"history store: a SQLite file or a postgresql:// URL (default: ${ENV_VAR},"
    " else $XDG_DATA_HOME/greengate/history.sqlite3)"
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``history``, ``diff`` and ``watchlist`` subcommands."""
    history = commands.add_parser(
        "history", help="past inspections of a supplier (or every recorded run)"
    )
    history.add_argument(
        "supplier",
        nargs="?",
        metavar="SUPPLIER",
        help="part of a supplier's name or URL (any case); omit to list the runs",
    )
    _read_options(history)
    history.set_defaults(run=_run_history)

    diff = commands.add_parser("diff", help="what changed between two recorded runs")
    diff.add_argument(
        "run_a",
        nargs="?",
        default="previous",
        metavar="RUN_A",
        help="earlier run: an id, a unique prefix, 'previous' or 'latest~N'"
        " (default previous)",
    )
    diff.add_argument(
        "run_b",
        nargs="?",
        default="latest",
        metavar="RUN_B",
        help="later run (default latest)",
    )
    _read_options(diff)
    diff.set_defaults(run=_run_diff)

    watch = commands.add_parser(
        "watchlist", help="suppliers whose latest inspection is not whitelist-ready"
    )
    watch.add_argument(
        "--out",
        type=_export_path,
        metavar="FILE.csv|FILE.json",
        help="also write the watchlist to this file",
    )
    _read_options(watch)
    watch.set_defaults(run=_run_watchlist)


def _read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="PATH|postgresql://...", help=_READ_HELP)
    parser.add_argument("--json", action="store_true", help="print JSON")


def _store_spec(args: argparse.Namespace) -> str | None:
    spec: str | None = getattr(args, "store", None)
    return spec or os.environ.get(ENV_VAR) or None


def check_store(args: argparse.Namespace) -> None:
    """Open and close the store a screening command will record into, if any.

    Raises:
        HistoryError: the store cannot be used; nothing has been screened yet.
    """
    spec = _store_spec(args)
    if spec is not None:
        open_store(spec).close()


def record_run(
    args: argparse.Namespace, run: ScreeningRun, *, once: bool = False
) -> str | None:
    """Record ``run`` when the command was given a store; return the run id.

    The run id is printed on stderr, so stdout stays the report summary.

    Args:
        args: the command line (``--store``, and the command recorded).
        run: the run to record.
        once: the run may be recorded already (a resumed scan whose process
            was killed just after recording it): a recorded run generated at
            the same instant by the same greengate is taken as this one, and
            not recorded again.
    """
    spec = _store_spec(args)
    if spec is None:
        return None
    try:
        with open_store(spec) as store:
            location = store.location
            recorded = _recorded(store, run) if once else None
            if recorded is not None:
                print(
                    f"Run {recorded.run_id} was already recorded in {location}",
                    file=sys.stderr,
                )
                return recorded.run_id
            recorded = store.record(run, command=command_line(args))
    except HistoryError as exc:
        message = f"reports written, but the run was not recorded: {exc}"
        raise HistoryError(message) from None
    print(f"Recorded run {recorded.run_id} in {location}", file=sys.stderr)
    return recorded.run_id


def _recorded(store: HistoryStore, run: ScreeningRun) -> RunRecord | None:
    """Return the recorded run that is ``run`` (same generation time), if any."""
    for record in store.runs():
        if (
            record.generated_at == run.generated_at
            and record.tool_version == run.tool_version
            and record.as_of == run.as_of
        ):
            return record
    return None


def command_line(args: argparse.Namespace) -> str:
    """Return the command line to record with a run, passwords redacted."""
    argv = getattr(args, "argv", None)
    if argv is None:
        argv = [args.command]
    return shlex.join(["greengate", *(_redacted(a) for a in argv)])


def _redacted(arg: str) -> str:
    if "://" not in arg:
        return arg
    name, sep, value = arg.partition("=")
    if sep and name.startswith("--"):
        return f"{name}={redact_url(value)}"
    return redact_url(arg)


def _reader(args: argparse.Namespace) -> HistoryStore:
    return open_store(_store_spec(args), create=False)


def _run_history(args: argparse.Namespace) -> int:
    from reports.history.text import history_table, runs_table, to_json

    with _reader(args) as store:
        if args.supplier is None:
            runs = store.runs()
            print(to_json(runs) if args.json else runs_table(runs), end=_end(args))
            return 0
        records = store.history(args.supplier)
        location = store.location
    if args.json:
        print(to_json(records), end="")
    elif records:
        print(history_table(records))
    else:
        print(
            f"no inspections of a supplier matching {args.supplier!r} in {location}",
            file=sys.stderr,
        )
    return 0


def _run_diff(args: argparse.Namespace) -> int:
    from reports.history.diff import diff
    from reports.history.text import diff_text, to_json

    with _reader(args) as store:
        changes = diff(store.load_run(args.run_a), store.load_run(args.run_b))
    print(to_json(changes) if args.json else diff_text(changes), end=_end(args))
    return 0


def _run_watchlist(args: argparse.Namespace) -> int:
    from reports.history.text import to_json, watchlist_csv, watchlist_table
    from reports.history.watchlist import watchlist

    with _reader(args) as store:
        entries = watchlist(store)
    if args.out is not None:
        text = (
            watchlist_csv(entries)
            if args.out.suffix.lower() == ".csv"
            else to_json(entries)
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        print(to_json(entries), end="")
    elif entries:
        print(watchlist_table(entries))
    else:
        print("No supplier is on the watchlist.")
    if args.out is not None:
        print(f"Watchlist: {args.out}", file=sys.stderr)
    return 0


def _end(args: argparse.Namespace) -> str:
    return "" if args.json else "\n"


def _export_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in (".csv", ".json"):
        raise argparse.ArgumentTypeError("expected a .csv or .json file name")
    return path
