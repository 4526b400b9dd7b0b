"""Rules, findings and their statuses: the vocabulary of rule evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal


class Status(StrEnum):
    """The outcome of one rule on one product or site (REQUIREMENTS.md 2)."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    NOT_APPLICABLE = "not-applicable"
    UPCOMING = "upcoming"  # not yet effective on the inspection date
    ERROR = "error"  # the check could not run: the message says why


class Severity(StrEnum):
    """How much a failing rule weighs in the supplier verdict."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Return 4 for critical down to 0 for info, for sorting and thresholds."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}

AppliesTo = Literal["product", "site", "linked-record"]
RuleStatus = Literal["enacted", "draft", "provisional"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """The seed sentence a rule rests on."""

    doc: str  # seed file name, e.g. "004_5f515f56af15a22b.txt"
    para: int  # line number in the seed file (one paragraph per line)
    quote: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Explain:
    """Texts for ``greengate rules explain``."""

    why: str
    fail_example: str
    pass_example: str
    limits: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One rule of a pack, as loaded from its YAML file."""

    id: str
    pack: str
    title: str
    severity: Severity
    applies_to: AppliesTo
    effective: date | None
    status: RuleStatus
    citation: Citation
    rationale: str
    remediation: str
    explain: Explain
    check: str | None = None  # a registered named check
    schema: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    profile: str | None = None  # rule only runs with this profile (jp, de)
    aliases: tuple[str, ...] = ()
    enabled: bool = True

    def effective_on(self, day: date) -> bool:
        """Return whether the rule is in force on ``day``."""
        return self.effective is None or self.effective <= day


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """What a finding rests on: a URL, a location in it, and an excerpt."""

    url: str
    pointer: str = ""
    excerpt: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What a check returns before the engine turns it into a finding."""

    status: Status
    message: str
    evidence: tuple[Evidence, ...] = ()

    @classmethod
    def ok(cls, message: str = "ok", *evidence: Evidence) -> Outcome:
        """Return a passing outcome."""
        return cls(status=Status.PASS, message=message, evidence=evidence)

    @classmethod
    def fail(cls, message: str, *evidence: Evidence) -> Outcome:
        """Return a failing outcome."""
        return cls(status=Status.FAIL, message=message, evidence=evidence)

    @classmethod
    def warn(cls, message: str, *evidence: Evidence) -> Outcome:
        """Return a warning outcome."""
        return cls(status=Status.WARN, message=message, evidence=evidence)

    @classmethod
    def error(cls, message: str, *evidence: Evidence) -> Outcome:
        """Return an outcome for a check that could not decide."""
        return cls(status=Status.ERROR, message=message, evidence=evidence)

    @classmethod
    def not_applicable(cls, message: str, *evidence: Evidence) -> Outcome:
        """Return an outcome for a rule that does not apply here."""
        return cls(status=Status.NOT_APPLICABLE, message=message, evidence=evidence)


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One rule's status on one product (or on the site, for site-level rules).

    ``subject`` is the product key, or ``"site"`` for site-level rules.
    """

    rule_id: str
    pack: str
    status: Status
    severity: Severity
    message: str
    url: str
    subject: str
    evidence: tuple[Evidence, ...] = ()
