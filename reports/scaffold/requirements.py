"""The facts each rule needs from the product table, as data.

A requirement is a gap when ``missing(record)`` holds; ``rules(record)`` are
the rules that would then fail (or warn) for the product. The lists follow
the checks in ``rules/checks`` and the packs' schemas: a test drops each
column of the complete fixture row and compares them with ``greengate check``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reports.scaffold.record import GapStatus, ProductRecord
from reports.scaffold.scoping import is_intermediate
from reports.scaffold.vocab import is_iso14067

__all__ = ["REQUIREMENTS", "Requirement"]

Predicate = Callable[[ProductRecord], bool]
_CFP03 = ("G7-CFP-03",)


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """A fact the rules need, the test for its absence and the rules it fails."""

    column: str
    missing: Predicate
    fails: tuple[str, ...] = ()
    fails_with_footprint: tuple[str, ...] = ()  # only when a footprint is given
    status: GapStatus = "fail"
    what: str | None = None  # the message when the value is not simply missing

    def rules(self, record: ProductRecord) -> tuple[str, ...]:
        """Return the rules the gap would fail for this record."""
        extra = self.fails_with_footprint if _has_footprint(record) else ()
        return (*self.fails, *extra)

    def message(self, record: ProductRecord) -> str:
        """Return what is wrong: the value's problem, or that it is missing."""
        return record.problems.get(self.column) or self.what or f"no {self.column}"


def _has_footprint(record: ProductRecord) -> bool:
    return record.footprint.value is not None


def _fp(test: Predicate) -> Predicate:
    """Return a test that only applies when the row has a footprint value."""
    return lambda r: _has_footprint(r) and test(r)


def _untraced_recycled(record: ProductRecord) -> bool:
    """Tell whether a recycled material has no recycling-stage link naming it."""
    recycled = [m for m in record.materials if (m.recycled_share or 0) > 0]
    links = [t for t in record.traceability if t.stage == "Recycling"]
    if len(recycled) == 1 and links:
        return False
    return any(
        not any(m.name.casefold() in (t.label or "").casefold() for t in links)
        for m in recycled
    )


def _epd_incomplete(record: ProductRecord) -> bool:
    epd = record.epd
    return epd is None or not (
        epd.operator
        and epd.registration
        and epd.valid_until
        and re.search(r"15804|14025", epd.standard or "")
    )


