"""Render a rule's metadata for ``greengate rules explain`` and ``rules list``.

Every explanation has the same sections, in the same order: **What it
checks**, **Why it matters** (with the citation), **Example**, **Use
instead**, **Remediation** and **Known limits**.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from rules.model import Rule
from rules.pack import Pack

_STATUS_TEXT = {
    "provisional": (
        "Provisional: no official field list or schema has been published; this"
        " rule is greengate's documented reading of the cited source, mapped onto"
        " published standards."
    ),
    "draft": "Draft: it rests on a draft text that may still change.",
    "enacted": "Enacted: it rests on an official, published text.",
}


class RuleRow(NamedTuple):
    """One line of ``greengate rules list``."""

    id: str
    severity: str
    status: str
    effective: str
    title: str


def list_rules(packs: Sequence[Pack]) -> tuple[RuleRow, ...]:
    """Return one row per rule of ``packs``; disabled rules show as ``disabled``."""
    return tuple(
        RuleRow(
            id=rule.id,
            severity=rule.severity.value,
            status=rule.status if rule.enabled else "disabled",
            effective=rule.effective.isoformat() if rule.effective else "-",
            title=rule.title,
        )
        for pack in packs
        for rule in pack.rules
    )


def explain(rule: Rule, fix: bool = False) -> str:
    """Return a rule's explanation as Markdown text.

    Args:
        rule: the rule to explain.
        fix: render only what a page author needs to fix a failure: what it
            checks, the remediation and the passing example.

    Returns:
        The text, sections in a fixed order, ending with a newline.
    """
    sections = [_header(rule), _section("What it checks", _what(rule))]
    if fix:
        sections += [
            _section("Remediation", rule.remediation),
            _section("Use instead", _code(rule.explain.pass_example)),
        ]
    else:
        sections += [
            _section("Why it matters", _why(rule)),
            _section("Example", _code(rule.explain.fail_example)),
            _section("Use instead", _code(rule.explain.pass_example)),
            _section("Remediation", rule.remediation),
            _section("Known limits", _limits(rule)),
        ]
    return "\n\n".join(sections) + "\n"


def _header(rule: Rule) -> str:
    effective = rule.effective.isoformat() if rule.effective else "always"
    facts = [
        f"pack {rule.pack}",
        f"severity {rule.severity.value}",
        f"effective {effective}",
        f"status {rule.status}",
        f"applies to {rule.applies_to}",
    ]
    if rule.profile:
        facts.append(f"profile {rule.profile}")
    if not rule.enabled:
        facts.append("disabled by a user pack")
    return f"# {rule.id}: {rule.title}\n\n{' · '.join(facts)}"


def _section(title: str, body: str) -> str:
    return f"**{title}**\n\n{body.strip()}"


def _what(rule: Rule) -> str:
    how = []
    if rule.check:
        how.append(f"the named check `{rule.check}`")
    if rule.schema is not None:
        how.append("a JSON Schema fragment on the normalised model")
    only = f" Runs only with profile `{rule.profile}`." if rule.profile else ""
    return f"{rule.title}. Checked by {' and '.join(how)}.{only}"


def _why(rule: Rule) -> str:
    cite = rule.citation
    source = f'Source: {cite.doc}, line {cite.para}: "{cite.quote}"'
    return f"{rule.explain.why}\n\n{rule.rationale}\n\n{source}"


def _code(example: str) -> str:
    try:
        text = json.dumps(json.loads(example), indent=2, ensure_ascii=False)
    except ValueError:
        text = example
    return f"```json\n{text}\n```"


def _limits(rule: Rule) -> str:
    status = _STATUS_TEXT.get(rule.status, rule.status)
    return f"{status}\n\n{rule.explain.limits}".strip()
