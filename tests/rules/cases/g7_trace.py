"""G7-TRC-01..06: traceability cases."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import replace

from rules.disclosure import (
    EnergyShare,
    Material,
    PageVisit,
    SiteDisclosure,
    TraceLink,
)
from tests.rules.cases._base import (
    NA,
    NO_LINKS,
    Case,
    F,
    P,
    site_with,
    with_pages,
    with_records,
)
from tests.rules.conftest import (
    TRACE,
    esg_cert,
    inverter,
    magnet,
    prov,
    site,
    trace_links,
    trace_record,
)

_BODY = b'{"type": "TransformationEvent"}'
_SHA = hashlib.sha256(_BODY).digest()


def _digests(
    declared: str, method: str | None = "SHA-256"
) -> Callable[[], SiteDisclosure]:
    """Return a site whose refining link declares ``declared`` as its digest.

    The crawl fetched ``_BODY`` from the link (its SHA-256 is on the visit).
    """

    def build() -> SiteDisclosure:
        links = tuple(
            replace(link, hash_digest=declared, hash_method=method)
            if link.stage == "refining"
            else link
            for link in trace_links()
        )
        fetched = PageVisit(
            url=TRACE["refining"], status=200, sha256=_SHA.hex(), syntaxes=("json-ld",)
        )
        return with_pages(fetched)(site(inverter(trace_links=links)))

    return build


TRACE_CASES = [
    Case("G7-TRC-01", "circulor", P, site_with()),
    Case("G7-TRC-01", "no-link", F, site_with(**NO_LINKS)),
    Case(
        "G7-TRC-01",
        "unknown-network",
        F,
        lambda: site(
            inverter(
                trace_links=(
                    TraceLink(
                        url="https://chain.example.org/r/1",
                        network="OpenChain",
                        provenance=prov(),
                    ),
                )
            )
        ),
    ),
    Case(
        "G7-TRC-01",
        "recognised-by-issuer-did",
        P,
        lambda: site(
            inverter(
                trace_links=(
                    TraceLink(url="https://records.example.org/r/1", provenance=prov()),
                )
            ),
            trace_records=(
                trace_record(
                    "mining",
                    url="https://records.example.org/r/1",
                    network=None,
                    issuer="did:web:minehub.com",
                ),
            ),
        ),
    ),
    Case(
        "G7-TRC-01",
        "user-recognised-network",
        P,
        lambda: site(
            inverter(
                trace_links=(
                    TraceLink(
                        url="https://chain.example.org/r/1",
                        network="OpenChain",
                        provenance=prov(),
                    ),
                )
            )
        ),
        {"recognised_networks": ("OpenChain",)},
    ),
    Case("G7-TRC-02", "four-stages-read", P, site_with()),
    Case("G7-TRC-02", "refining-declared-not-read", F, with_records(refining=None)),
    Case(
        "G7-TRC-02",
        "chain-through-inputs",
        P,
        lambda: site(
            inverter(trace_links=trace_links(["component-integration"])),
            trace_records=(
                trace_record("component-integration", inputs=(TRACE["refining"],)),
                trace_record("refining", inputs=(TRACE["smelting"],)),
                trace_record("smelting", inputs=(TRACE["mining"],)),
                trace_record("mining"),
            ),
        ),
    ),
    Case("G7-TRC-02", "no-links", NA, site_with(**NO_LINKS)),
    Case("G7-TRC-03", "resolve-and-refer-back", P, site_with()),
    Case(
        "G7-TRC-03",
        "link-404",
        F,
        lambda: with_pages(PageVisit(url=TRACE["smelting"], status=404))(site()),
    ),
    Case("G7-TRC-03", "no-record", F, with_records(smelting=None)),
    Case(
        "G7-TRC-03",
        "other-product",
        F,
        with_records(
            refining=trace_record(
                "refining", linked_products=("https://id.gs1.org/01/04012345000009",)
            )
        ),
    ),
    Case(
        "G7-TRC-03",
        "refers-back-by-sgtin",
        P,
        lambda: site(
            inverter(
                gtin="10614141073464", ids=(), trace_links=trace_links(["refining"])
            ),
            trace_records=(
                trace_record(
                    "refining",
                    linked_products=(),
                    outputs=("urn:epc:id:sgtin:0614141.107346.2017",),
                ),
            ),
        ),
    ),
    Case("G7-TRC-03", "no-links", NA, site_with(**NO_LINKS)),
    Case("G7-TRC-03", "digest-matches-record-fetched", P, _digests(_SHA.hex())),
    Case(
        "G7-TRC-03",
        "digest-does-not-match-record-fetched",
        F,
        _digests(hashlib.sha256(b"an earlier revision").hexdigest()),
    ),
    Case(
        "G7-TRC-03",
        "digest-as-multibase-multihash",
        P,
        _digests(
            "u" + base64.urlsafe_b64encode(b"\x12\x20" + _SHA).decode().rstrip("=")
        ),
    ),
    Case(
        "G7-TRC-03",
        "digest-without-method",
        P,
        _digests(_SHA.hex().upper(), method=None),
    ),
    Case(
        # only SHA-256 is computed: another method is not checked (see limits)
        "G7-TRC-03",
        "digest-of-another-method",
        P,
        _digests("ab" * 64, method="SHA-512"),
    ),
    Case(
        "G7-TRC-03",
        "digest-malformed",
        F,
        _digests("not-a-digest"),
    ),
    Case("G7-TRC-04", "complete", P, site_with()),
    Case(
        "G7-TRC-04",
        "no-gps",
        F,
        with_records(mining=trace_record("mining", latitude=None)),
    ),
    Case(
        "G7-TRC-04",
        "mix-sums-to-90",
        F,
        with_records(
            mining=trace_record(
                "mining",
                energy_mix=(
                    EnergyShare(source="grid", percent=70),
                    EnergyShare(source="coal", percent=20),
                ),
            )
        ),
    ),
    Case(
        "G7-TRC-04",
        "mix-as-fractions",
        P,
        with_records(
            mining=trace_record(
                "mining",
                energy_mix=(
                    EnergyShare(source="grid", percent=0.7),
                    EnergyShare(source="solar", percent=0.3),
                ),
            )
        ),
    ),
    Case(
        "G7-TRC-04",
        "mix-within-tolerance",
        P,
        with_records(
            mining=trace_record(
                "mining",
                energy_mix=(
                    EnergyShare(source="grid", percent=69.6),
                    EnergyShare(source="solar", percent=30),
                ),
            )
        ),
    ),
    Case("G7-TRC-04", "no-mining-record", NA, with_records(mining=None)),
    Case("G7-TRC-05", "magnet-mapped", P, lambda: site(magnet())),
    Case(
        "G7-TRC-05",
        "magnet-without-audit-reference",
        F,
        lambda: site(magnet(certifications=(esg_cert(),))),
    ),
    Case(
        "G7-TRC-05",
        "upstream-does-not-link-back",
        F,
        lambda: site(
            magnet(),
            trace_records=tuple(
                trace_record(s, linked_products=())
                for s in ("mining", "smelting", "refining", "component-integration")
            ),
        ),
    ),
    Case("G7-TRC-05", "not-intermediate", NA, site_with()),
    Case("G7-TRC-06", "recycled-traceable", P, site_with()),
    Case(
        "G7-TRC-06",
        "untraceable-scrap",
        F,
        site_with(
            materials=(
                Material(name="NdFeB swarf", source="scrap", recycled_fraction=1.0),
            )
        ),
    ),
    Case("G7-TRC-06", "share-without-materials", F, site_with(materials=())),
    Case(
        "G7-TRC-06",
        "no-recycled-feedstock",
        NA,
        site_with(materials=(), recycled_content_share=None),
    ),
]
