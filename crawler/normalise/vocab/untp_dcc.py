"""UNTP Digital Conformity Credential: a third party's attestation.

Each ``assessment`` becomes a certification issued by the credential's issuer
(the conformity assessment body). When it names assessed products, it is a
loose fact carrying their ids, so the page (or the site) attaches it to the
product; otherwise it is an organisation certification.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.normalise.access import node, nodes, text, values
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.ids import gtin14, gtin_token, is_global_id, unique
from crawler.normalise.labels import (
    certification_topic,
    conformity_topic,
    standard_name,
)
from crawler.normalise.tree import Node
from crawler.normalise.vocab.common import (
    credential_ref,
    enum_of,
    first_value,
    link_url,
    party,
)
from rules.disclosure import Certification, Party, Product


def map_dcc(root: Node, ctx: MapContext) -> Harvest:
    """Read a UNTP Digital Conformity Credential."""
    ctx = replace(ctx, credential=credential_ref(root, ctx), vocabulary="untp-dcc")
    issuer = party(first_value(root, "issuer"), ctx, "issuer")
    out = Harvest()
    for attestation in nodes(root, "credentialSubject"):
        for assessment in nodes(attestation, "assessment", "assessments") or (
            attestation,
        ):
            cert = _certification(attestation, assessment, issuer, ctx)
            products = _assessed_products(assessment)
            if not products:
                out.organisation_certifications.append(
                    replace(cert, subject="organisation")
                )
            for item in products:
                gtin = gtin14(item.id)
                out.loose.append(
                    Product(
                        key="",
                        page_url=ctx.url,
                        name=text(item, "name"),
                        gtin=gtin,
                        ids=unique(
                            [
                                item.id if item.id and is_global_id(item.id) else None,
                                gtin_token(gtin) if gtin else None,
                            ]
                        ),
                        certifications=(cert,),
                        provenance=(ctx.prov(item),),
                    )
                )
    return out


def _certification(
    attestation: Node, assessment: Node, issuer: Party | None, ctx: MapContext
) -> Certification:
    standard = node(assessment, "referenceStandard") or node(attestation, "scope")
    standard_text = text(standard, "name")
    certificate = link_url(node(attestation, "conformityCertificate"))
    evidence = link_url(node(attestation, "auditableEvidence"))
    name = text(assessment, "name") or text(attestation, "name")
    return Certification(
        name=name,
        issuer=issuer,
        topic=conformity_topic(enum_of(assessment, "conformityTopic"))
        or certification_topic(name, standard_text),
        reference_number=attestation.id or text(attestation, "referenceNumber"),
        valid_from=ctx.credential.valid_from if ctx.credential else None,
        valid_until=ctx.credential.valid_until if ctx.credential else None,
        status=_status(assessment),
        standard=standard_name(standard_text) if standard_text else None,
        verification_url=certificate,
        evidence_links=unique([certificate, evidence]),
        credential=ctx.credential,
        issued_to=party(first_value(attestation, "issuedToParty"), ctx, "holder"),
        provenance=ctx.prov(assessment),
    )


def _status(assessment: Node) -> str | None:
    found = values(assessment, "conformance", "compliance")
    if not found or not isinstance(found[0], bool):
        return None
    return "conformant" if found[0] else "non-conformant"


def _assessed_products(assessment: Node) -> list[Node]:
    """Return the ``assessedProduct`` nodes (0.6 wraps each in ``product``)."""
    found = []
    for item in nodes(assessment, "assessedProduct", "assessedProducts"):
        inner = node(item, "product")
        found.append(inner if inner is not None else item)
    return [p for p in found if p.id or text(p, "name")]
