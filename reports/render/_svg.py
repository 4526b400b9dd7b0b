"""Inline SVG charts for the HTML report, drawn in Python (no script, no fonts).

Every text placed in a chart goes through :class:`markupsafe.Markup` formatting,
which escapes it, so a rule ID or label can never inject markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from reports.model import ScreeningRun
from reports.scoring import VERDICT_ORDER, supplier_status
from rules.model import Status

VERDICT_COLOURS = {
    "high-risk": "#b3261e",
    "unreachable": "#5f6368",
    "watchlist": "#b26a00",
    "whitelist-ready": "#1e7d32",
}
"""One colour per verdict, shared with the page's badges."""

_APPLIED = frozenset({Status.PASS, Status.FAIL, Status.WARN, Status.ERROR})


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleRate:
    """How many suppliers a rule failed among those it applied to."""

    rule_id: str
    failed: int
    applied: int

    @property
    def rate(self) -> float:
        """Return the failure rate from 0 to 1."""
        return self.failed / self.applied if self.applied else 0.0


def rule_rates(run: ScreeningRun) -> list[RuleRate]:
    """Return each rule's failure rate over suppliers, highest first.

    A rule applies to a supplier when its status there is pass, fail, warn or
    error (not ``not-applicable`` or ``upcoming``); it fails there when its
    status is ``fail``. Rules that applied to no supplier are left out.
    """
    failed: dict[str, int] = {}
    applied: dict[str, int] = {}
    for result in run.suppliers:
        for rule_id, status in supplier_status(result.findings).items():
            if status in _APPLIED:
                applied[rule_id] = applied.get(rule_id, 0) + 1
                failed[rule_id] = failed.get(rule_id, 0) + (status is Status.FAIL)
    rates = [
        RuleRate(rule_id=r, failed=failed[r], applied=n) for r, n in applied.items()
    ]
    return sorted(rates, key=lambda r: (-r.rate, -r.failed, r.rule_id))


def verdict_donut(run: ScreeningRun) -> Markup:
    """Return a donut of suppliers per verdict, with its legend."""
    counts = {v: 0 for v in VERDICT_ORDER}
    for result in run.suppliers:
        counts[result.verdict] += 1
    total = sum(counts.values())
    radius, width, centre = 54.0, 22.0, 70.0
    circumference = 2 * math.pi * radius
    parts = [
        Markup(
            '<svg class="chart" role="img" viewBox="0 0 360 140" width="360"'
            ' height="140" xmlns="http://www.w3.org/2000/svg">'
            "<title>Suppliers per verdict</title>"
            '<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="#e8eaed"'
            ' stroke-width="{w}"/>'
        ).format(c=centre, r=radius, w=width)
    ]
    offset = 0.0
    for verdict, count in counts.items():
        if not count:
            continue
        length = circumference * count / total
        parts.append(
            Markup(
                '<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="{colour}"'
                ' stroke-width="{w}" stroke-dasharray="{dash:.3f} {gap:.3f}"'
                ' stroke-dashoffset="{off:.3f}" transform="rotate(-90 {c} {c})">'
                "<title>{verdict}: {count}</title></circle>"
            ).format(
                c=centre,
                r=radius,
                w=width,
                colour=VERDICT_COLOURS[verdict],
                dash=length,
                gap=circumference - length,
                off=-offset,
                verdict=verdict,
                count=count,
            )
        )
        offset += length
    parts.append(
        Markup(
            '<text x="{c}" y="{c}" text-anchor="middle" dominant-baseline="central"'
            ' class="chart-total">{total}</text>'
        ).format(c=centre, total=total)
    )
    for row, (verdict, count) in enumerate(counts.items()):
        y = 28 + row * 26
        parts.append(
            Markup(
                '<rect x="160" y="{y}" width="14" height="14" fill="{colour}"/>'
                '<text x="182" y="{ty}" class="chart-label">{verdict}: {count}</text>'
            ).format(
                y=y,
                ty=y + 12,
                colour=VERDICT_COLOURS[verdict],
                verdict=verdict,
                count=count,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def rule_failure_bars(rates: Sequence[RuleRate]) -> Markup:
    """Return horizontal bars: per rule ID, the share of suppliers failing it."""
    row, label, bar = 20, 150, 330
    height = max(1, len(rates)) * row + 10
    parts = [
        Markup(
            '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}"'
            ' height="{h}" xmlns="http://www.w3.org/2000/svg">'
            "<title>Rule failure rate: suppliers failing each rule, among those"
            " it applied to</title>"
        ).format(w=label + bar + 110, h=height)
    ]
    if not rates:
        parts.append(
            Markup('<text x="0" y="16" class="chart-label">no rule applied</text>')
        )
    for index, rate in enumerate(rates):
        y = 5 + index * row
        parts.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">'
                "{rule}</text>"
                '<rect x="{x}" y="{y}" width="{full}" height="14" fill="#e8eaed"/>'
                '<rect x="{x}" y="{y}" width="{filled:.1f}" height="14"'
                ' fill="{colour}"><title>{rule}: {failed} of {applied} suppliers'
                " fail</title></rect>"
                '<text x="{vx}" y="{ty}" class="chart-label">{failed}/{applied}'
                " ({percent:.0f}%)</text>"
            ).format(
                lx=label - 8,
                ty=y + 12,
                x=label,
                y=y,
                full=bar,
                filled=bar * rate.rate,
                colour="#b3261e" if rate.failed else "#1e7d32",
                rule=rate.rule_id,
                failed=rate.failed,
                applied=rate.applied,
                vx=label + bar + 8,
                percent=100 * rate.rate,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
