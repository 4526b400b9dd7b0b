"""The history store: record runs append-only, read them back, resolve run ids.

:class:`HistoryStore` does the work over the shared SQL of
:mod:`reports.history.queries`; a backend (:mod:`.sqlite`, :mod:`.postgres`)
only connects, runs statements and maps database errors.
"""

from __future__ import annotations

import json
import secrets
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any

from reports.history import queries as q
from reports.history.canonical import (
    canonical_json,
    disclosure_document,
    supplier_key,
    text_hash,
)
from reports.history.errors import (
    NOTHING_RECORDED,
    HistoryError,
    SchemaTooNewError,
    StoreUnavailableError,
    UnknownRunError,
)
from reports.history.queries import Row
from reports.history.records import (
    InspectionRecord,
    RunRecord,
    StoredInspection,
    StoredRun,
)
from reports.history.schema import META, SCHEMA_VERSION, Dialect, create_statements
from reports.model import ScreeningRun, SupplierResult
from rules.model import Finding
from rules.schema_eval import project

__all__ = ["HistoryStore"]


class _AlreadyRecorded(Exception):
    """Rolls back a transaction that found its inspection recorded already."""


class HistoryStore(ABC):
    """A place where screening runs are recorded and read back.

    Use :func:`reports.history.open_store` to get one; close it (or use it as
    a context manager) when done.
    """

    dialect: Dialect
    location: str
    """Where the store is, for messages (a path, or a URL without password)."""
    schema_lock: tuple[str, tuple[Any, ...]] | None = None
    """A statement (and parameters) that serialises schema creation between
    clients, where the write transaction alone does not."""

    # -- what a backend provides ------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement with ``?`` placeholders."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return its rows as column -> value dictionaries."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """Return a context in which statements commit together or not at all."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    # -- lifecycle ----------------------------------------------------------

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _bootstrap(self, *, create: bool) -> None:
        """Create the schema in an empty store, or check the existing one."""
        with self._transaction():
            if self.schema_lock is not None:
                self._execute(*self.schema_lock)
            self._execute(META)
            rows = self._query("SELECT value FROM meta WHERE key = 'schema_version'")
            if not rows:
                if not create:
                    raise StoreUnavailableError(f"{self.location}: {NOTHING_RECORDED}")
                for statement in create_statements(self.dialect):
                    self._execute(statement)
                self._execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    ("schema_version", str(SCHEMA_VERSION)),
                )
                return
        self._check_version(int(rows[0]["value"]))

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"{self.location}: the history store has schema version {version},"
                f" this greengate understands up to {SCHEMA_VERSION};"
                " upgrade greengate to read it"
            )
        if version < SCHEMA_VERSION:  # pragma: no cover - no older schema yet
            raise HistoryError(f"{self.location}: no migration from {version}")

    # -- writing ------------------------------------------------------------

    def record(self, run: ScreeningRun, *, command: str = "") -> RunRecord:
        """Record a run and every supplier's inspection in one transaction.

        Args:
            run: the screening run to keep.
            command: the command line that produced it (without secrets).

        Returns:
            The recorded run, with its new id.
        """
        with self._transaction():
            run_id = self._insert_run(
                generated_at=run.generated_at,
                as_of=run.as_of,
                tool_version=run.tool_version,
                score_formula=run.score_formula,
                packs=[f"{p.id}@{p.version}" for p in run.packs],
                command=command,
            )
            for position, result in enumerate(run.suppliers):
                self._insert_inspection(run_id, position, result)
        return self.resolve(run_id)

    def begin_run(
        self,
        *,
        generated_at: datetime,
        as_of: date,
        tool_version: str,
        score_formula: str,
        packs: Sequence[str],
        command: str = "",
    ) -> str:
        """Record a run with no inspection yet; return its new id.

        A distributed scan (:mod:`crawler.fleet`) begins its run here, then
        each worker adds one supplier at a time with :meth:`record_inspection`.

        Args:
            generated_at: when the run started.
            as_of: the inspection date the rules are evaluated on.
            tool_version: the greengate version that screens.
            score_formula: the score formula the verdicts follow.
            packs: the rule packs used, as ``id@version``.
            command: the command line that started it (without secrets).
        """
        with self._transaction():
            return self._insert_run(
                generated_at=generated_at,
                as_of=as_of,
                tool_version=tool_version,
                score_formula=score_formula,
                packs=packs,
                command=command,
            )

    def record_inspection(
        self, run_id: str, position: int, result: SupplierResult
    ) -> bool:
        """Record one supplier's inspection at ``position`` of a begun run.

        The disclosure, the inspection and its findings are written in one
        transaction. Recording the same ``(run_id, position)`` again writes
        nothing: a supplier that two workers screened (one of them presumed
        dead) is kept once.

        Returns:
            ``True`` when this call recorded the inspection, ``False`` when
            that position of the run was recorded already.
        """
        try:
            with self._transaction():
                if not self._insert_inspection(run_id, position, result):
                    raise _AlreadyRecorded  # undo the disclosure row, if new
        except _AlreadyRecorded:
            return False
        return True

    def _insert_run(
        self,
        *,
        generated_at: datetime,
        as_of: date,
        tool_version: str,
        score_formula: str,
        packs: Sequence[str],
        command: str,
    ) -> str:
        recorded_at = datetime.now(UTC)
        run_id = f"{recorded_at:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
        self._execute(
            "INSERT INTO runs (run_id, generated_at, recorded_at, as_of,"
            " tool_version, score_formula, packs, command)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                generated_at.isoformat(),
                recorded_at.isoformat(),
                as_of.isoformat(),
                tool_version,
                score_formula,
                canonical_json(list(packs)),
                command,
            ),
        )
        return run_id

    def _insert_inspection(
        self, run_id: str, position: int, result: SupplierResult
    ) -> bool:
        """Insert one inspection (inside a transaction); ``False``: it was there."""
        if self._query(
            "SELECT position FROM inspections WHERE run_id = ? AND position = ?",
            (run_id, position),
        ):
            return False
        text = canonical_json(disclosure_document(result.site))
        digest = text_hash(text)
        self._execute(
            "INSERT INTO disclosures (content_hash, document) VALUES (?, ?)"
            " ON CONFLICT (content_hash) DO NOTHING",
            (digest, text),
        )
        site = result.site
        # Another worker may be recording the same position right now: then
        # ON CONFLICT waits for its commit and skips the row, and RETURNING
        # (SQLite 3.35+, PostgreSQL) says so by returning nothing.
        inserted = self._query(
            "INSERT INTO inspections (run_id, position, supplier_key, supplier_id,"
            " name, start_url, verdict, score, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (run_id, position) DO NOTHING RETURNING position",
            (
                run_id,
                position,
                supplier_key(site.start_url),
                site.supplier_id,
                site.name,
                site.start_url,
                result.verdict,
                result.score,
                digest,
            ),
        )
        if not inserted:
            return False
        self._executemany(
            "INSERT INTO findings (run_id, position, ordinal, rule_id, pack, status,"
            " severity, message, url, subject, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id,
                    position,
                    ordinal,
                    f.rule_id,
                    f.pack,
                    f.status.value,
                    f.severity.value,
                    f.message,
                    f.url,
                    f.subject,
                    canonical_json(project(f.evidence)),
                )
                for ordinal, f in enumerate(result.findings)
            ],
        )
        return True

    # -- reading ------------------------------------------------------------

    def runs(self) -> list[RunRecord]:
        """Return every recorded run, oldest first."""
        return [q.run(row) for row in self._query(q.RUNS + " ORDER BY r.seq")]

    def resolve(self, ref: str) -> RunRecord:
        """Return the run that ``ref`` names.

        Args:
            ref: a run id, a unique prefix of one (4 characters or more),
                ``latest``, ``previous`` (the run before the latest) or
                ``latest~N`` (N runs before the latest).

        Raises:
            UnknownRunError: no run, or more than one, matches.
        """
        relative = q.RELATIVE.match(ref.strip())
        if relative:
            back = 1 if ref.strip().lower() == "previous" else int(relative[1] or 0)
            rows = self._query(
                q.RUNS + " ORDER BY r.seq DESC LIMIT 1 OFFSET ?", (back,)
            )
            if not rows:
                count = len(self._query("SELECT seq FROM runs"))
                raise UnknownRunError(
                    f"no run {ref!r}: {count} run(s) recorded in {self.location}"
                )
            return q.run(rows[0])
        rows = self._query(q.RUNS + " WHERE r.run_id = ?", (ref,))
        if not rows and len(ref) >= 4:
            rows = self._query(
                q.RUNS + " WHERE r.run_id LIKE ? ESCAPE '!' ORDER BY r.seq",
                (q.like_prefix(ref),),
            )
        if len(rows) == 1:
            return q.run(rows[0])
        if rows:
            ids = ", ".join(row["run_id"] for row in rows[:5])
            raise UnknownRunError(f"run id {ref!r} is ambiguous: {ids}")
        raise UnknownRunError(
            f"no run {ref!r} in {self.location}; 'greengate history' lists the runs"
        )

    def load_run(self, ref: str) -> StoredRun:
        """Return a run with every inspection, its findings and disclosure.

        Args:
            ref: anything :meth:`resolve` accepts.
        """
        run = self.resolve(ref)
        records = [
            q.inspection(row)
            for row in self._query(
                q.INSPECTIONS + " WHERE i.run_id = ? ORDER BY i.position",
                (run.run_id,),
            )
        ]
        findings = self._findings(run.run_id)
        return StoredRun(
            run=run,
            inspections=tuple(
                StoredInspection(
                    record=record,
                    findings=tuple(findings.get(record.position, ())),
                    disclosure=self._disclosure(record.content_hash),
                )
                for record in records
            ),
        )

    def load_inspection(self, record: InspectionRecord) -> StoredInspection:
        """Return one inspection with its findings and disclosure."""
        findings = self._findings(record.run_id, record.position)
        return StoredInspection(
            record=record,
            findings=tuple(findings.get(record.position, ())),
            disclosure=self._disclosure(record.content_hash),
        )

    def history(self, supplier: str) -> list[InspectionRecord]:
        """Return the inspections of suppliers matching ``supplier``, oldest first.

        Args:
            supplier: part of a supplier's name or start URL (any case).
        """
        pattern = "%" + q.like_escape(supplier.strip().lower()) + "%"
        rows = self._query(q.MATCHING, (pattern, pattern, pattern))
        return [q.inspection(row) for row in rows]

    def inspections(self, supplier_key: str | None = None) -> list[InspectionRecord]:
        """Return every inspection (of one supplier key, if given), oldest first."""
        if supplier_key is None:
            rows = self._query(q.INSPECTIONS + " ORDER BY r.seq, i.position")
        else:
            rows = self._query(
                q.INSPECTIONS + " WHERE i.supplier_key = ? ORDER BY r.seq, i.position",
                (supplier_key,),
            )
        return [q.inspection(row) for row in rows]

    def latest(self) -> list[InspectionRecord]:
        """Return each supplier's most recently recorded inspection."""
        seen: dict[str, InspectionRecord] = {}
        for row in self._query(q.LATEST):
            record = q.inspection(row)
            seen.setdefault(record.supplier_key, record)
        return list(seen.values())

    def _findings(
        self, run_id: str, position: int | None = None
    ) -> dict[int, list[Finding]]:
        where, params = "", list[Any]([run_id])
        if position is not None:
            where = "AND position = ?"
            params.append(position)
        grouped: dict[int, list[Finding]] = {}
        for row in self._query(q.FINDINGS.format(where=where), params):
            grouped.setdefault(row["position"], []).append(q.finding(row))
        return grouped

    def _disclosure(self, digest: str) -> dict[str, Any]:
        rows = self._query(
            "SELECT document FROM disclosures WHERE content_hash = ?", (digest,)
        )
        document: dict[str, Any] = json.loads(rows[0]["document"]) if rows else {}
        return document
