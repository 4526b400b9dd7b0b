"""MDP-EPD-01, MDP-EF-01 and MDP-EF-02 cases."""

from __future__ import annotations

from datetime import date

from rules.disclosure import (
    Certification,
    EmissionFactorSource,
    ProcessInputs,
)
from tests.rules.cases._base import (
    NA,
    Case,
    E,
    F,
    P,
    site_with,
)
from tests.rules.conftest import (
    ANCHOR,
    DIGEST,
    aluminium,
    footprint,
    magnet,
    prov,
    site,
)

AL = "al-6063"
MATERIALS = [
    Case("MDP-EPD-01", "complete", P, lambda: site(aluminium()), subject=AL),
    Case(
        "MDP-EPD-01", "none", F, lambda: site(aluminium(certifications=())), subject=AL
    ),
    Case(
        "MDP-EPD-01",
        "no-programme-operator",
        F,
        lambda: site(
            aluminium(
                certifications=(
                    Certification(
                        name="EPD",
                        topic="epd",
                        reference_number="S-P-1",
                        valid_until=date(2030, 1, 1),
                        standard="EN 15804",
                        provenance=prov(),
                    ),
                )
            )
        ),
        subject=AL,
    ),
    Case("MDP-EPD-01", "not-a-material", NA, site_with()),
    Case("MDP-EF-01", "anchored", P, lambda: site(aluminium()), subject=AL),
    Case(
        "MDP-EF-01",
        "no-version",
        F,
        lambda: site(
            aluminium(
                footprints=(
                    footprint(
                        emission_factor_sources=(
                            EmissionFactorSource(
                                name="CAICT",
                                digest=DIGEST,
                                anchor_url=ANCHOR,
                                anchor_digest=DIGEST,
                            ),
                        )
                    ),
                )
            )
        ),
        subject=AL,
    ),
    Case(
        "MDP-EF-01",
        "digest-mismatch",
        F,
        lambda: site(
            aluminium(
                footprints=(
                    footprint(
                        emission_factor_sources=(
                            EmissionFactorSource(
                                name="CAICT",
                                version="1",
                                digest=DIGEST,
                                anchor_url=ANCHOR,
                                anchor_digest="sha256:0000",
                            ),
                        )
                    ),
                )
            )
        ),
        subject=AL,
    ),
    Case(
        "MDP-EF-01",
        "anchor-not-read",
        E,
        lambda: site(
            aluminium(
                footprints=(
                    footprint(
                        emission_factor_sources=(
                            EmissionFactorSource(
                                name="CAICT",
                                version="1",
                                digest=DIGEST,
                                anchor_url=ANCHOR,
                            ),
                        )
                    ),
                )
            )
        ),
        subject=AL,
    ),
    Case("MDP-EF-01", "rare-earth-product", NA, lambda: site(magnet())),
    Case("MDP-EF-02", "described", P, lambda: site(aluminium()), subject=AL),
    Case(
        "MDP-EF-02",
        "fuel-types-missing",
        F,
        lambda: site(
            aluminium(
                footprints=(
                    footprint(
                        process_inputs=ProcessInputs(
                            energy_use="14 MWh/t", upstream_materials=("ingot",)
                        )
                    ),
                )
            )
        ),
        subject=AL,
    ),
    Case(
        "MDP-EF-02",
        "no-footprint",
        F,
        lambda: site(aluminium(footprints=())),
        subject=AL,
    ),
]
