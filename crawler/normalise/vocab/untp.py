"""UNTP Digital Product Passport (v0.6 "working" and numbered versions, 0.5, 0.3.10).

UNTP credentials are read in their compact form, whose keys are the UNTP
terms: the 0.6 contexts map every role property (``producedByParty``,
``issuingParty``, ``auditor``, ...) to the one IRI ``untp-core:Party``, so
after expansion the roles could no longer be told apart, and older versions
use terms the bundled working context does not define. Expansion still runs
for its diagnostics (dropped terms).

Shapes per version: 0.6 has ``credentialSubject.product``; 0.5 and 0.3.10
make the subject the product itself; ``traceabilityInformation`` is a list of
``{valueChainProcess, traceabilityEvent: [links]}`` (0.6), one such object
(0.5) or a list of links (0.3.10).
"""

from __future__ import annotations

import re
from dataclasses import replace

from crawler.normalise.access import node, nodes, number, text, texts
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.ids import gtin14, gtin_token, is_global_id, unique
from crawler.normalise.labels import (
    boundary,
    classification_scheme,
    conformity_topic,
    stage,
    standard_name,
    standard_names,
)
from crawler.normalise.tree import Node
from crawler.normalise.units import unit_code
from crawler.normalise.vocab.common import (
    credential_ref,
    enum_of,
    first_value,
    link_url,
    party,
)
from rules.disclosure import (
    CarbonFootprint,
    Certification,
    Classification,
    Material,
    Party,
    Product,
    TraceLink,
)

UNTP_TYPES = {
    "DigitalProductPassport": "untp-dpp",
    "DigitalConformityCredential": "untp-dcc",
    "DigitalTraceabilityEvent": "untp-dte",
    "DigitalFacilityRecord": "untp-dfr",
    "DigitalIdentityAnchor": "untp-dia",
}


def untp_vocabulary(root: Node) -> str | None:
    """Return ``untp-dpp`` / ``untp-dcc`` / ... for a UNTP credential, else ``None``."""
    return next((v for t, v in UNTP_TYPES.items() if t in root.types), None)


def map_dpp(root: Node, ctx: MapContext) -> Harvest:
    """Read a UNTP Digital Product Passport credential."""
    ctx = replace(ctx, credential=credential_ref(root, ctx), vocabulary="untp-dpp")
    issuer = party(first_value(root, "issuer"), ctx, "issuer")
    out = Harvest()
    for subject in nodes(root, "credentialSubject"):
        item = node(subject, "product") or subject
        links = _trace_links(subject, ctx)
        out.products.append(
            Product(
                key="",
                page_url=ctx.url,
                name=text(item, "name"),
                gtin=_gtin(item),
                ids=_ids(item),
                classifications=_categories(item),
                materials=_materials(subject, ctx, links),
                responsible_party=party(
                    node(item, "producedByParty"), ctx, "manufacturer"
                ),
                footprints=_footprints(subject, ctx),
                certifications=tuple(_claim(c, ctx, issuer) for c in _claims(subject)),
                trace_links=links,
                recycled_content_share=number(
                    node(subject, "circularityScorecard"), "recycledContent"
                ),
                provenance=(ctx.prov(item),),
            )
        )
    return out


def _gtin(item: Node) -> str | None:
    """Return the GTIN from the product's id (Digital Link) or GTIN registeredId."""
    found = gtin14(item.id)
    scheme = node(item, "idScheme")
    gtin_scheme = scheme is not None and bool(
        re.search(r"gtin|gs1\.org/01", f"{scheme.id} {text(scheme, 'name')}", re.I)
    )
    registered = text(item, "registeredId") or ""
    if found is None and gtin_scheme:
        found = gtin14(re.split(r"[./]", registered)[0])
    return found


def _ids(item: Node) -> tuple[str, ...]:
    gtin = _gtin(item)
    return unique(
        [
            item.id if item.id and is_global_id(item.id) else None,
            gtin_token(gtin) if gtin else None,
            *(f"batch:{b}" for b in texts(item, "batchNumber")),
            *(f"serial:{s}" for s in texts(item, "serialNumber")),
        ]
    )


def _categories(item: Node) -> tuple[Classification, ...]:
    found = []
    for cat in nodes(item, "productCategory"):
        code = text(cat, "code")
        if not code:
            continue
        scheme = classification_scheme(text(cat, "schemeName"), text(cat, "schemeID"))
        if scheme == "HS":
            code = re.sub(r"\D", "", code)
        found.append(Classification(scheme=scheme, code=code, name=text(cat, "name")))
    return tuple(found)


