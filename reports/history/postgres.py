"""The server backend: a PostgreSQL database reached by a ``postgresql://`` URL.

Several greengate installations (a certification body's inspectors, CI jobs)
can then share one audit trail. Uses psycopg 3; the tables are those of
:mod:`reports.history.schema`, with triggers refusing updates and deletes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from reports.history.errors import (
    AppendOnlyError,
    HistoryError,
    StoreUnavailableError,
)
from reports.history.location import redact_url
from reports.history.queries import Row
from reports.history.schema import APPEND_ONLY_MESSAGE, POSTGRES
from reports.history.store import HistoryStore

__all__ = ["PostgresStore"]

_CONNECT_TIMEOUT = 10  # seconds
_SCHEMA_LOCK = 0x67726E67  # "grng": serialises schema creation across clients


class PostgresStore(HistoryStore):
    """A history store in a PostgreSQL database."""

    dialect = POSTGRES
    schema_lock = ("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))

    def __init__(self, url: str, *, create: bool = True) -> None:
        """Connect to ``url`` and create or check the schema.

        Raises:
            StoreUnavailableError: the server cannot be reached or refuses us.
            SchemaTooNewError: a newer greengate wrote the store.
        """
        self.location = redact_url(url)
        try:
            self._conn = psycopg.connect(
                url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT
            )
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise StoreUnavailableError(
                f"{self.location}: cannot connect to the history database: {reason}"
            ) from None
        try:
            self._bootstrap(create=create)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._errors():
            self._conn.execute(_placeholders(sql, params), tuple(params) or None)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self._errors(), self._conn.cursor() as cursor:
            cursor.executemany(_placeholders(sql, rows[0]), [tuple(r) for r in rows])

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._errors(), self._conn.cursor() as cursor:
            cursor.execute(_placeholders(sql, params), tuple(params) or None)
            names = [d.name for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._errors(), self._conn.transaction():
            yield

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.OperationalError as exc:
            raise StoreUnavailableError(f"{self.location}: {exc}") from None
        except psycopg.Error as exc:
            if APPEND_ONLY_MESSAGE in str(exc):
                raise AppendOnlyError(str(exc).strip()) from None
            raise HistoryError(f"{self.location}: {exc}") from exc


def _placeholders(sql: str, params: Sequence[Any]) -> str:
    """Turn the shared ``?`` placeholders into psycopg's ``%s``."""
    return sql.replace("?", "%s") if params else sql
