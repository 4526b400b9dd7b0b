"""What the command line prints and writes: progress, summary, report files."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from crawler.processing import ProcessedPage
from reports.model import ScreeningRun
from reports.render import DEFAULT_FORMATS
from reports.render import write as write_formats
from reports.scoring import VERDICT_ORDER
from rules.pack import Pack

_STAGING = ".greengate-reports-"


class Progress:
    """Show pages fetched per supplier on long crawls (on stderr).

    On a terminal the line is redrawn in place; otherwise (CI logs) a line is
    printed at most every few seconds, so logs stay short.
    """

    def __init__(self, suppliers: int, stream: TextIO = sys.stderr) -> None:
        self.suppliers = suppliers
        self.stream = stream
        self.pages = 0
        self.failed = 0
        self.seen: set[str] = set()
        self._last = 0.0
        self._tty = stream.isatty()

    def __call__(self, page: ProcessedPage) -> None:
        """Count one processed fetch and redraw when due."""
        self.pages += 1
        self.failed += page.visit.error is not None
        self.seen.add(page.supplier_id)
        now = time.monotonic()
        if self._tty or now - self._last >= 5.0:
            self._last = now
            end = "\r" if self._tty else "\n"
            print(self._line(), end=end, file=self.stream, flush=True)

    def finish(self) -> None:
        """Print the final count."""
        print(self._line(), file=self.stream, flush=True)

    def _line(self) -> str:
        return (
            f"crawled {self.pages} URLs ({self.failed} failed) across "
            f"{len(self.seen)}/{self.suppliers} suppliers"
        )


def write_reports(
    run: ScreeningRun,
    out: Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    packs: Sequence[Pack] | None = None,
) -> list[Path]:
    """Write the report files into ``out`` and return their paths.

    ``formats`` are names from :data:`reports.render.FORMATS` (default
    ``json`` and ``html``); ``report.json`` is always written. ``packs`` are
    the packs the run used, for rule metadata in HTML, SARIF and the tables.

    Each file is replaced whole or not at all: the reports are written into a
    temporary directory inside ``out``, then renamed over the old ones, so a
    process killed while writing never leaves a truncated report (the
    temporary directory it leaves is removed by the next write).
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{_STAGING}*"):  # left by a process killed while writing
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=out))
    try:
        written = write_formats(run, staging, formats, packs=packs)
        paths = []
        for path in written:
            _sync(path)
            target = out / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
            paths.append(target)
        _sync(out, directory=True)
        return paths
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sync(path: Path, *, directory: bool = False) -> None:
    """Flush a file (or a directory's entries) to disk."""
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def print_summary(
    run: ScreeningRun,
    out: Path,
    stream: TextIO = sys.stdout,
    paths: Sequence[Path] = (),
) -> None:
    """Print one line per supplier, riskiest first, then where the reports are."""
    rows = sorted(run.suppliers, key=lambda s: (VERDICT_ORDER[s.verdict], s.score))
    header = ("SUPPLIER", "VERDICT", "SCORE", "FAIL", "WARN", "ERROR", "START URL")
    table = [header]
    for result in rows:
        counts = {k: 0 for k in ("fail", "warn", "error")}
        for finding in result.findings:
            if finding.status.value in counts:
                counts[finding.status.value] += 1
        table.append(
            (
                result.site.name,
                result.verdict,
                str(result.score),
                str(counts["fail"]),
                str(counts["warn"]),
                str(counts["error"]),
                result.site.start_url,
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header) - 1)]
    print(f"greengate screening as of {run.as_of.isoformat()}", file=stream)
    for row in table:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        print("  ".join([*cells, row[-1]]), file=stream)
    for path in paths or [out / "report.json"]:
        print(f"Report: {path.resolve()}", file=stream)
