"""The embedded backend: one SQLite file (the default store)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reports.history.errors import (
    NOTHING_RECORDED,
    AppendOnlyError,
    HistoryError,
    StoreUnavailableError,
)
from reports.history.queries import Row
from reports.history.schema import APPEND_ONLY_MESSAGE, SQLITE
from reports.history.store import HistoryStore

__all__ = ["SqliteStore"]

_BUSY_TIMEOUT = 30.0  # seconds to wait for another writer


class SqliteStore(HistoryStore):
    """A history store in a SQLite file (stdlib ``sqlite3``)."""

    dialect = SQLITE

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open (and with ``create``, make) the store at ``path``.

        Raises:
            StoreUnavailableError: the file is missing (and ``create`` is
                false), is a directory, or is not a SQLite database.
            SchemaTooNewError: a newer greengate wrote the store.
        """
        self.path = path
        self.location = str(path)
        if path.is_dir():
            raise StoreUnavailableError(f"{path}: is a directory, not a history file")
        if not path.exists():
            if not create:
                raise StoreUnavailableError(f"{path}: {NOTHING_RECORDED}")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailableError(f"{path}: {exc.strerror}") from None
        try:
            self._conn = sqlite3.connect(
                path, timeout=_BUSY_TIMEOUT, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"{path}: {exc}") from None
        try:
            self._execute("PRAGMA foreign_keys = ON")
            self._bootstrap(create=create)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the database file."""
        self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._errors():
            self._conn.execute(sql, tuple(params)).close()

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._errors():
            self._conn.executemany(sql, [tuple(r) for r in rows]).close()

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._errors():
            cursor = self._conn.execute(sql, tuple(params))
            try:
                names = [d[0] for d in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor]
            finally:
                cursor.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE: take the write lock first, so two recorders queue instead
        # of failing half-way with "database is locked".
        self._execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.rollback()
            raise
        self._execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            if APPEND_ONLY_MESSAGE in str(exc):
                raise AppendOnlyError(str(exc)) from None
            if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
                raise StoreUnavailableError(f"{self.location}: {exc}") from None
            raise HistoryError(f"{self.location}: {exc}") from exc
