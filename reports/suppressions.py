r"""Suppressions: accepted findings that stay in every report but do not gate CI.

A suppression file (``--suppressions FILE``) is a YAML list; each entry
accepts one rule's findings on matching URLs until a date::

    - rule: G7-CFP-03                              # a rule ID, exactly
      url: "https://acme.example/products/*"       # fnmatch glob on the finding URL
      reason: Parameters follow in the Q1 release (ticket PROC-112)
      expires: 2026-12-31                          # last day it applies
    - rule: CORE-JS-01
      url_regex: "https://acme\\.example/(de|fr)/.*"  # or a regex on the whole URL
      subject: "gtin:0697*"                        # optional glob on the subject
      reason: Rendered client-side until the shop migration
      expires: 2027-03-31

``rule``, ``reason`` and ``expires`` are required, and exactly one of ``url``
and ``url_regex``. A suppression applies to findings whose status is ``fail``,
``error``, ``warn`` or ``upcoming``; the first matching entry wins. It applies
up to and including ``expires``, judged by the inspection date (``--as-of``,
default today); after that it is *expired*: it no longer applies and is
reported. A suppressed finding is never hidden: reports mark it with the
reason and expiry. Suppression changes neither verdict nor score: it only
keeps the finding from failing ``--fail-on``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from rules.model import Finding, Status

if TYPE_CHECKING:
    from reports.model import ScreeningRun

__all__ = [
    "SUPPRESSIBLE",
    "SuppressedFinding",
    "Suppression",
    "SuppressionError",
    "SuppressionLedger",
    "apply_suppressions",
    "load_suppressions",
    "parse_suppressions",
]

SUPPRESSIBLE = frozenset({Status.FAIL, Status.ERROR, Status.WARN, Status.UPCOMING})
"""Statuses a suppression can cover (a pass or not-applicable needs none)."""

_KEYS = frozenset({"rule", "url", "url_regex", "subject", "reason", "expires"})


class SuppressionError(ValueError):
    """A suppression file is missing or malformed; the message names file and line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Suppression:
    """One accepted finding pattern, from one entry of a suppression file.

    Attributes:
        rule: the rule ID it covers.
        reason: why the finding is accepted (shown in every report).
        expires: the last day it applies.
        url: an fnmatch glob the finding URL must match, or ``None``.
        url_regex: a regular expression the whole finding URL must match.
        subject: an optional fnmatch glob on the finding subject.
        source: ``FILE:LINE`` of the entry, for messages.
    """

    rule: str
    reason: str
    expires: date
    url: str | None = None
    url_regex: str | None = None
    subject: str | None = None
    source: str = ""

    @property
    def pattern(self) -> str:
        """Return the URL pattern as written (a regex is prefixed ``re:``)."""
        return self.url if self.url is not None else f"re:{self.url_regex}"

    def active_on(self, day: date) -> bool:
        """Return whether the suppression still applies on ``day``."""
        return day <= self.expires

    def matches(self, finding: Finding) -> bool:
        """Return whether this entry covers ``finding`` (expiry aside)."""
        if finding.rule_id != self.rule or finding.status not in SUPPRESSIBLE:
            return False
        if self.subject is not None and not fnmatchcase(finding.subject, self.subject):
            return False
        if self.url_regex is not None:
            return re.fullmatch(self.url_regex, finding.url) is not None
        return self.url is not None and fnmatchcase(finding.url, self.url)


@dataclass(frozen=True, slots=True, kw_only=True)
class SuppressedFinding:
    """A finding of one supplier and the suppression that covers it."""

    supplier_id: str
    finding: Finding
    suppression: Suppression


@dataclass(frozen=True, slots=True, kw_only=True)
class SuppressionLedger:
    """What a suppression file did to one run.

    Attributes:
        file: the suppression file, as given.
        matched: every suppressed finding with its suppression.
        expired: entries past their expiry date: they no longer apply.
        unused: entries in force that matched no finding (stale baseline).
    """

    file: str
    matched: tuple[SuppressedFinding, ...] = ()
    expired: tuple[Suppression, ...] = ()
    unused: tuple[Suppression, ...] = ()

    def index(self) -> dict[tuple[str, Finding], Suppression]:
        """Return the suppression of each (supplier id, finding)."""
        return {(m.supplier_id, m.finding): m.suppression for m in self.matched}


