"""G7-API-01, G7-GOV-01 and the country profiles."""

from __future__ import annotations

from datetime import date

from rules.disclosure import (
    PageVisit,
)
from rules.model import Status
from tests.rules.cases._base import (
    NA,
    Case,
    E,
    F,
    P,
    site_with,
    with_pages,
)
from tests.rules.conftest import (
    ENDPOINT,
    endpoint_footprint,
    footprint,
    inverter,
    site,
)

OTHER_G7 = [
    Case("G7-API-01", "consistent-endpoint", P, site_with()),
    Case(
        "G7-API-01",
        "no-endpoint",
        F,
        lambda: site(inverter(footprints=(footprint(),)), endpoints=()),
    ),
    Case(
        "G7-API-01",
        "inconsistent",
        F,
        site_with(footprints=(footprint(), endpoint_footprint(value_kg_co2e=398.0))),
    ),
    Case("G7-API-01", "no-footprint-served", F, site_with(footprints=(footprint(),))),
    Case(
        "G7-API-01",
        "endpoint-500",
        F,
        lambda: with_pages(PageVisit(url=ENDPOINT, status=500))(site()),
    ),
    Case(
        "G7-API-01",
        "endpoint-not-visited",
        E,
        lambda: with_pages(drop=ENDPOINT)(site()),
    ),
    Case("G7-GOV-01", "versioned", P, site_with()),
    Case("G7-GOV-01", "no-version", F, site_with(version=None)),
    Case(
        "G7-GOV-01",
        "no-version-before-phase-3",
        Status.UPCOMING,
        site_with(version=None),
        {"as_of": date(2027, 6, 1)},
    ),
    Case("G7-JP-01", "water-indicator", P, site_with()),
    Case("G7-JP-01", "no-water-indicator", F, site_with(indicators=())),
    Case(
        "G7-JP-01",
        "profile-not-selected",
        NA,
        site_with(indicators=()),
        {"profiles": frozenset({"de"})},
    ),
    Case("G7-DE-01", "product-share", P, site_with()),
    Case("G7-DE-01", "material-share-only", P, site_with(recycled_content_share=None)),
    Case(
        "G7-DE-01", "no-share", F, site_with(recycled_content_share=None, materials=())
    ),
    Case(
        "G7-DE-01",
        "profile-not-selected",
        NA,
        site_with(materials=()),
        {"profiles": frozenset()},
    ),
]
