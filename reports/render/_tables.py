"""The tabular reports' rows (CSV, XLSX): one per finding, one per supplier.

Every text cell goes through :func:`defuse`: supplier pages are hostile input,
and a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would run as a formula when the file is opened in a spreadsheet (CSV
injection). Such cells get a leading ``'``, so they stay text. Characters XML
cannot carry (control characters) become U+FFFD, as XLSX sheets are XML.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from reports.model import ScreeningRun
from reports.render._common import (
    SEVERITIES,
    STATUSES,
    RuleCatalog,
    fail_counts,
    status_counts,
    suppression_index,
    watchlist,
    xml_safe,
)

FINDING_COLUMNS = (
    "supplier",
    "supplier_id",
    "supplier_url",
    "verdict",
    "score",
    "rule_id",
    "rule_title",
    "pack",
    "status",
    "severity",
    "subject",
    "url",
    "message",
    "evidence",
    "suppressed",
    "suppression_reason",
    "suppression_expires",
)
"""Columns of findings.csv and of the Findings sheet."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """Return ``value`` safe to open in a spreadsheet (prefix ``'`` on formulas).

    Control characters are replaced by U+FFFD (see :func:`xml_safe`).
    """
    value = xml_safe(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def findings_frame(run: ScreeningRun, catalog: RuleCatalog) -> pd.DataFrame:
    """Return one row per finding, suppliers in watchlist order."""
    suppressed = suppression_index(run)
    rows: list[dict[str, Any]] = []
    for result in watchlist(run):
        site = result.site
        for finding in result.findings:
            rule = catalog.rule(finding.rule_id)
            hit = suppressed.get((site.supplier_id, finding))
            rows.append(
                {
                    "supplier": site.name,
                    "supplier_id": site.supplier_id,
                    "supplier_url": site.start_url,
                    "verdict": result.verdict,
                    "score": result.score,
                    "rule_id": finding.rule_id,
                    "rule_title": rule.title if rule is not None else "",
                    "pack": finding.pack,
                    "status": finding.status.value,
                    "severity": finding.severity.value,
                    "subject": finding.subject,
                    "url": finding.url,
                    "message": finding.message,
                    "evidence": "\n".join(
                        " ".join(p for p in (e.url, e.pointer, e.excerpt) if p)
                        for e in finding.evidence
                    ),
                    "suppressed": hit is not None,
                    "suppression_reason": hit.reason if hit else "",
                    "suppression_expires": hit.expires.isoformat() if hit else "",
                }
            )
    return _defused(pd.DataFrame(rows, columns=list(FINDING_COLUMNS)))


def suppliers_frame(run: ScreeningRun) -> pd.DataFrame:
    """Return one row per supplier (watchlist order) with its counts.

    Columns: supplier, supplier_id, url, verdict, score, one per status
    (findings with that status), ``fail_<severity>`` per severity (failed
    findings) and ``suppressed``.
    """
    suppressed = suppression_index(run)
    rows: list[dict[str, Any]] = []
    for result in watchlist(run):
        site = result.site
        row: dict[str, Any] = {
            "supplier": site.name,
            "supplier_id": site.supplier_id,
            "url": site.start_url,
            "verdict": result.verdict,
            "score": result.score,
        }
        row.update({s.value: n for s, n in status_counts(result).items()})
        row.update({f"fail_{s.value}": n for s, n in fail_counts(result).items()})
        row["suppressed"] = sum(
            (site.supplier_id, f) in suppressed for f in result.findings
        )
        rows.append(row)
    return _defused(pd.DataFrame(rows, columns=_supplier_columns()))


def _supplier_columns() -> list[str]:
    return [
        "supplier",
        "supplier_id",
        "url",
        "verdict",
        "score",
        *(s.value for s in STATUSES),
        *(f"fail_{s.value}" for s in SEVERITIES),
        "suppressed",
    ]


def _defused(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(
                lambda v: defuse(v) if isinstance(v, str) else v
            )
    return frame