def load_suppressions(path: Path) -> tuple[Suppression, ...]:
    """Read and check a suppression file.

    Raises:
        SuppressionError: the file cannot be read, is not YAML, or an entry is
            malformed; the message names the file and the entry's line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SuppressionError(f"{path}: cannot read suppression file: {exc}") from None
    return parse_suppressions(text, str(path))


def parse_suppressions(text: str, name: str) -> tuple[Suppression, ...]:
    """Parse suppression YAML; ``name`` prefixes error messages and sources.

    Raises:
        SuppressionError: as for :func:`load_suppressions`.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark is not None else name
        raise SuppressionError(f"{where}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(data, list) or (
        root is not None and not isinstance(root, yaml.SequenceNode)
    ):
        raise SuppressionError(
            f"{name}:1: expected a list of suppressions (- rule: ..., url: ...,"
            " reason: ..., expires: YYYY-MM-DD)"
        )
    assert root is None or len(root.value) == len(data)
    lines = [n.start_mark.line + 1 for n in root.value] if root is not None else []
    return tuple(
        _entry(item, f"{name}:{line}") for item, line in zip(data, lines, strict=True)
    )


def apply_suppressions(
    run: ScreeningRun, suppressions: Sequence[Suppression], file: str
) -> ScreeningRun:
    """Return the run with a :class:`SuppressionLedger` of ``suppressions``.

    Entries expired on the run's inspection date are set aside (and listed);
    each remaining entry covers the findings it matches, first entry first.
    """
    active = [s for s in suppressions if s.active_on(run.as_of)]
    expired = tuple(s for s in suppressions if not s.active_on(run.as_of))
    matched: list[SuppressedFinding] = []
    used: set[int] = set()
    for result in run.suppliers:
        for finding in result.findings:
            hit = _first_match(active, finding)
            if hit is None:
                continue
            index, suppression = hit
            used.add(index)
            matched.append(
                SuppressedFinding(
                    supplier_id=result.site.supplier_id,
                    finding=finding,
                    suppression=suppression,
                )
            )
    ledger = SuppressionLedger(
        file=file,
        matched=tuple(matched),
        expired=expired,
        unused=tuple(s for i, s in enumerate(active) if i not in used),
    )
    return replace(run, suppressions=ledger)


def _first_match(
    active: Iterable[Suppression], finding: Finding
) -> tuple[int, Suppression] | None:
    return next(((i, s) for i, s in enumerate(active) if s.matches(finding)), None)


def _entry(item: Any, where: str) -> Suppression:
    if not isinstance(item, Mapping):
        raise SuppressionError(f"{where}: a suppression must be a mapping")
    unknown = sorted(str(k) for k in item if k not in _KEYS)
    if unknown:
        raise SuppressionError(
            f"{where}: unknown key(s) {', '.join(unknown)}"
            f" (allowed: {', '.join(sorted(_KEYS))})"
        )
    rule = _text(item, "rule", where).upper()
    reason = _text(item, "reason", where)
    url = _optional_text(item, "url", where)
    url_regex = _optional_text(item, "url_regex", where)
    if (url is None) == (url_regex is None):
        raise SuppressionError(f"{where}: give exactly one of url and url_regex")
    if url_regex is not None:
        try:
            re.compile(url_regex)
        except re.error as exc:
            raise SuppressionError(f"{where}: url_regex is not valid: {exc}") from None
    return Suppression(
        rule=rule,
        reason=reason,
        expires=_expiry(item.get("expires"), where),
        url=url,
        url_regex=url_regex,
        subject=_optional_text(item, "subject", where),
        source=where,
    )


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = _optional_text(item, key, where)
    if value is None:
        raise SuppressionError(f"{where}: '{key}' is required")
    return value


def _optional_text(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SuppressionError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _expiry(value: Any, where: str) -> date:
    if value is None:
        raise SuppressionError(f"{where}: 'expires' is required (YYYY-MM-DD)")
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SuppressionError(f"{where}: 'expires' must be a date YYYY-MM-DD: {value!r}")