def _footprints(subject: Node, ctx: MapContext) -> tuple[CarbonFootprint, ...]:
    """Return the emissions scorecard as a footprint (kg CO2e per declared unit)."""
    card = node(subject, "emissionsScorecard")
    value = number(card, "carbonFootprint")
    if card is None or value is None:
        return ()
    scope = enum_of(card, "operationalScope")
    declared = unit_code(enum_of(card, "declaredUnit")) or enum_of(card, "declaredUnit")
    standard = node(card, "reportingStandard")
    ratio = number(card, "primarySourcedRatio")
    # UNTP defines operationalScope "None" as scope 1 and 2 only (REQUIREMENTS 2.5)
    only_direct = scope is not None and scope.lower() == "none"
    return (
        CarbonFootprint(
            value_kg_co2e=value,
            unit_raw="kg CO2e",
            declared_unit=declared,
            declared_amount=1.0 if declared else None,
            standards=standard_names([t for t in [text(standard, "name")] if t]),
            boundary=boundary(scope),
            primary_data_share=ratio * 100.0 if ratio is not None else None,
            scopes_included=frozenset({"scope1", "scope2"})
            if only_direct
            else frozenset(),
            scopes_excluded=frozenset({"scope3"}) if only_direct else frozenset(),
            method_reference=(standard.id if standard else None)
            or text(standard, "name"),
            provenance=ctx.prov(card),
        ),
    )


def _claims(subject: Node) -> tuple[Node, ...]:
    return nodes(subject, "conformityClaim") or nodes(subject, "conformityDeclarations")


# A claim about the product's upstream materials (a smelter or refiner audit):
# the supply-chain map's audit references (G7-TRC-05).
_UPSTREAM = re.compile(r"\bupstream\b|\bsmelter|\brefiner|\bmine site", re.I)


def _claim(claim: Node, ctx: MapContext, issuer: Party | None) -> Certification:
    """Return a conformity claim (a declaration by the passport's issuer)."""
    standard = node(claim, "referenceStandard")
    name = text(standard, "name") or text(claim, "name", "description")
    evidence = link_url(node(claim, "conformityEvidence"))
    topic = conformity_topic(enum_of(claim, "conformityTopic"))
    std = standard_name(name) if name else None
    epd = bool(std) and any(s in (std or "") for s in ("15804", "14025"))
    upstream = _UPSTREAM.search(f"{name or ''} {text(claim, 'description') or ''}")
    return Certification(
        name=name,
        issuer=issuer,
        subject="material" if upstream else "product",
        topic="epd" if epd else topic,
        reference_number=text(claim, "certificationIdentification") or claim.id,
        valid_from=ctx.credential.valid_from if ctx.credential else None,
        valid_until=ctx.credential.valid_until if ctx.credential else None,
        standard=std,
        programme_operator=text(node(standard, "issuingParty"), "name")
        if epd
        else None,
        verification_url=evidence,
        evidence_links=unique([evidence]),
        credential=ctx.credential,
        provenance=ctx.prov(claim),
    )


def _trace_links(subject: Node, ctx: MapContext) -> tuple[TraceLink, ...]:
    found = []
    for info in nodes(subject, "traceabilityInformation"):
        process = stage(text(info, "valueChainProcess"))
        for event in nodes(info, "traceabilityEvent") or (info,):
            url = link_url(event)
            if url:
                found.append(
                    TraceLink(
                        url=url,
                        stage=process,
                        label=text(event, "linkName"),
                        hash_digest=text(event, "hashDigest"),
                        hash_method=enum_of(event, "hashMethod"),
                        provenance=ctx.prov(event),
                    )
                )
    return tuple(found)


def _materials(
    subject: Node, ctx: MapContext, links: tuple[TraceLink, ...]
) -> tuple[Material, ...]:
    items = nodes(subject, "materialsProvenance")
    recycled_items = [
        i
        for i in items
        if (number(i, "recycledMassFraction", "recycledAmount") or 0) > 0
    ]
    found = []
    for item in items:
        recycled = number(item, "recycledMassFraction", "recycledAmount")
        name = text(item, "name") or "unnamed material"
        found.append(
            Material(
                name=name,
                origin_country=enum_of(item, "originCountry"),
                mass_fraction=number(item, "massFraction"),
                recycled_fraction=recycled,
                source="recycled"
                if recycled == 1.0
                else "primary"
                if recycled == 0
                else None,
                traceable=_source_traced(item, name, links, len(recycled_items))
                if (recycled or 0) > 0
                else None,
                provenance=ctx.prov(item),
            )
        )
    return tuple(found)


def _source_traced(
    item: Node, name: str, links: tuple[TraceLink, ...], recycled_count: int
) -> bool:
    """Tell whether a recycled material's source record is linked.

    Either the material links its own record (``traceabilityInformation`` or a
    ``linkURL`` on the material), or the passport has a recycling-stage trace
    link that names the material, or is the only recycled material's.
    """
    own = [
        link_url(e)
        for i in nodes(item, "traceabilityInformation")
        for e in (nodes(i, "traceabilityEvent") or (i,))
    ]
    if any(own) or text(item, "linkURL"):
        return True
    recycling = [link for link in links if link.stage == "recycling"]
    if recycled_count == 1 and recycling:
        return True
    wanted = name.casefold()
    return any(wanted in (link.label or "").casefold() for link in recycling)
