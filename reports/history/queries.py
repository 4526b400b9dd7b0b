"""The history store's queries and how their rows become records.

Written once with ``?`` placeholders in SQL that SQLite and PostgreSQL both
accept; the PostgreSQL backend turns ``?`` into psycopg's ``%s``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from reports.history.records import InspectionRecord, RunRecord
from rules.model import Evidence, Finding, Severity, Status

__all__ = [
    "FINDINGS",
    "INSPECTIONS",
    "LATEST",
    "MATCHING",
    "RELATIVE",
    "RUNS",
    "Row",
    "finding",
    "inspection",
    "like_escape",
    "like_prefix",
    "run",
]

Row = dict[str, Any]

RUNS = """
SELECT r.seq, r.run_id, r.generated_at, r.recorded_at, r.as_of, r.tool_version,
       r.packs, r.command,
       (SELECT COUNT(*) FROM inspections i WHERE i.run_id = r.run_id) AS suppliers
FROM runs r"""

INSPECTIONS = """
SELECT i.run_id, r.seq, r.as_of, i.position, i.supplier_key, i.supplier_id,
       i.name, i.start_url, i.verdict, i.score, i.content_hash,
       {counts}
FROM inspections i JOIN runs r ON r.run_id = i.run_id""".format(
    counts=",\n       ".join(
        "(SELECT COUNT(*) FROM findings f WHERE f.run_id = i.run_id"
        f" AND f.position = i.position AND f.status = '{status}') AS {column}"
        for status, column in (
            ("fail", "fails"),
            ("warn", "warns"),
            ("error", "errors"),
        )
    )
)

LATEST = (
    INSPECTIONS
    + """
WHERE r.seq = (SELECT MAX(r2.seq) FROM inspections i2
               JOIN runs r2 ON r2.run_id = i2.run_id
               WHERE i2.supplier_key = i.supplier_key)
ORDER BY i.supplier_key, i.position"""
)

MATCHING = (
    INSPECTIONS
    + """
WHERE LOWER(i.name) LIKE ? ESCAPE '!' OR LOWER(i.start_url) LIKE ? ESCAPE '!'
   OR LOWER(i.supplier_key) LIKE ? ESCAPE '!'
ORDER BY r.seq, i.position"""
)

FINDINGS = """
SELECT position, rule_id, pack, status, severity, message, url, subject, evidence
FROM findings WHERE run_id = ? {where} ORDER BY position, ordinal"""

RELATIVE = re.compile(r"^(?:latest|head)(?:~(\d+))?$|^previous$", re.IGNORECASE)


def like_escape(text: str) -> str:
    """Escape ``text`` for ``LIKE ... ESCAPE '!'``."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def like_prefix(text: str) -> str:
    """Return a ``LIKE`` pattern matching values that start with ``text``."""
    return like_escape(text) + "%"


def run(row: Row) -> RunRecord:
    """Return the run record of a :data:`RUNS` row."""
    return RunRecord(
        run_id=row["run_id"],
        seq=int(row["seq"]),
        generated_at=datetime.fromisoformat(row["generated_at"]),
        recorded_at=datetime.fromisoformat(row["recorded_at"]),
        as_of=date.fromisoformat(row["as_of"]),
        tool_version=row["tool_version"],
        packs=tuple(json.loads(row["packs"])),
        command=row["command"],
        suppliers=int(row["suppliers"]),
    )


def inspection(row: Row) -> InspectionRecord:
    """Return the inspection record of an :data:`INSPECTIONS` row."""
    return InspectionRecord(
        run_id=row["run_id"],
        seq=int(row["seq"]),
        as_of=date.fromisoformat(row["as_of"]),
        position=int(row["position"]),
        supplier_key=row["supplier_key"],
        supplier_id=row["supplier_id"],
        name=row["name"],
        start_url=row["start_url"],
        verdict=row["verdict"],
        score=int(row["score"]),
        content_hash=row["content_hash"],
        fails=int(row["fails"]),
        warns=int(row["warns"]),
        errors=int(row["errors"]),
    )


def finding(row: Row) -> Finding:
    """Return the finding of a :data:`FINDINGS` row."""
    return Finding(
        rule_id=row["rule_id"],
        pack=row["pack"],
        status=Status(row["status"]),
        severity=Severity(row["severity"]),
        message=row["message"],
        url=row["url"],
        subject=row["subject"],
        evidence=tuple(Evidence(**e) for e in json.loads(row["evidence"])),
    )
