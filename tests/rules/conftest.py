"""Builders of disclosures for rule tests: compliant by default, broken by ``replace``.

``inverter()`` is a product that passes every G7 and RCEP rule, ``aluminium()``
one that passes the materials-passport pack, ``magnet()`` an intermediate
critical-mineral product; ``site(...)`` wraps products with everything the
crawl would have fetched for them (page visits, trace records, the issuer's
verification record). A test breaks one fact and asserts one rule's status.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from rules.disclosure import (
    Assurance,
    CarbonFootprint,
    Certification,
    Classification,
    CredentialRef,
    DocumentLink,
    EmissionFactorSource,
    Endpoint,
    EnergyShare,
    Indicator,
    Material,
    PageVisit,
    Party,
    ProcessInputs,
    Product,
    Provenance,
    SiteDisclosure,
    TraceLink,
    TraceRecord,
)
from rules.engine import EvaluationOptions, evaluate
from rules.loader import load_packs
from rules.model import Finding, Status
from rules.pack import Pack

AS_OF = date(2027, 8, 1)  # every rule in force
SITE_URL = "https://acme.example/"
PAGE = "https://acme.example/products/inv-5k"
ENDPOINT = "https://acme.example/api/pcf/inv-5k.jsonld"
GTIN = "09506000134352"
DIGITAL_LINK = f"https://id.gs1.org/01/{GTIN}"
VERIFY = "https://www.certipedia.com/certificates/RMAP-2026-0412"
STAGES = ("mining", "smelting", "refining", "component-integration")
TRACE = {s: f"https://trace.circulor.com/records/{s}-0412" for s in STAGES}
ANCHOR = "https://anchor.example-ledger.cn/tx/5f1c"
DIGEST = "sha256:5f1c0e7a9b3d"


def prov(url: str = PAGE, syntax: Any = "json-ld", **kw: Any) -> Provenance:
    """Return a provenance on the product page, JSON-LD block 0 by default."""
    defaults: dict[str, Any] = {
        "vocabulary": "untp-dpp",
        "pointer": "/credentialSubject",
    }
    defaults["block"] = 0
    return Provenance(url=url, syntax=syntax, **{**defaults, **kw})


def footprint(**kw: Any) -> CarbonFootprint:
    """Return a complete ISO 14067 footprint embedded as JSON-LD on the page."""
    values: dict[str, Any] = {
        "value_kg_co2e": 412.0,
        "unit_raw": "kg CO2e",
        "declared_unit": "H87",
        "declared_amount": 1.0,
        "standards": ("ISO 14067", "GHG Protocol Product"),
        "boundary": "cradle-to-gate",
        "reference_period_start": date(2026, 1, 1),
        "reference_period_end": date(2026, 12, 31),
        "characterisation_factors": ("AR6",),
        "emission_factor_sources": (
            EmissionFactorSource(
                name="ecoinvent",
                version="3.10",
                digest=DIGEST,
                anchor_url=ANCHOR,
                anchor_digest=DIGEST,
            ),
        ),
        "grid_mix": "China Southern Grid 2026",
        "primary_data_share": 62.0,
        "scopes_included": frozenset({"scope1", "scope2", "scope3"}),
        "scope_values": (("scope1", 100.0), ("scope2", 200.0), ("scope3", 112.0)),
        "method_reference": "ISO 14067:2018",
        "version": "3",
        "last_updated": date(2027, 3, 31),
        "assurance": Assurance(provider="SGS", level="limited", date=date(2027, 3, 15)),
        "process_inputs": ProcessInputs(
            energy_use="14.2 MWh/t",
            fuel_types=("natural gas",),
            upstream_materials=("ingot",),
        ),
        "responsible_party": Party(
            name="Acme Inverters Co., Ltd.", role="manufacturer"
        ),
        "provenance": prov(),
    }
    values.update(kw)
    return CarbonFootprint(**values)


def esg_cert(**kw: Any) -> Certification:
    """Return an independent, valid ESG certification verifiable at the issuer."""
    values: dict[str, Any] = {
        "name": "Responsible minerals origin audit",
        "issuer": Party(name="TÜV Rheinland", id="https://www.tuv.com/"),
        "subject": "product",
        "topic": "esg-origin",
        "reference_number": "RMAP-2026-0412",
        "valid_from": date(2027, 1, 15),
        "valid_until": date(2028, 1, 14),
        "verification_url": VERIFY,
        "provenance": prov(pointer="/hasCertification"),
    }
    values.update(kw)
    return Certification(**values)


def credential(verification: Any, **kw: Any) -> CredentialRef:
    """Return a credential reference with the given verification result."""
    return CredentialRef(envelope="data-integrity", verification=verification, **kw)


def trace_links(stages: Iterable[str] = STAGES) -> tuple[TraceLink, ...]:
    """Return links from the product to one Circulor record per stage."""
    return tuple(
        TraceLink(url=TRACE[s], network="Circulor", stage=s, provenance=prov())
        for s in stages
    )


def trace_record(stage: str, **kw: Any) -> TraceRecord:
    """Return a read record for ``stage`` that names the product; mining is complete."""
    values: dict[str, Any] = {
        "url": TRACE[stage],
        "stage": stage,
        "network": "Circulor",
        "issuer": "did:web:trace.circulor.com",
        "batch": f"{stage}-0412",
        "linked_products": (DIGITAL_LINK,),
        "provenance": prov(url=TRACE[stage], vocabulary="untp-dte", pointer=""),
    }
    if stage == "mining":
        values.update(
            latitude=41.7753,
            longitude=109.9736,
            event_time="2027-02-11T06:30:00Z",
            energy_mix=(
                EnergyShare(source="grid", percent=70),
                EnergyShare(source="solar", percent=30),
            ),
        )
    values.update(kw)
    return TraceRecord(**values)


def inverter(**kw: Any) -> Product:
    """Return a PV inverter (HS 8504.40) that passes every G7 and RCEP rule."""
    values: dict[str, Any] = {
        "key": GTIN,
        "ids": (DIGITAL_LINK,),
        "gtin": GTIN,
        "name": "5 kW PV inverter",
        "page_url": PAGE,
        "classifications": (Classification(scheme="HS", code="850440"),),
        "responsible_party": Party(
            name="Acme Inverters Co., Ltd.", role="manufacturer"
        ),
        "footprints": (footprint(), endpoint_footprint()),
        "certifications": (esg_cert(),),
        "trace_links": trace_links(),
        "materials": (
            Material(
                name="Aluminium housing",
                mass_fraction=0.4,
                recycled_fraction=0.55,
                traceable=True,
            ),
        ),
        "indicators": (
            Indicator(
                name="Water consumption", value=1.8, unit="MTQ", provenance=prov()
            ),
        ),
        "recycled_content_share": 0.3,
        "version": "3.2",
        "date_modified": date(2027, 4, 30),
        "provenance": (prov(),),
    }
    values.update(kw)
    return Product(**values)


def aluminium(**kw: Any) -> Product:
    """Return an aluminium profile (HS 7604.21) that passes the materials pack."""
    page = "https://acme.example/products/al-6063"
    epd = Certification(
        name="Environmental Product Declaration",
        issuer=Party(name="EPD International AB"),
        topic="epd",
        reference_number="S-P-01234",
        valid_from=date(2025, 6, 1),
        valid_until=date(2030, 5, 31),
        standard="EN 15804+A2",
        programme_operator="EPD International AB",
        provenance=prov(url=page),
    )
    values: dict[str, Any] = {
        "key": "al-6063",
        "name": "6063-T5 aluminium profile",
        "page_url": page,
        "classifications": (Classification(scheme="HS", code="760421"),),
        "footprints": (footprint(provenance=prov(url=page)),),
        "certifications": (epd,),
        "provenance": (prov(url=page),),
    }
    values.update(kw)
    return Product(**values)


def magnet(**kw: Any) -> Product:
    """Return an NdFeB magnet (HS 8505.11), an intermediate critical-mineral product."""
    audit = esg_cert(
        subject="material",
        reference_number="RMAP-SM-2026-0099",
        name="Upstream smelter audit",
    )
    values: dict[str, Any] = {
        "key": "ndfeb-n52",
        "ids": (DIGITAL_LINK,),
        "name": "NdFeB magnet N52",
        "classifications": (Classification(scheme="HS", code="850511"),),
        "certifications": (esg_cert(), audit),
        "materials": (
            Material(name="NdPr oxide", origin_country="CN", source="primary"),
        ),
    }
    values.update(kw)
    return inverter(**values)


def site(*products: Product, **kw: Any) -> SiteDisclosure:
    """Return a site holding ``products`` and what the crawl fetched for them."""
    products = products or (inverter(),)
    urls = {SITE_URL, VERIFY, ANCHOR, *TRACE.values()}
    for p in products:
        urls.add(p.page_url)
    values: dict[str, Any] = {
        "supplier_id": "acme",
        "name": "Acme Inverters Co., Ltd.",
        "start_url": SITE_URL,
        "pages": (
            *(
                PageVisit(url=u, status=200, syntaxes=("json-ld",))
                for u in sorted(urls)
            ),
            PageVisit(url=ENDPOINT, status=200, content_type="application/ld+json"),
        ),
        "products": products,
        "organisation_certifications": (
            esg_cert(provenance=prov(url=VERIFY, vocabulary="schema.org")),
        ),
        "endpoints": (
            Endpoint(
                url=ENDPOINT,
                media_type="application/ld+json",
                rel="alternate",
                page_url=PAGE,
            ),
        ),
        "trace_records": tuple(trace_record(s) for s in STAGES),
    }
    values.update(kw)
    return SiteDisclosure(**values)


def endpoint_footprint(**kw: Any) -> CarbonFootprint:
    """Return the page's footprint as the alternate endpoint serves it (PACT JSON)."""
    return footprint(
        provenance=prov(url=ENDPOINT, syntax="json", vocabulary="pact-v2"), **kw
    )


