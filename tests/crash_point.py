"""Run ``greengate`` and die at a chosen point, as ``kill -9`` would (a test helper).

Usage::

    python -m tests.crash_point POINT ARG...

runs ``greengate ARG...`` and ends the process with :func:`os._exit` at
POINT: no ``finally`` block, no exit handler and no buffered write runs, so
the files hold what they would after ``kill -9`` at that instant. The exit
status is then 137 (128 + SIGKILL).

POINT is one of:

* ``report``: report.json has been half written (in its temporary directory);
* ``record``: inside the history transaction, after the first supplier's rows;
* ``finish``: the run is recorded; the work directory is not yet removed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

KILLED = 137


def _die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(KILLED)


def _crash_in_report() -> None:
    from reports.render import json as json_report

    original = json_report.write

    def write(run: Any, out_dir: Path, catalog: Any = None) -> list[Path]:
        paths = original(run, out_dir, catalog)
        with paths[0].open("r+b") as handle:
            handle.truncate(paths[0].stat().st_size // 2)
        _die()
        return paths  # pragma: no cover

    json_report.write = write


def _crash_in_record() -> None:
    from reports.history.store import HistoryStore

    original = HistoryStore._insert_inspection

    def insert(self: HistoryStore, run_id: str, position: int, result: Any) -> None:
        original(self, run_id, position, result)
        _die()

    HistoryStore._insert_inspection = insert  # type: ignore[method-assign]


def _crash_in_finish() -> None:
    from crawler.workdir import WorkDir

    def finish(self: WorkDir) -> None:
        _die()

    WorkDir.finish = finish  # type: ignore[method-assign]


POINTS = {
    "report": _crash_in_report,
    "record": _crash_in_record,
    "finish": _crash_in_finish,
}


def main() -> int:
    """Arm the crash point, then run the command line."""
    point, *args = sys.argv[1:]
    POINTS[point]()
    from crawler.cli import main as greengate

    return greengate(args)


if __name__ == "__main__":
    sys.exit(main())
