"""G7-CFP-01..04: carbon-footprint cases."""

from __future__ import annotations

from datetime import date

from rules.disclosure import (
    EmissionFactorSource,
)
from rules.model import Status
from tests.rules.cases._base import (
    NA,
    Case,
    F,
    P,
    both_footprints,
    site_with,
)
from tests.rules.conftest import (
    endpoint_footprint,
    footprint,
)

CARBON = [
    Case("G7-CFP-01", "complete", P, site_with()),
    Case("G7-CFP-01", "none", F, site_with(footprints=())),
    Case(
        "G7-CFP-01",
        "no-declared-unit",
        F,
        site_with(footprints=both_footprints(declared_unit=None)),
    ),
    Case(
        "G7-CFP-01",
        "implausible-value",
        F,
        site_with(footprints=both_footprints(value_kg_co2e=-1.8e308)),
    ),
    Case(
        "G7-CFP-01",
        "merged-across-representations",
        P,
        site_with(footprints=(footprint(declared_unit=None), endpoint_footprint())),
    ),
    Case("G7-CFP-02", "iso-14067", P, site_with()),
    Case(
        "G7-CFP-02",
        "other-standard",
        F,
        site_with(footprints=both_footprints(standards=("GHG Protocol Product",))),
    ),
    Case(
        "G7-CFP-02",
        "pact-spelling-at-endpoint",
        P,
        site_with(
            footprints=(
                footprint(standards=()),
                endpoint_footprint(standards=("ISO Standard 14067",)),
            )
        ),
    ),
    Case("G7-CFP-02", "no-footprint", NA, site_with(footprints=())),
    Case("G7-CFP-03", "described", P, site_with()),
    Case(
        "G7-CFP-03",
        "grid-mix-missing",
        F,
        site_with(footprints=both_footprints(grid_mix=None)),
    ),
    Case(
        "G7-CFP-03",
        "factor-version-missing",
        F,
        site_with(
            footprints=both_footprints(
                emission_factor_sources=(EmissionFactorSource(name="ecoinvent"),)
            )
        ),
    ),
    Case("G7-CFP-03", "no-footprint", NA, site_with(footprints=())),
    Case("G7-CFP-04", "maintained", P, site_with()),
    Case(
        "G7-CFP-04",
        "stale",
        F,
        site_with(footprints=both_footprints(last_updated=date(2026, 7, 1))),
    ),
    Case(
        "G7-CFP-04",
        "no-assurance",
        F,
        site_with(footprints=both_footprints(assurance=None)),
    ),
    Case(
        "G7-CFP-04",
        "stale-but-not-yet-in-force",
        Status.UPCOMING,
        site_with(footprints=both_footprints(assurance=None)),
        {"as_of": date(2027, 6, 30)},
    ),
    Case("G7-CFP-04", "no-footprint", NA, site_with(footprints=())),
]
