"""A screening run and each supplier's result: what every report format renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from reports.suppressions import SuppressionLedger
from rules.disclosure import SiteDisclosure
from rules.model import Finding

Verdict = Literal["whitelist-ready", "watchlist", "high-risk", "unreachable"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackInfo:
    """A rule pack used in the run."""

    id: str
    title: str
    version: str
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplierResult:
    """One supplier's disclosure, findings, verdict and score."""

    site: SiteDisclosure
    findings: tuple[Finding, ...]
    verdict: Verdict
    score: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreeningRun:
    """Everything one ``greengate scan`` / ``demo`` / ``check`` produced."""

    generated_at: datetime
    as_of: date
    packs: tuple[PackInfo, ...]
    suppliers: tuple[SupplierResult, ...]
    tool_version: str
    score_formula: str
    suppressions: SuppressionLedger | None = None  # set by apply_suppressions
