"""A scan's work directory: what lets ``greengate scan --resume`` continue a scan.

``greengate scan`` always keeps one (``--work-dir``, by default
``OUT/.greengate-work``) while it runs:

* ``scan.json``: which command line the scan belongs to (a fingerprint of
  its suppliers and options) and its inspection date;
* ``journal.jsonl``: every fetch the crawl finished (:mod:`crawler.journal`);
* ``lock``: held while a greengate process uses the directory.

A scan that finishes (reports written, run recorded) removes the directory,
``scan.json`` first, so a later ``--resume`` says there is nothing to resume.
Scrapy's own ``JOBDIR`` is not used: it saves its request queue and spider
state only on a graceful stop, so after ``kill -9`` it resumes with nothing
(see the README, "Interrupted scans").
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from crawler.codec import CodecError, decode, encode
from crawler.journal import Journal, JournalError, JournalState, load

__all__ = [
    "DEFAULT_NAME",
    "ScanManifest",
    "WorkDir",
    "WorkDirError",
    "fingerprint",
]

DEFAULT_NAME = ".greengate-work"
"""The work directory's name inside the report directory, by default."""

_VERSION = 1
_MANIFEST = "scan.json"
_JOURNAL = "journal.jsonl"
_LOCK = "lock"


class WorkDirError(ValueError):
    """The work directory cannot be used as asked: the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanManifest:
    """Which scan a work directory belongs to.

    Attributes:
        version: the work directory layout version.
        fingerprint: see :func:`fingerprint`.
        as_of: the inspection date the scan started with (a resumed scan
            keeps it, even on a later day).
        started_at: when the scan started.
        command: the command line, for messages.
    """

    version: int
    fingerprint: str
    as_of: date
    started_at: datetime
    command: tuple[str, ...]


def fingerprint(options: dict[str, Any]) -> str:
    """Return the SHA-256 of a scan's suppliers and options, as canonical JSON."""
    text = json.dumps(encode(options), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class WorkDir:
    """An open work directory, locked by this process."""

    def __init__(self, path: Path, manifest: ScanManifest, lock: IO[bytes]) -> None:
        """Use a locked directory; see :meth:`start` and :meth:`resume`."""
        self.path = path
        self.manifest = manifest
        self._lock = lock
        self.resumed: JournalState | None = None
        self.journal = Journal(path / _JOURNAL)

    @classmethod
    def start(
        cls, path: Path, *, fingerprint: str, as_of: date, command: tuple[str, ...]
    ) -> tuple[WorkDir, bool]:
        """Start a new scan in ``path``; return it and whether one was discarded.

        Raises:
            WorkDirError: another process uses the directory, or it cannot be
                written.
        """
        lock = _lock(path)
        try:
            discarded = (path / _MANIFEST).exists()
            (path / _MANIFEST).unlink(missing_ok=True)
            (path / _JOURNAL).unlink(missing_ok=True)
            manifest = ScanManifest(
                version=_VERSION,
                fingerprint=fingerprint,
                as_of=as_of,
                started_at=datetime.now(UTC),
                command=command,
            )
            (path / _JOURNAL).touch()
            _write_atomic(path / _MANIFEST, json.dumps(encode(manifest), indent=1))
            return cls(path, manifest, lock), discarded
        except OSError as exc:
            lock.close()
            raise WorkDirError(f"{path}: cannot start a scan: {exc}") from None

    @classmethod
    def resume(cls, path: Path, *, fingerprint: str) -> WorkDir:
        """Open the unfinished scan in ``path`` and load its journal.

        Raises:
            WorkDirError: nothing to resume, a scan of another command line,
                another process uses it, or its files cannot be read.
        """
        manifest = _manifest(path)
        if manifest.fingerprint != fingerprint:
            raise WorkDirError(
                f"cannot resume: the unfinished scan in {path} was started with a"
                " different command line (suppliers or options differ):"
                f" {' '.join(manifest.command)}; run that command with --resume,"
                " or run without --resume to start over"
            )
        lock = _lock(path)
        try:
            state = load(path / _JOURNAL)
            work = cls(path, manifest, lock)
        except (OSError, JournalError) as exc:
            lock.close()
            raise WorkDirError(f"cannot resume the scan in {path}: {exc}") from None
        work.resumed = state
        return work

    def close(self) -> None:
        """Close the journal and unlock; the scan stays resumable."""
        self.journal.close()
        self._lock.close()

    def finish(self) -> None:
        """Remove the directory's files (the manifest first) and the directory."""
        self.journal.close()
        for name in (_MANIFEST, _JOURNAL, _LOCK):
            (self.path / name).unlink(missing_ok=True)
        self._lock.close()
        with contextlib.suppress(OSError):  # the user keeps other files there
            self.path.rmdir()


def _manifest(path: Path) -> ScanManifest:
    file = path / _MANIFEST
    if not file.is_file():
        raise WorkDirError(
            f"nothing to resume: {path} holds no unfinished scan"
            " (a scan that finished removes its work directory)"
        )
    try:
        manifest = decode(ScanManifest, json.loads(file.read_text("utf-8")))
    except (OSError, ValueError, CodecError) as exc:
        raise WorkDirError(f"cannot resume: {file} is unreadable: {exc}") from None
    if manifest.version != _VERSION:
        raise WorkDirError(
            f"cannot resume: {path} was written by another greengate version"
            f" (layout {manifest.version}, this one reads {_VERSION})"
        )
    return manifest


def _lock(path: Path) -> IO[bytes]:
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle = (path / _LOCK).open("ab")
    except OSError as exc:
        raise WorkDirError(f"{path}: cannot use as a work directory: {exc}") from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise WorkDirError(
            f"{path}: another greengate scan is using this work directory"
        ) from None
    return handle


def _write_atomic(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file, fsynced, renamed."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