def _cert(test: Callable[[ProductRecord], bool]) -> Predicate:
    """Return a test on a certification that names itself (else G7-ESG-01's gap)."""
    return lambda r: bool(r.certification and r.certification.name) and test(r)


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        column="footprint_kg_co2e",
        missing=lambda r: r.footprint.value is None,
        fails=("G7-CFP-01", "RCEP-ECO-01", "G7-API-01", "MDP-EF-01", "MDP-EF-02"),
    ),
    Requirement(
        column="footprint_kg_co2e",
        missing=_fp(lambda r: (r.footprint.value or 0) < 0),
        fails=("G7-CFP-01", "RCEP-ECO-03"),
        what="footprint_kg_co2e is negative",
    ),
    Requirement(
        column="declared_unit",
        missing=_fp(lambda r: r.footprint.declared_unit is None),
        fails=("G7-CFP-01", "RCEP-ECO-03"),
    ),
    Requirement(
        column="standard",
        missing=_fp(lambda r: not any(map(is_iso14067, r.footprint.standards))),
        fails=("G7-CFP-02", "RCEP-ECO-03"),
        what="no ISO 14067 in standard",
    ),
    Requirement(
        column="reference_period_end",
        missing=_fp(
            lambda r: (
                r.footprint.period_start is None and r.footprint.period_end is None
            )
        ),
        fails=("G7-CFP-03", "RCEP-ECO-08"),
        what="no reference_period_start or reference_period_end",
    ),
    Requirement(
        column="characterisation_factors",
        missing=_fp(lambda r: not r.footprint.characterisation_factors),
        fails=_CFP03,
    ),
    Requirement(
        column="emission_factor_sources",
        missing=_fp(lambda r: not r.footprint.sources),
        fails=("G7-CFP-03", "MDP-EF-01"),
    ),
    Requirement(
        column="emission_factor_sources",
        missing=_fp(lambda r: any(s.version is None for s in r.footprint.sources)),
        fails=("G7-CFP-03", "MDP-EF-01"),
        what="an emission-factor source has no version (name:version)",
    ),
    Requirement(
        column="emission_factor_sources",
        missing=_fp(
            lambda r: any(
                s.version and not (s.digest and s.anchor_url)
                for s in r.footprint.sources
            )
        ),
        fails=("MDP-EF-01",),
        what="an emission-factor source has no digest and anchor"
        " (name:version:METHOD=digest:anchor URL)",
    ),
    Requirement(
        column="primary_data_share",
        missing=_fp(lambda r: r.footprint.primary_data_share is None),
        fails=_CFP03,
    ),
    Requirement(
        column="grid_mix",
        missing=_fp(lambda r: r.footprint.grid_mix is None),
        fails=("G7-CFP-03", "MDP-EF-02"),
    ),
    Requirement(
        column="process_energy_use",
        missing=_fp(lambda r: r.footprint.energy_use is None),
        fails=("MDP-EF-02",),
    ),
    Requirement(
        column="process_fuel_types",
        missing=_fp(lambda r: not r.footprint.fuel_types),
        fails=("MDP-EF-02",),
    ),
    Requirement(
        column="upstream_materials",
        missing=_fp(lambda r: not r.footprint.upstream_materials),
        fails=("MDP-EF-02",),
    ),
    Requirement(
        column="assurance_provider",
        missing=_fp(lambda r: r.footprint.assurance_provider is None),
        fails=("G7-CFP-04",),
    ),
    Requirement(
        column="version",
        missing=lambda r: r.version is None,
        fails=("G7-GOV-01",),
        fails_with_footprint=("G7-CFP-04",),
    ),
    Requirement(
        column="date_modified",
        missing=lambda r: r.date_modified is None,
        fails=("G7-GOV-01",),
        fails_with_footprint=("G7-CFP-04",),
    ),
    Requirement(
        column="manufacturer",
        missing=lambda r: r.manufacturer is None and r.manufacturer_id is None,
        fails=("RCEP-ECO-05",),
    ),
    Requirement(
        column="data_url",
        missing=lambda r: r.data_url is None,
        fails=("G7-API-01",),
    ),
    Requirement(
        column="hs_code",
        missing=lambda r: r.hs_code is None,
        fails=("RCEP-SCOPE-01",),
        status="warn",
    ),
    Requirement(
        column="certification_name",
        missing=lambda r: r.certification is None or r.certification.name is None,
        fails=("G7-ESG-01",),
        what="no ESG certification (certification_name)",
    ),
    Requirement(
        column="certification_issuer",
        missing=_cert(
            lambda r: (
                r.certification is not None
                and not (r.certification.issuer or r.certification.issuer_url)
            )
        ),
        fails=("G7-ESG-03",),
    ),
    Requirement(
        column="certification_id",
        missing=_cert(
            lambda r: r.certification is not None and not r.certification.reference
        ),
        fails=("G7-ESG-04",),
    ),
    Requirement(
        column="certification_valid_until",
        missing=_cert(
            lambda r: (
                r.certification is not None and r.certification.valid_until is None
            )
        ),
        fails=("G7-ESG-04",),
    ),
    Requirement(
        column="certification_url",
        missing=_cert(
            lambda r: r.certification is not None and r.certification.url is None
        ),
        fails=("G7-ESG-05",),
    ),
    Requirement(
        column="epd_registration",
        missing=_epd_incomplete,
        fails=("MDP-EPD-01",),
        what="no complete EPD (epd_registration, epd_operator, epd_valid_until,"
        " epd_standard EN 15804 / ISO 14025)",
    ),
    Requirement(
        column="traceability",
        missing=lambda r: not r.traceability,
        fails=("G7-TRC-01",),
    ),
    Requirement(
        column="traceability",
        missing=_untraced_recycled,
        fails=("G7-TRC-06",),
        what="a recycled material has no Recycling(material)=URL traceability link",
    ),
    Requirement(
        column="upstream_audits",
        missing=lambda r: not r.upstream_audits and is_intermediate(r),
        fails=("G7-TRC-05",),
        what="no upstream_audits for an intermediate critical-mineral product",
    ),
)
"""Every requirement, in the order gaps are reported."""
