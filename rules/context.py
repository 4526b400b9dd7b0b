"""What a check may know besides its subject: the site, the date and the options.

:class:`EvaluationOptions` is what a caller (the CLI, a test) chooses;
:class:`CheckContext` is what the engine hands every check. Both are frozen so
that checks stay pure functions of their arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from rules.disclosure import Issue, PageVisit, SiteDisclosure, TraceRecord
from rules.facts import norm_url
from rules.scope import ScopeTables, default_scope_tables

DEFAULT_NETWORKS: tuple[str, ...] = ("Circulor", "MineHub", "Rare Metal Chain")
"""Traceability networks recognised by default (seed 000, line 9)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluationOptions:
    """What the caller chose for one evaluation run.

    Attributes:
        as_of: the inspection date; rules not yet effective report ``upcoming``.
        profiles: country profiles to apply (``jp``, ``de``).
        scope_force: pack ids whose scope the user forces onto every product.
        trusted_issuers: names or ids of trusted certification issuers; empty
            means no list is configured (G7-ESG-03).
        recognised_networks: traceability networks, matched by declared name,
            issuer DID or link host (G7-TRC-01).
        max_cfp_age_months: maximum age of footprint parameters (G7-CFP-04).
        max_reference_age_months: maximum age of the reference period
            (RCEP-ECO-08).
        power_mix_tolerance: tolerance in percentage points for a power mix
            to sum to 100 (G7-TRC-04).
        consistency_tolerance: relative tolerance when comparing footprints
            across representations (RCEP-ECO-07, G7-API-01).
        scope_tables: HS-code and keyword tables deciding pack scope.
    """

    as_of: date
    profiles: frozenset[str] = frozenset()
    scope_force: frozenset[str] = frozenset()
    trusted_issuers: tuple[str, ...] = ()
    recognised_networks: tuple[str, ...] = DEFAULT_NETWORKS
    max_cfp_age_months: int = 12
    max_reference_age_months: int = 24
    power_mix_tolerance: float = 1.0
    consistency_tolerance: float = 0.01
    scope_tables: ScopeTables = field(default_factory=default_scope_tables)


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSettings:
    """The user's tuning of the rules, the same for every supplier of a run.

    Attributes:
        trusted_issuers: see :class:`EvaluationOptions`.
        extra_networks: traceability networks recognised besides the defaults.
        max_cfp_age_months: see :class:`EvaluationOptions`.
        max_reference_age_months: see :class:`EvaluationOptions`.
        scope_tables: the HS-code tables; ``None`` keeps the bundled ones.
    """

    trusted_issuers: tuple[str, ...] = ()
    extra_networks: tuple[str, ...] = ()
    max_cfp_age_months: int = 12
    max_reference_age_months: int = 24
    scope_tables: ScopeTables | None = None

    def as_options(self) -> dict[str, Any]:
        """Return these settings as :class:`EvaluationOptions` keyword arguments."""
        found: dict[str, Any] = {
            "trusted_issuers": self.trusted_issuers,
            "recognised_networks": (*DEFAULT_NETWORKS, *self.extra_networks),
            "max_cfp_age_months": self.max_cfp_age_months,
            "max_reference_age_months": self.max_reference_age_months,
        }
        if self.scope_tables is not None:
            found["scope_tables"] = self.scope_tables
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteIndex:
    """Lookups over a site's pages, records and issues, keyed by normalised URL."""

    pages: Mapping[str, tuple[PageVisit, ...]]
    records: Mapping[str, TraceRecord]
    issues: Mapping[str, tuple[Issue, ...]]

    @classmethod
    def build(cls, site: SiteDisclosure) -> SiteIndex:
        """Index ``site`` once so that checks need not scan it per product."""
        pages: dict[str, tuple[PageVisit, ...]] = {}
        for visit in site.pages:
            key = norm_url(visit.url)
            pages[key] = (*pages.get(key, ()), visit)
        issues: dict[str, tuple[Issue, ...]] = {}
        for issue in site.issues:
            key = norm_url(issue.url)
            issues[key] = (*issues.get(key, ()), issue)
        # The first record read for a URL wins: later ones are re-reads.
        records: dict[str, TraceRecord] = {}
        for record in site.trace_records:
            records.setdefault(norm_url(record.url), record)
        return cls(
            pages=MappingProxyType(pages),
            records=MappingProxyType(records),
            issues=MappingProxyType(issues),
        )

    def visits(self, url: str) -> tuple[PageVisit, ...]:
        """Return the visits of ``url`` (none when the crawl never tried it)."""
        return self.pages.get(norm_url(url), ())

    def record(self, url: str) -> TraceRecord | None:
        """Return the traceability record read from ``url``, if any."""
        return self.records.get(norm_url(url))

    def issues_at(self, url: str) -> tuple[Issue, ...]:
        """Return the reading issues reported for ``url``."""
        return self.issues.get(norm_url(url), ())


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckContext:
    """Everything a check may read besides its subject."""

    site: SiteDisclosure
    as_of: date
    options: EvaluationOptions
    index: SiteIndex

    @classmethod
    def for_site(cls, site: SiteDisclosure, options: EvaluationOptions) -> CheckContext:
        """Build the context for evaluating ``site`` with ``options``."""
        return cls(
            site=site,
            as_of=options.as_of,
            options=options,
            index=SiteIndex.build(site),
        )
