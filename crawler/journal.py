"""The scan journal: an append-only record of every fetch a crawl finished.

One JSON object per line, written and flushed to the operating system as each
fetch's :class:`~crawler.processing.ProcessedPage` comes out of the spider, so
a process killed at any instant (``kill -9`` included) leaves every line it
finished on disk. A resumed scan loads the journal instead of fetching those
pages again (:func:`load`). Lines are not fsynced one by one: a line lost to a
power cut is a page fetched again, never a wrong result, because each line is
complete in itself and the crawl's frontier is rebuilt from the lines present.
The file is fsynced every :data:`SYNC_SECONDS` and at each milestone.

A torn last line (the process died while writing it) is dropped on load and
cut from the file before anything is appended.

Kinds of line:

* ``page``: one finished fetch (:class:`JournalPage`);
* ``issue``: an internal error the spider raised on a fetched page;
* ``crawled``: the crawl finished: nothing is left to fetch;
* ``finishing``: the run was built at ``generated_at``; a resumed scan
  reuses that time, so the run it records is the same run (see
  :func:`crawler.inspections.record_run`).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from crawler.codec import CodecError, decode, encode
from crawler.processing import ProcessedPage
from rules.disclosure import Issue

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "SYNC_SECONDS",
    "Journal",
    "JournalError",
    "JournalIssue",
    "JournalPage",
    "JournalState",
    "load",
]

SYNC_SECONDS = 1.0
"""At most this long between fsyncs of the journal while a crawl runs."""


class JournalError(ValueError):
    """The journal cannot be read: the message says where."""


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalPage:
    """One fetch the crawl finished, and the request that asked for it.

    Attributes:
        supplier_id: the supplier whose crawl fetched it.
        key: the URL the spider scheduled (before any redirect): the entry in
            the supplier's seen-set.
        depth: the link depth the request was made at.
        page: what the fetch contributed.
    """

    supplier_id: str
    key: str
    depth: int
    page: ProcessedPage


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalIssue:
    """An internal error the spider raised while handling a fetched page."""

    supplier_id: str
    key: str
    issue: Issue


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalState:
    """What a journal holds, in the order it was written.

    Attributes:
        pages: finished fetches, the first for each supplier and key only.
        issues: internal errors, with the key of the page each was raised on.
        crawled: the crawl finished.
        generated_at: when the run was built, once it was.
        dropped_bytes: the size of a torn last line that was cut off.
    """

    pages: tuple[JournalPage, ...] = ()
    issues: tuple[JournalIssue, ...] = ()
    crawled: bool = False
    generated_at: datetime | None = None
    dropped_bytes: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class _Finishing:
    generated_at: datetime


class Journal:
    """Append lines to a journal file; one instance per scan process.

    Writing never raises: the first failure (a full disk, a value the codec
    cannot carry) is kept in :attr:`failed` and the journal stops there, since
    a journal with a gap must never go on to say that the crawl finished. The
    scan itself goes on: only its ability to resume is lost.
    """

    def __init__(self, path: Path) -> None:
        """Open ``path`` for appending (created when missing)."""
        self.path = path
        self.failed: Exception | None = None
        self._file: BinaryIO = path.open("ab", buffering=0)
        self._synced = time.monotonic()

    def page(self, record: JournalPage) -> None:
        """Record one finished fetch."""
        self._write("page", record)

    def issue(self, record: JournalIssue) -> None:
        """Record an internal error raised on a fetched page."""
        self._write("issue", record)

    def crawled(self) -> None:
        """Record that the crawl finished, durably."""
        self._write("crawled", None, sync=True)

    def finishing(self, generated_at: datetime) -> None:
        """Record when the run was built, durably, before it is reported."""
        self._write("finishing", _Finishing(generated_at=generated_at), sync=True)

    def close(self) -> None:
        """Sync and close the file."""
        if not self._file.closed:
            try:
                os.fsync(self._file.fileno())
            except OSError as exc:
                self.failed = self.failed or exc
            self._file.close()

    def _write(self, kind: str, record: object, *, sync: bool = False) -> None:
        if self.failed is not None or self._file.closed:
            return
        try:
            body = {} if record is None else encode(record)
            line = json.dumps({"kind": kind, **body}, separators=(",", ":")) + "\n"
            view = memoryview(line.encode("ascii"))  # ensure_ascii: surrogates too
            while view:  # an unbuffered write may be partial
                written = self._file.write(view)
                view = view[written or 0 :]
            now = time.monotonic()
            if sync or now - self._synced >= SYNC_SECONDS:
                os.fsync(self._file.fileno())
                self._synced = now
        except (OSError, CodecError) as exc:
            self.failed = exc


def load(path: Path) -> JournalState:
    """Read a journal, cutting a torn last line off the file.

    Raises:
        JournalError: a complete line is not a journal line (the file is not
            a journal, or was written by an incompatible greengate).
    """
    pages: dict[tuple[str, str], JournalPage] = {}
    issues: list[JournalIssue] = []
    crawled, generated_at, good = False, None, 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                break  # torn: the process died while writing this line
            try:
                line = json.loads(raw)
                kind = line.pop("kind")
            except (ValueError, AttributeError, KeyError):
                if raw.strip(b"\0\n") == b"":  # zeros left by a crash: a tail
                    break
                raise JournalError(f"{path}:{number}: not a journal line") from None
            try:
                if kind == "page":
                    record = decode(JournalPage, line)
                    pages.setdefault((record.supplier_id, record.key), record)
                elif kind == "issue":
                    issues.append(decode(JournalIssue, line))
                elif kind == "crawled":
                    crawled = True
                elif kind == "finishing":
                    generated_at = decode(_Finishing, line).generated_at
                else:
                    raise CodecError(f"unknown kind {kind!r}")
            except (CodecError, KeyError, TypeError, ValueError) as exc:
                raise JournalError(f"{path}:{number}: {exc}") from None
            good += len(raw)
    size = path.stat().st_size
    if size > good:
        with path.open("r+b") as handle:
            handle.truncate(good)
    return JournalState(
        pages=tuple(pages.values()),
        issues=tuple(issues),
        crawled=crawled,
        generated_at=generated_at,
        dropped_bytes=size - good,
    )
