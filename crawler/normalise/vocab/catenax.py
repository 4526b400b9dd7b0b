"""Catena-X PCF aspect model (``io.catenax.pcf``), versions 7.0.0 and 9.0.0.

9.0.0 nests the PACT-derived fields in sections of one-element lists
(``pcfAssessmentAndMethodology[0].pcfMethodology[0].standards[0]...``); 7.0.0
is PACT-v2-shaped with ``extWBCSD_``/``extTFS_`` prefixes and
``partialFullPcf``. The production-stage ``pcfExcludingBiogenicUptake`` is the
cradle-to-gate value. An ``attestationOfConformance`` is a third-party
verification record: it becomes the footprint's assurance and a carbon
certification of the product.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.normalise.access import date_of, node, text
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.labels import boundary
from crawler.normalise.tree import Node
from crawler.normalise.vocab.pcf import assurance_of, flatten, footprint, product_of
from rules.disclosure import Certification, Party

VOCABULARY = "catenax-pcf"
_SECTIONS_9 = (
    "productLifeCycleStagesAndEmissions",
    "pcfAssessmentAndMethodology",
    "companyAndProductInformation",
)


def is_catenax_pcf(root: Node) -> bool:
    """Return whether a root is a Catena-X PCF (9.0 sections or 7.0 shape)."""
    if any(name in root.props for name in _SECTIONS_9):
        return True
    return "pcf" in root.props and "partialFullPcf" in root.props


def map_catenax(root: Node, ctx: MapContext) -> Harvest:
    """Read a Catena-X PCF as a loose product with its footprint."""
    ctx = replace(ctx, vocabulary=VOCABULARY)
    flat, where = flatten(root)
    attestation = node(flat, "attestationOfConformance")
    scope = text(flat, "partialFullPcf")
    found = footprint(
        flat,
        where,
        ctx,
        boundary=boundary(scope) or "cradle-to-gate",
        assurance=assurance_of(attestation),
        version=_version(flat, root),
    )
    product = product_of(flat, ctx, found, VOCABULARY)
    if attestation is not None:
        product = replace(product, certifications=(_certification(attestation, ctx),))
    out = Harvest()
    out.loose.append(product)
    return out


def _version(flat: Node, root: Node) -> str | None:
    """Return the footprint version (9.0: ``idAndVersion``; 7.0: top level)."""
    return text(node(flat, "idAndVersion") or root, "version")


def _certification(attestation: Node, ctx: MapContext) -> Certification:
    provider = text(attestation, "providerName")
    link = text(attestation, "attestationOfConformanceLink")
    return Certification(
        name=text(attestation, "attestationType", "standardName"),
        issuer=Party(name=provider, id=text(attestation, "providerId"), role="issuer")
        if provider
        else None,
        topic="carbon",
        reference_number=text(attestation, "attestationOfConformanceId"),
        valid_from=date_of(attestation, "completedAt"),
        standard=text(attestation, "attestationStandard", "standardName"),
        verification_url=link,
        evidence_links=(link,) if link else (),
        provenance=ctx.prov(attestation),
    )
