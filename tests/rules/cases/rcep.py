"""RCEP-SCOPE-01 and RCEP-ECO-01..08 cases."""

from __future__ import annotations

from datetime import date

from rules.disclosure import (
    Classification,
    Issue,
    PageVisit,
    Party,
)
from tests.rules.cases._base import (
    NA,
    Case,
    E,
    F,
    P,
    W,
    both_footprints,
    site_with,
    with_pages,
)
from tests.rules.conftest import (
    ENDPOINT,
    PAGE,
    aluminium,
    endpoint_footprint,
    footprint,
    inverter,
    prov,
    site,
)

HS = Classification
RCEP = [
    Case("RCEP-SCOPE-01", "covered", P, site_with()),
    Case(
        "RCEP-SCOPE-01",
        "battery-recycling-equipment",
        NA,
        site_with(classifications=(HS(scheme="HS", code="847989"),)),
    ),
    Case("RCEP-SCOPE-01", "no-hs-code", W, site_with(classifications=())),
    Case(
        "RCEP-SCOPE-01",
        "only-supplier-list",
        W,
        lambda: site(inverter(classifications=()), hs_codes=("850760",)),
    ),
    Case(
        "RCEP-SCOPE-01",
        "heading-too-vague",
        W,
        site_with(classifications=(HS(scheme="HS", code="8504"),)),
    ),
    Case(
        "RCEP-SCOPE-01",
        "forced",
        P,
        site_with(classifications=()),
        {"scope_force": frozenset({"rcep-geco"})},
    ),
    Case("RCEP-ECO-01", "jsonld", P, site_with()),
    Case(
        "RCEP-ECO-01",
        "microdata-only",
        F,
        site_with(footprints=(footprint(provenance=prov(syntax="microdata")),)),
    ),
    Case(
        "RCEP-ECO-01",
        "endpoint-only",
        F,
        site_with(footprints=(endpoint_footprint(),)),
    ),
    Case("RCEP-ECO-01", "none", F, site_with(footprints=())),
    Case("RCEP-ECO-02", "clean", P, site_with()),
    Case(
        "RCEP-ECO-02",
        "dropped-terms",
        F,
        lambda: site(
            issues=(
                Issue(
                    kind="jsonld-dropped",
                    url=PAGE,
                    message="dropped",
                    block=0,
                    line=12,
                    column=5,
                    detail="environmentalImpact",
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-02",
        "unknown-term-in-footprint-block",
        F,
        lambda: site(
            issues=(
                Issue(
                    kind="unknown-term",
                    url=PAGE,
                    message="no such type",
                    block=0,
                    detail="EnvironmentalImpact",
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-02",
        "problem-in-another-block",
        P,
        lambda: site(
            issues=(Issue(kind="jsonld-context", url=PAGE, message="unknown", block=3),)
        ),
    ),
    Case(
        "RCEP-ECO-02",
        "no-jsonld-footprint",
        NA,
        site_with(footprints=(endpoint_footprint(),)),
    ),
    Case("RCEP-ECO-03", "complete", P, site_with()),
    Case(
        "RCEP-ECO-03",
        "no-iso-14067",
        F,
        site_with(footprints=(footprint(standards=()), endpoint_footprint())),
    ),
    Case(
        "RCEP-ECO-03",
        "no-declared-unit",
        F,
        site_with(footprints=(footprint(declared_unit=None),)),
    ),
    Case(
        "RCEP-ECO-03",
        "no-jsonld-footprint",
        NA,
        site_with(footprints=(endpoint_footprint(),)),
    ),
    Case("RCEP-ECO-04", "scopes-stated", P, site_with()),
    Case(
        "RCEP-ECO-04",
        "untp-cradle-to-gate",
        P,
        site_with(
            footprints=(
                footprint(
                    scopes_included=frozenset(),
                    scope_values=(),
                    boundary="CradleToGate",
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-04",
        "untp-none-means-1-and-2",
        P,
        site_with(
            footprints=(
                footprint(
                    scopes_included=frozenset(), scope_values=(), boundary="None"
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-04",
        "pact-is-cradle-to-gate",
        P,
        site_with(
            footprints=(
                footprint(
                    scopes_included=frozenset(),
                    scope_values=(),
                    boundary=None,
                    provenance=prov(vocabulary="pact-v3"),
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-04",
        "scope2-excluded",
        F,
        site_with(footprints=(footprint(scopes_excluded=frozenset({"scope2"})),)),
    ),
    Case(
        "RCEP-ECO-04",
        "scope-list-leaves-out-1",
        F,
        site_with(
            footprints=(
                footprint(
                    scopes_included=frozenset({"scope2", "scope3"}), scope_values=()
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-04",
        "gate-to-grave",
        F,
        site_with(
            footprints=(
                footprint(
                    scopes_included=frozenset(),
                    scope_values=(),
                    boundary="gate-to-grave",
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-04",
        "nothing-stated",
        F,
        site_with(
            footprints=(
                footprint(scopes_included=frozenset(), scope_values=(), boundary=None),
            )
        ),
    ),
    Case(
        "RCEP-ECO-04",
        "no-method",
        F,
        site_with(
            footprints=(
                footprint(
                    method_reference=None, standards=(), emission_factor_sources=()
                ),
            )
        ),
    ),
    Case("RCEP-ECO-04", "no-jsonld-footprint", NA, site_with(footprints=())),
    Case("RCEP-ECO-05", "manufacturer", P, site_with()),
    Case(
        "RCEP-ECO-05",
        "footprint-names-odm",
        P,
        site_with(
            responsible_party=None,
            footprints=(
                footprint(responsible_party=Party(name="Shenzhen ODM", role="odm")),
            ),
        ),
    ),
    Case(
        "RCEP-ECO-05",
        "nobody",
        F,
        site_with(
            responsible_party=None, footprints=both_footprints(responsible_party=None)
        ),
    ),
    Case("RCEP-ECO-06", "open", P, site_with()),
    Case(
        "RCEP-ECO-06",
        "robots-disallow",
        F,
        lambda: site(robots_disallowed=("/products/",)),
    ),
    Case(
        "RCEP-ECO-06",
        "login-wall",
        F,
        lambda: with_pages(PageVisit(url=ENDPOINT, status=403))(site()),
    ),
    Case(
        "RCEP-ECO-06",
        "timeout",
        F,
        lambda: with_pages(PageVisit(url=PAGE, status=0, error="timeout after 30 s"))(
            site()
        ),
    ),
    Case(
        "RCEP-ECO-06",
        "endpoint-not-visited",
        E,
        lambda: with_pages(drop=ENDPOINT)(site()),
    ),
    Case("RCEP-ECO-07", "agree", P, site_with()),
    Case(
        "RCEP-ECO-07",
        "disagree",
        F,
        site_with(
            footprints=(
                footprint(),
                endpoint_footprint(value_kg_co2e=398.0, scope_values=()),
            )
        ),
    ),
    Case(
        "RCEP-ECO-07",
        "agree-after-unit-normalisation",
        P,
        site_with(
            footprints=(
                footprint(),
                endpoint_footprint(
                    value_kg_co2e=824.0, declared_unit="pieces", declared_amount=2.0
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-07",
        "tonne-versus-kilogram",
        P,
        lambda: site(
            aluminium(
                footprints=(
                    footprint(
                        value_kg_co2e=8.2,
                        declared_unit="KGM",
                        scope_values=(),
                        provenance=prov(url="https://acme.example/products/al-6063"),
                    ),
                    footprint(
                        value_kg_co2e=8200.0,
                        declared_unit="TNE",
                        scope_values=(),
                        provenance=prov(url=ENDPOINT, syntax="json"),
                    ),
                ),
                classifications=(HS(scheme="HS", code="850440"),),
            ),
        ),
    ),
    Case(
        "RCEP-ECO-07",
        "parts-exceed-total",
        F,
        site_with(
            footprints=(footprint(scope_values=(("scope1", 300.0), ("scope2", 200.0))),)
        ),
    ),
    Case(
        "RCEP-ECO-07",
        "units-not-comparable",
        W,
        site_with(footprints=(footprint(), endpoint_footprint(declared_unit="KWH"))),
    ),
    Case(
        "RCEP-ECO-07",
        "single-representation",
        NA,
        site_with(footprints=(footprint(scope_values=()),)),
    ),
    Case("RCEP-ECO-08", "recent", P, site_with()),
    Case(
        "RCEP-ECO-08",
        "older-than-24-months",
        F,
        site_with(
            footprints=(
                footprint(
                    reference_period_start=date(2024, 1, 1),
                    reference_period_end=date(2024, 12, 31),
                ),
            )
        ),
    ),
    Case(
        "RCEP-ECO-08",
        "not-stated",
        F,
        site_with(
            footprints=(
                footprint(reference_period_start=None, reference_period_end=None),
            )
        ),
    ),
    Case("RCEP-ECO-08", "no-jsonld-footprint", NA, site_with(footprints=())),
]
