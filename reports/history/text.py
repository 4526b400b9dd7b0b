"""Plain-text tables and exports of the history, for the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from reports.history.diff import FindingChange, RunDiff
from reports.history.records import InspectionRecord, RunRecord
from reports.history.watchlist import WatchlistEntry
from rules.schema_eval import project

__all__ = [
    "WATCHLIST_COLUMNS",
    "diff_text",
    "history_table",
    "runs_table",
    "table",
    "to_json",
    "watchlist_csv",
    "watchlist_table",
]

WATCHLIST_COLUMNS = (
    "verdict",
    "score",
    "name",
    "start_url",
    "since",
    "as_of",
    "run_id",
    "reason",
    "rules",
)
"""The columns of ``greengate watchlist --out FILE.csv``."""


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return rows as left-aligned columns; the last column is not padded."""
    lines = [tuple(str(c) for c in header), *(tuple(str(c) for c in r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    out = []
    for line in lines:
        cells = [c.ljust(w) for c, w in zip(line[:-1], widths, strict=True)]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    return "\n".join(out)


def runs_table(runs: Sequence[RunRecord]) -> str:
    """Return the recorded runs, one per line."""
    return table(
        ("RUN", "AS OF", "RECORDED", "SUPPLIERS", "COMMAND"),
        [
            (
                r.run_id,
                r.as_of.isoformat(),
                f"{r.recorded_at:%Y-%m-%d %H:%M}",
                r.suppliers,
                r.command,
            )
            for r in runs
        ],
    )


def history_table(records: Sequence[InspectionRecord]) -> str:
    """Return a supplier's inspections, one per line, oldest first."""
    return table(
        (
            "RUN",
            "AS OF",
            "VERDICT",
            "SCORE",
            "FAIL",
            "WARN",
            "ERROR",
            "HASH",
            "SUPPLIER",
        ),
        [
            (
                r.run_id,
                r.as_of.isoformat(),
                r.verdict,
                r.score,
                r.fails,
                r.warns,
                r.errors,
                r.content_hash[:12],
                f"{r.name} <{r.start_url}>",
            )
            for r in records
        ],
    )


def diff_text(d: RunDiff) -> str:
    """Return a run diff as titled sections; empty sections are left out."""
    a, b = d.run_a, d.run_b
    parts = [
        f"A: {a.run_id} (as of {a.as_of})\nB: {b.run_id} (as of {b.as_of})",
    ]
    _section(
        parts,
        "Verdict and score changes",
        ("SUPPLIER", "BEFORE", "AFTER"),
        [
            (
                c.name,
                f"{c.verdict_before} ({c.score_before})",
                f"{c.verdict_after} ({c.score_after})",
            )
            for c in d.verdict_changes
        ],
    )
    _section(
        parts,
        "Suppliers added",
        ("SUPPLIER", "VERDICT", "URL"),
        [(s.name, f"{s.verdict} ({s.score})", s.supplier_key) for s in d.added],
    )
    _section(
        parts,
        "Suppliers removed",
        ("SUPPLIER", "VERDICT", "URL"),
        [(s.name, f"{s.verdict} ({s.score})", s.supplier_key) for s in d.removed],
    )
    _section(parts, "New failures", *_findings(d.new_findings))
    _section(parts, "Fixed", *_findings(d.fixed_findings))
    _section(
        parts,
        "Changed values",
        ("SUPPLIER", "PATH", "BEFORE", "AFTER", "UNIT"),
        [
            (
                c.name,
                c.path,
                _value(c.before) if c.change != "added" else "(absent)",
                _value(c.after) if c.change != "removed" else "(absent)",
                c.unit or "",
            )
            for c in d.value_changes
        ],
    )
    _section(
        parts,
        "Expired between the runs",
        ("SUPPLIER", "SUBJECT", "KIND", "VALID UNTIL", "WHAT"),
        [
            (e.name, e.subject, e.kind, e.valid_until.isoformat(), e.label)
            for e in d.expired
        ],
    )
    if d.empty:
        parts.append("No changes.")
    parts.append(f"{d.unchanged} supplier(s) unchanged.")
    return "\n\n".join(parts)


def watchlist_table(entries: Sequence[WatchlistEntry]) -> str:
    """Return the watchlist, one supplier per line."""
    return table(
        ("VERDICT", "SCORE", "SUPPLIER", "SINCE", "REASON"),
        [(e.verdict, e.score, e.name, e.since.isoformat(), e.reason) for e in entries],
    )


def watchlist_csv(entries: Sequence[WatchlistEntry]) -> str:
    """Return the watchlist as CSV with :data:`WATCHLIST_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(WATCHLIST_COLUMNS)
    for e in entries:
        row = project(e)
        row["rules"] = " ".join(e.rules)
        writer.writerow([row[c] for c in WATCHLIST_COLUMNS])
    return buffer.getvalue()


def to_json(value: Any) -> str:
    """Return records, diffs or entries as indented JSON."""
    return json.dumps(project(value), indent=2, ensure_ascii=False) + "\n"


def _section(
    parts: list[str], title: str, header: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if rows:
        parts.append(f"{title} ({len(rows)}):\n" + _indent(table(header, rows)))


def _findings(
    changes: Sequence[FindingChange],
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    header = ("SUPPLIER", "RULE", "SEVERITY", "SUBJECT", "STATUS", "MESSAGE")
    rows: list[tuple[Any, ...]] = [
        (
            c.name,
            c.rule_id,
            c.severity,
            c.subject,
            f"{c.status_before or '-'} -> {c.status_after or '-'}",
            c.message,
        )
        for c in changes
    ]
    return header, rows


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
