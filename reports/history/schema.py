"""The history store's schema: one set of tables for SQLite and PostgreSQL.

The tables are written once, in the SQL both databases understand; a
:class:`Dialect` fills in the two things that differ (the auto-numbered run
sequence and the triggers that keep recorded runs read-only). Dates and times
are ISO 8601 text, JSON is canonical JSON text (the disclosure's content hash
is computed over exactly that text).

Recorded rows are append-only: the triggers refuse ``UPDATE`` and ``DELETE``
on every table but ``meta`` (and ``TRUNCATE`` on PostgreSQL). Disclosures are
stored once per content hash, so a site that did not change between two
quarterly inspections costs one row, not two copies.

Bump :data:`SCHEMA_VERSION` with every change and add a migration step.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "APPEND_ONLY_MESSAGE",
    "APPEND_ONLY_TABLES",
    "POSTGRES",
    "SCHEMA_VERSION",
    "SQLITE",
    "Dialect",
    "create_statements",
]

SCHEMA_VERSION = 1
"""The schema this greengate writes; a store with a higher one is refused."""

APPEND_ONLY_MESSAGE = "greengate history is append-only"
"""The text every refused change carries (tests and error mapping look for it)."""

APPEND_ONLY_TABLES = ("runs", "disclosures", "inspections", "findings")

META = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
)"""

_TABLES = (
    """
CREATE TABLE runs (
    seq           {identity},
    run_id        TEXT NOT NULL UNIQUE,
    generated_at  TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    tool_version  TEXT NOT NULL,
    score_formula TEXT NOT NULL,
    packs         TEXT NOT NULL,
    command       TEXT NOT NULL
)""",
    """
CREATE TABLE disclosures (
    content_hash TEXT PRIMARY KEY,
    document     TEXT NOT NULL
)""",
    """
CREATE TABLE inspections (
    run_id       TEXT NOT NULL REFERENCES runs (run_id),
    position     INTEGER NOT NULL,
    supplier_key TEXT NOT NULL,
    supplier_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    start_url    TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    score        INTEGER NOT NULL,
    content_hash TEXT NOT NULL REFERENCES disclosures (content_hash),
    PRIMARY KEY (run_id, position)
)""",
    "CREATE INDEX inspections_supplier ON inspections (supplier_key)",
    """
CREATE TABLE findings (
    run_id    TEXT NOT NULL,
    position  INTEGER NOT NULL,
    ordinal   INTEGER NOT NULL,
    rule_id   TEXT NOT NULL,
    pack      TEXT NOT NULL,
    status    TEXT NOT NULL,
    severity  TEXT NOT NULL,
    message   TEXT NOT NULL,
    url       TEXT NOT NULL,
    subject   TEXT NOT NULL,
    evidence  TEXT NOT NULL,
    PRIMARY KEY (run_id, position, ordinal),
    FOREIGN KEY (run_id, position) REFERENCES inspections (run_id, position)
)""",
)

_SQLITE_GUARD = """
CREATE TRIGGER {table}_no_{op} BEFORE {op} ON {table}
BEGIN
    SELECT RAISE(ABORT, '{message}: {op} on {table} refused');
END"""

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION greengate_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{message}: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$"""

_POSTGRES_GUARD = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION greengate_append_only()"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dialect:
    """What differs between the databases: identity column and guards."""

    name: str
    identity: str
    guards: tuple[str, ...]


SQLITE = Dialect(
    name="sqlite",
    identity="INTEGER PRIMARY KEY AUTOINCREMENT",
    guards=tuple(
        _SQLITE_GUARD.format(table=table, op=op, message=APPEND_ONLY_MESSAGE)
        for table in APPEND_ONLY_TABLES
        for op in ("UPDATE", "DELETE")
    ),
)

POSTGRES = Dialect(
    name="postgresql",
    identity="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    guards=(
        _POSTGRES_FUNCTION.format(message=APPEND_ONLY_MESSAGE),
        *(_POSTGRES_GUARD.format(table=table) for table in APPEND_ONLY_TABLES),
    ),
)


def create_statements(dialect: Dialect) -> tuple[str, ...]:
    """Return the statements that create schema version 1 in ``dialect``."""
    tables = tuple(sql.format(identity=dialect.identity) for sql in _TABLES)
    return (*tables, *dialect.guards)
