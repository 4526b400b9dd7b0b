"""``greengate scan --resume`` and ``--work-dir``: continue an interrupted scan.

Every ``scan`` keeps a work directory (:mod:`crawler.workdir`) while it runs.
A scan killed at any point (``kill -9`` included), or stopped by Ctrl-C or
SIGTERM, is continued by running the same command again with ``--resume``:
pages its journal holds are not fetched again, and the report and the
inspection history end up holding each supplier once, as an uninterrupted
scan would have. The work directory belongs to one command line: resuming
with other suppliers or options is refused (exit status 2), and so is a
``--resume`` with nothing to resume.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.workdir import DEFAULT_NAME, WorkDir, fingerprint

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from crawler.suppliers import SupplierSpec

__all__ = ["add_options", "interrupted", "open_work_dir"]

_NOT_OPTIONS = frozenset(
    {
        "argv",
        "as_of",
        "command",
        "quiet",
        "resume",
        "run",
        "suppliers",
        "urls",
        "work_dir",
    }
)
"""Arguments left out of the fingerprint: how the scan runs, not what it screens
(the suppliers count through their resolved list; ``--as-of`` when given)."""


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--resume`` and ``--work-dir`` to the ``scan`` command.

    ``--as-of`` defaults to ``None`` there, so that a resumed scan can tell a
    date given from the day it started (see :func:`open_work_dir`).
    """
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue the interrupted scan of this same command line from its"
        " work directory: pages already fetched are not fetched again",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        help="where the scan keeps its journal while it runs, so --resume can"
        f" continue it (default OUT/{DEFAULT_NAME}; removed when the scan"
        " finishes)",
    )
    parser.set_defaults(as_of=None)


def open_work_dir(
    args: argparse.Namespace, suppliers: Sequence[SupplierSpec]
) -> WorkDir:
    """Start the scan's work directory, or open it to resume (``--resume``).

    Sets ``args.as_of``: the date given, else the date the resumed scan
    started with, else today.

    Raises:
        WorkDirError: nothing to resume, another command line's scan, or the
            directory is in use or cannot be written.
    """
    path: Path = args.work_dir or args.out / DEFAULT_NAME
    given: date | None = args.as_of
    key = fingerprint(_options(args, suppliers, given))
    if args.resume:
        work = WorkDir.resume(path, fingerprint=key)
        args.as_of = given or work.manifest.as_of
        state = work.resumed
        if not args.quiet and state is not None:
            done = "the crawl is done" if state.crawled else "resuming the crawl"
            print(
                f"greengate: resuming the scan in {path}: {len(state.pages)} fetches"
                f" already made; {done}",
                file=sys.stderr,
            )
        return work
    args.as_of = given or date.today()
    command = ("greengate", *getattr(args, "argv", ()))
    work, discarded = WorkDir.start(
        path, fingerprint=key, as_of=args.as_of, command=command
    )
    if discarded:
        print(
            f"greengate: note: discarded the unfinished scan in {path}"
            " (pass --resume to continue an interrupted scan)",
            file=sys.stderr,
        )
    return work


def interrupted(work: WorkDir, reason: str | None) -> str:
    """Return the message for a crawl stopped before it finished."""
    why = reason or "forced shutdown"
    return (
        f"greengate: the crawl stopped before it finished ({why});"
        " nothing was reported or recorded. Run the same command with --resume"
        f" to continue it from {work.path}"
    )


def _options(
    args: argparse.Namespace, suppliers: Sequence[SupplierSpec], given: date | None
) -> dict[str, Any]:
    """Return what a scan's fingerprint covers: resolved suppliers and options."""
    options = {
        name: _absolute(value)
        for name, value in sorted(vars(args).items())
        if name not in _NOT_OPTIONS
    }
    options["as_of"] = given
    options["suppliers"] = list(suppliers)
    return options


def _absolute(value: object) -> object:
    """Return ``value`` with its paths made absolute (the same file is one file)."""
    if isinstance(value, Path):
        return value.resolve()
    if isinstance(value, (list, tuple)):
        return [_absolute(v) for v in value]
    return value
