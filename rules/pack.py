"""A rule pack as loaded: its manifest and its rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rules.model import Rule, RuleStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Pack:
    """One rule pack: manifest fields, scope and rules (enabled or not).

    Attributes:
        id: the pack id, e.g. ``g7-gpw``.
        title: a human title.
        version: the pack's own version.
        status: ``provisional`` until an official text exists.
        description: what the pack encodes.
        scope: the scope table deciding which products the pack applies to
            (``g7``, ``rcep``, ``materials``), or ``None`` for every product.
        scope_exempt: rule ids that run whatever the scope (the scope rule).
        rules: every rule, including those a user pack disabled.
        path: the directory the pack was read from.
    """

    id: str
    title: str
    version: str
    status: RuleStatus
    description: str = ""
    scope: str | None = None
    scope_exempt: frozenset[str] = frozenset()
    rules: tuple[Rule, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def active(self) -> tuple[Rule, ...]:
        """Return the rules that run."""
        return tuple(r for r in self.rules if r.enabled)

    @property
    def disabled(self) -> tuple[Rule, ...]:
        """Return the rules a user pack disabled: skipped, and listed as such."""
        return tuple(r for r in self.rules if not r.enabled)

    def rule(self, rule_id: str) -> Rule | None:
        """Return the rule with this id or alias, or ``None``."""
        wanted = rule_id.upper()
        return next(
            (r for r in self.rules if r.id == wanted or wanted in r.aliases), None
        )