def document(label: str = "ESG certificate 2026 (PDF)", **kw: Any) -> DocumentLink:
    """Return a PDF linked from the product page."""
    values: dict[str, Any] = {
        "url": "https://acme.example/docs/esg-certificate-2026.pdf",
        "label": label,
        "media_type": "application/pdf",
        "topic": "esg",
        "page_url": PAGE,
    }
    values.update(kw)
    return DocumentLink(**values)


@pytest.fixture(scope="session")
def packs() -> tuple[Pack, ...]:
    """Return every built-in pack (loaded once)."""
    return load_packs(None)


def run(
    disclosure: SiteDisclosure, packs: tuple[Pack, ...], **options: Any
) -> tuple[Finding, ...]:
    """Evaluate with every rule in force and both country profiles by default."""
    values: dict[str, Any] = {"as_of": AS_OF, "profiles": frozenset({"jp", "de"})}
    values.update(options)
    return evaluate(disclosure, packs, EvaluationOptions(**values))


def status_of(
    findings: Iterable[Finding], rule_id: str, subject: str | None = None
) -> Status:
    """Return the single status of ``rule_id`` (for ``subject``), or fail the test."""
    found = [
        f for f in findings if f.rule_id == rule_id and subject in (None, f.subject)
    ]
    statuses = {f.status for f in found}
    assert len(statuses) == 1, (
        f"{rule_id}: {[(f.subject, f.status, f.message) for f in found]}"
    )
    return statuses.pop()
