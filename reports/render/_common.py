"""What every report format shares: watchlist order, counts, rule metadata."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from reports.model import ScreeningRun, SupplierResult
from reports.scoring import VERDICT_ORDER
from reports.suppressions import Suppression
from rules.loader import PackError, builtin_packs, load_packs
from rules.model import Finding, Rule, Severity, Status
from rules.pack import Pack

SEVERITIES = tuple(Severity)
"""Severities, highest first."""

STATUSES = (
    Status.FAIL,
    Status.ERROR,
    Status.WARN,
    Status.UPCOMING,
    Status.PASS,
    Status.NOT_APPLICABLE,
)
"""Statuses in the order reports list them: problems first."""


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Return ``text`` with characters XML 1.0 forbids replaced by U+FFFD.

    Control characters from a hostile page would make junit.xml invalid and
    report.xlsx impossible to write (its sheets are XML too).
    """
    return _NOT_XML.sub("\ufffd", text)


def watchlist(run: ScreeningRun) -> list[SupplierResult]:
    """Return the suppliers riskiest first: by verdict, then lowest score, name."""
    return sorted(
        run.suppliers,
        key=lambda s: (VERDICT_ORDER[s.verdict], s.score, s.site.name),
    )


def status_counts(result: SupplierResult) -> dict[Status, int]:
    """Return the number of findings per status (every status, zeros included)."""
    counts = Counter(f.status for f in result.findings)
    return {s: counts[s] for s in STATUSES}


def fail_counts(result: SupplierResult) -> dict[Severity, int]:
    """Return the number of failed findings per severity (highest first)."""
    counts = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    return {s: counts[s] for s in SEVERITIES}


def suppression_index(
    run: ScreeningRun,
) -> dict[tuple[str, Finding], Suppression]:
    """Return the suppression of each (supplier id, finding) of the run."""
    return run.suppressions.index() if run.suppressions is not None else {}


@dataclass(frozen=True, slots=True)
class RuleCatalog:
    """The rules behind a run's findings: titles, citations, remediation.

    Reports look a rule up for every finding, so the rules are indexed by id
    and alias once (the first pack, and in it the first rule, that has the
    name wins, as :func:`rules.loader.find_rule` would find it).
    """

    packs: tuple[Pack, ...]
    _index: dict[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Rule] = {}
        for pack in self.packs:
            for rule in pack.rules:
                for name in (rule.id, *rule.aliases):
                    index.setdefault(name, rule)
        object.__setattr__(self, "_index", index)

    @classmethod
    def for_run(
        cls, run: ScreeningRun, packs: Sequence[Pack] | None = None
    ) -> RuleCatalog:
        """Return the catalogue of ``packs``, else of the run's built-in packs.

        A run carries only pack ids; user packs (``--rules-dir``) are known
        only when the caller passes the loaded packs. Rules not found are
        rendered without their metadata.
        """
        if packs is not None:
            return cls(tuple(packs))
        available = builtin_packs()
        names = [p.id for p in run.packs if p.id in available] or None
        try:
            return cls(load_packs(names))
        except PackError:
            return cls(())

    def rule(self, rule_id: str) -> Rule | None:
        """Return the rule with this ID (or alias, any case), or ``None``."""
        return self._index.get(rule_id.upper())
