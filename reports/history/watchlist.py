"""The risk watchlist: suppliers whose latest inspection is not whitelist-ready.

Each supplier's most recently recorded inspection counts, whatever run it was
in. A supplier is listed when that verdict is ``high-risk``, ``unreachable``
or ``watchlist``, riskiest first, with a one-line reason: the failing rule of
the highest severity (a failure before an error), its message, and how many
other rules fail or could not be checked, e.g.
``G7-CFP-01 fail (critical): no product carbon footprint; +2 more``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reports.history.records import InspectionRecord
from reports.history.store import HistoryStore
from reports.model import Verdict
from reports.scoring import supplier_status
from rules.model import Finding, Status

__all__ = ["WATCHED", "WatchlistEntry", "reason", "watchlist"]

WATCHED: tuple[Verdict, ...] = ("high-risk", "unreachable", "watchlist")
"""Verdicts that put a supplier on the watchlist, riskiest first."""

_MAX_MESSAGE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchlistEntry:
    """A supplier on the watchlist.

    Attributes:
        since: the inspection date of the first run, in the unbroken series
            of this supplier's latest inspections, with the current verdict.
        rules: the failing (or error) rules, highest severity first.
    """

    supplier_key: str
    name: str
    start_url: str
    verdict: Verdict
    score: int
    run_id: str
    as_of: date
    since: date
    reason: str
    rules: tuple[str, ...]


def watchlist(store: HistoryStore) -> list[WatchlistEntry]:
    """Return the suppliers now on the watchlist, riskiest first."""
    series: dict[str, list[InspectionRecord]] = {}
    for record in store.inspections():
        series.setdefault(record.supplier_key, []).append(record)
    entries = []
    for record in store.latest():
        if record.verdict not in WATCHED:
            continue
        findings = store.load_inspection(record).findings
        text, rules = reason(record.verdict, findings)
        entries.append(
            WatchlistEntry(
                supplier_key=record.supplier_key,
                name=record.name,
                start_url=record.start_url,
                verdict=record.verdict,
                score=record.score,
                run_id=record.run_id,
                as_of=record.as_of,
                since=_since(series.get(record.supplier_key, [record])),
                reason=text,
                rules=rules,
            )
        )
    return sorted(entries, key=lambda e: (WATCHED.index(e.verdict), e.score, e.name))


def reason(
    verdict: Verdict, findings: Sequence[Finding]
) -> tuple[str, tuple[str, ...]]:
    """Return a one-line reason for a verdict and the rules behind it.

    Args:
        verdict: the supplier's verdict.
        findings: the inspection's findings.

    Returns:
        The line, and the failing or error rules, highest severity first.
    """
    statuses = supplier_status(findings)
    severity = {f.rule_id: f.severity for f in findings}
    ranked = sorted(
        (r for r, s in statuses.items() if s in (Status.FAIL, Status.ERROR)),
        key=lambda r: (-severity[r].rank, statuses[r] != Status.FAIL, r),
    )
    if verdict == "unreachable":
        fetch = _message(findings, "CORE-FETCH-01", Status.FAIL)
        return f"unreachable: {fetch or 'no page could be fetched'}", tuple(ranked)
    if not ranked:
        return verdict, ()
    top = ranked[0]
    status = statuses[top]
    line = f"{top} {status.value} ({severity[top].value})"
    message = _message(findings, top, status)
    if message:
        line += f": {message}"
    if len(ranked) > 1:
        line += f"; +{len(ranked) - 1} more"
    return line, tuple(ranked)


def _message(findings: Iterable[Finding], rule_id: str, status: Status) -> str:
    for f in findings:
        if f.rule_id == rule_id and f.status == status and f.message:
            text = " ".join(f.message.split())
            if len(text) > _MAX_MESSAGE:
                text = text[: _MAX_MESSAGE - 1] + "…"
            return text
    return ""


def _since(series: Sequence[InspectionRecord]) -> date:
    latest = series[-1]
    since = latest.as_of
    for record in reversed(series):
        if record.verdict != latest.verdict:
            break
        since = min(since, record.as_of)
    return since
