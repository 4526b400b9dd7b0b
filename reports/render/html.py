"""The HTML report: one self-contained page (``report.html``).

The page has no script and loads nothing: styles are inline, charts are inline
SVG drawn in Python (:mod:`reports.render._svg`), and a Content-Security-Policy
forbids scripts and remote loads, so even a string that slipped past escaping
could not run. Jinja2 autoescaping is on: every string read from a supplier
page (names, messages, URLs, evidence) is escaped, and only ``http``,
``https`` and ``file`` URLs become links.

Sections: the run (inspection date, generation time, packs); the watchlist,
riskiest first (high-risk, unreachable, watchlist, whitelist-ready, then
score), with failed findings counted per severity; charts of verdicts and of
rule failure rates; the score formula; one section per supplier with its score
deductions and each finding (rule, status, severity, subject, URL, message,
evidence; the rule's citation and remediation for findings to act on); and the
rules cited. Element ids (``overview``, ``supplier-N``, ``rule-ID``) are
stable for browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from reports.model import ScreeningRun, SupplierResult
from reports.render import _svg
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
from reports.scoring import Deduction, deductions
from reports.suppressions import Suppression
from rules.model import Finding, Rule, Status

HTML_FILE = "report.html"

ACTIONABLE = (Status.FAIL, Status.ERROR, Status.WARN, Status.UPCOMING)
"""Statuses listed with their citation and remediation."""

_LINK_SCHEMES = frozenset({"http", "https", "file"})
_C1_CONTROLS = re.compile("[\x7f-\x9f]")


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceView:
    """One piece of evidence, with a link when its URL is safe to link."""

    url: str
    href: str | None
    pointer: str
    excerpt: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingView:
    """A finding with its rule and suppression, as the page shows it."""

    finding: Finding
    rule: Rule | None
    suppression: Suppression | None
    href: str | None
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplierView:
    """A supplier's section of the page."""

    anchor: str
    result: SupplierResult
    href: str | None
    counts: dict[Status, int]
    fails: dict[str, int]
    suppressed: int
    deductions: tuple[Deduction, ...]
    actionable: tuple[FindingView, ...]
    others: tuple[FindingView, ...]


def href(url: str) -> str | None:
    """Return ``url`` when it is safe to link (http, https, file), else ``None``."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _LINK_SCHEMES else None


def text(value: Any) -> Any:
    """Return a template value with characters HTML forbids replaced by U+FFFD.

    Applied to every ``{{ ... }}`` before escaping (Jinja's ``finalize``), so
    control characters from a page cannot make the document invalid; markup
    built by greengate (:class:`markupsafe.Markup`) passes unchanged.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return _C1_CONTROLS.sub("\ufffd", xml_safe(value))
    return value


def render(run: ScreeningRun, catalog: RuleCatalog) -> str:
    """Return report.html's text."""
    suppressed = suppression_index(run)
    suppliers = [
        _supplier(result, index, catalog, suppressed)
        for index, result in enumerate(watchlist(run), start=1)
    ]
    cited = sorted(
        {v.finding.rule_id for s in suppliers for v in (*s.actionable, *s.others)}
    )
    rules = [r for r in (catalog.rule(i) for i in cited) if r is not None]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            run=run,
            suppliers=suppliers,
            rules=rules,
            severities=SEVERITIES,
            statuses=STATUSES,
            verdict_colours=_svg.VERDICT_COLOURS,
            verdict_chart=_svg.verdict_donut(run),
            rule_chart=_svg.rule_failure_bars(_svg.rule_rates(run)),
            ledger=run.suppressions,
        )
    )


def write(run: ScreeningRun, out_dir: Path, catalog: RuleCatalog) -> list[Path]:
    """Write report.html into ``out_dir``; return its path."""
    path = out_dir / HTML_FILE
    path.write_text(render(run, catalog), encoding="utf-8")
    return [path]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=text,
    )
    environment.filters["href"] = href
    return environment


def _supplier(
    result: SupplierResult,
    index: int,
    catalog: RuleCatalog,
    suppressed: Mapping[tuple[str, Finding], Suppression],
) -> SupplierView:
    supplier_id = result.site.supplier_id
    views = [
        _finding(f, catalog.rule(f.rule_id), suppressed.get((supplier_id, f)))
        for f in result.findings
    ]
    order = {s: i for i, s in enumerate(STATUSES)}
    views.sort(
        key=lambda v: (
            order[v.finding.status],
            -v.finding.severity.rank,
            v.finding.rule_id,
            v.finding.subject,
        )
    )
    return SupplierView(
        anchor=f"supplier-{index}",
        result=result,
        href=href(result.site.start_url),
        counts=status_counts(result),
        fails={s.value: n for s, n in fail_counts(result).items()},
        suppressed=sum(v.suppression is not None for v in views),
        deductions=(
            tuple(deductions(result.findings))
            if result.verdict != "unreachable"
            else ()
        ),
        actionable=tuple(v for v in views if v.finding.status in ACTIONABLE),
        others=tuple(v for v in views if v.finding.status not in ACTIONABLE),
    )


def _finding(
    finding: Finding, rule: Rule | None, suppression: Suppression | None
) -> FindingView:
    return FindingView(
        finding=finding,
        rule=rule,
        suppression=suppression,
        href=href(finding.url),
        evidence=tuple(
            EvidenceView(
                url=e.url, href=href(e.url), pointer=e.pointer, excerpt=e.excerpt
            )
            for e in finding.evidence
        ),
    )
