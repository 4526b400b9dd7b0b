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
from collections.abc import Callable, Iterator, Mapping
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
)
from reports.scoring import Deduction, deductions
from reports.suppressions import Suppression
from rules.model import Finding, Rule, Severity, Status

HTML_FILE = "report.html"

ACTIONABLE = (Status.FAIL, Status.ERROR, Status.WARN, Status.UPCOMING)
"""Statuses listed with their citation and remediation."""

_LINK_SCHEMES = frozenset({"http", "https", "file"})
# What xml_safe() keeps, less the C1 controls (U+007F to U+009F).
_NOT_HTML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_WRITE_BATCH = 512
"""Template chunks joined per write to the file."""


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
    heading: Markup
    """The finding's heading (rule, status, severity, title)."""
    cells: Markup
    """The table cells of rule, status and severity."""
    notes: Markup
    """The rule's citation and remediation (empty without the rule)."""


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
    actionable: FindingViews
    others: FindingViews


class FindingViews:
    """A supplier's findings in report order, each made a view only when listed.

    A large site has tens of thousands of findings: their views are never all
    held at once.
    """

    __slots__ = ("_findings", "_view")

    def __init__(
        self, findings: list[Finding], view: Callable[[Finding], FindingView]
    ) -> None:
        self._findings = findings
        self._view = view

    def __len__(self) -> int:
        return len(self._findings)

    def __iter__(self) -> Iterator[FindingView]:
        return map(self._view, self._findings)


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
        if value.isascii() and value.isprintable():
            return value  # nothing to replace: the common case, kept cheap
        return _NOT_HTML.sub("\ufffd", value)
    return value


def render(run: ScreeningRun, catalog: RuleCatalog) -> str:
    """Return report.html's text."""
    return "".join(_generate(run, catalog))


def write(run: ScreeningRun, out_dir: Path, catalog: RuleCatalog) -> list[Path]:
    """Write report.html into ``out_dir``; return its path.

    The page is written as the template produces it, never held whole.
    """
    path = out_dir / HTML_FILE
    with path.open("w", encoding="utf-8") as handle:
        batch: list[str] = []
        for chunk in _generate(run, catalog):
            batch.append(chunk)
            if len(batch) >= _WRITE_BATCH:
                handle.write("".join(batch))
                batch.clear()
        handle.write("".join(batch))
    return [path]


def _generate(run: ScreeningRun, catalog: RuleCatalog) -> Iterator[str]:
    suppressed = suppression_index(run)
    fragments = _Fragments(catalog)
    suppliers = [
        _supplier(result, index, fragments, suppressed)
        for index, result in enumerate(watchlist(run), start=1)
    ]
    cited = sorted({f.rule_id for result in run.suppliers for f in result.findings})
    rules = [r for r in (catalog.rule(i) for i in cited) if r is not None]
    return (
        _environment()
        .get_template("report.html.j2")
        .generate(
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


class _Fragments:
    """Markup and links shared by many findings, each made once per report.

    Thousands of findings share a rule, status and severity: their heading,
    table cells and rule notes (``_finding.html.j2``) are rendered once.
    """

    def __init__(self, catalog: RuleCatalog) -> None:
        self.catalog = catalog
        # the template's macros: attributes mypy cannot know
        self._macros: Any = _environment().get_template("_finding.html.j2").module
        self._notes: dict[str, Markup] = {}
        self._pieces: dict[tuple[str, Status, Severity], tuple[Markup, Markup]] = {}
        self._links: dict[str, str | None] = {}

    def notes(self, rule_id: str) -> Markup:
        """Return the rule's citation and remediation."""
        notes = self._notes.get(rule_id)
        if notes is None:
            rule = self.catalog.rule(rule_id)
            notes = self._macros.notes(rule) if rule is not None else Markup()
            self._notes[rule_id] = notes
        return notes

    def pieces(self, finding: Finding) -> tuple[Markup, Markup]:
        """Return the finding's heading and table cells."""
        key = (finding.rule_id, finding.status, finding.severity)
        pieces = self._pieces.get(key)
        if pieces is None:
            rule = self.catalog.rule(finding.rule_id)
            pieces = (
                self._macros.heading(*key, rule),
                self._macros.cells(*key),
            )
            self._pieces[key] = pieces
        return pieces

    def href(self, url: str) -> str | None:
        """Return :func:`href` of ``url`` (worked out once per URL)."""
        if url not in self._links:
            self._links[url] = href(url)
        return self._links[url]


def _supplier(
    result: SupplierResult,
    index: int,
    fragments: _Fragments,
    suppressed: Mapping[tuple[str, Finding], Suppression],
) -> SupplierView:
    supplier_id = result.site.supplier_id
    order = {s: i for i, s in enumerate(STATUSES)}
    findings = sorted(
        result.findings,
        key=lambda f: (order[f.status], -f.severity.rank, f.rule_id, f.subject),
    )

    def view(finding: Finding) -> FindingView:
        hit = suppressed.get((supplier_id, finding)) if suppressed else None
        return _finding(finding, fragments, hit)

    return SupplierView(
        anchor=f"supplier-{index}",
        result=result,
        href=href(result.site.start_url),
        counts=status_counts(result),
        fails={s.value: n for s, n in fail_counts(result).items()},
        suppressed=(
            sum((supplier_id, f) in suppressed for f in findings) if suppressed else 0
        ),
        deductions=(
            tuple(deductions(result.findings))
            if result.verdict != "unreachable"
            else ()
        ),
        actionable=FindingViews([f for f in findings if f.status in ACTIONABLE], view),
        others=FindingViews([f for f in findings if f.status not in ACTIONABLE], view),
    )


def _finding(
    finding: Finding, fragments: _Fragments, suppression: Suppression | None
) -> FindingView:
    heading, cells = fragments.pieces(finding)
    return FindingView(
        finding=finding,
        rule=fragments.catalog.rule(finding.rule_id),
        suppression=suppression,
        href=fragments.href(finding.url),
        evidence=tuple(
            EvidenceView(
                url=e.url,
                href=fragments.href(e.url),
                pointer=e.pointer,
                excerpt=e.excerpt,
            )
            for e in finding.evidence
        ),
        heading=heading,
        cells=cells,
        notes=fragments.notes(finding.rule_id),
    )
