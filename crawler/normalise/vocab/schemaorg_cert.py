"""schema.org ``Certification`` (pending since release 25) and who holds it.

Real markup mixes ``@type``/``type``, full and bare enumeration values
(``https://schema.org/CertificationActive``, ``CertificationActive``) and
text or ``DefinedTerm`` identifiers; the local-name tree and :func:`enum`
make those look alike (see schema.org examples eg-0483 to eg-0488).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crawler.normalise.access import (
    as_text,
    date_of,
    has_type,
    nodes,
    text,
    texts,
    values,
)
from crawler.normalise.harvest import MapContext
from crawler.normalise.ids import unique
from crawler.normalise.labels import (
    certification_status,
    certification_topic,
    standard_name,
)
from crawler.normalise.tree import Node
from crawler.normalise.vocab.common import (
    enum_of,
    first_value,
    party,
    standards_mentioned,
)
from crawler.normalise.vocab.schemaorg_props import NamedValues, read_one
from rules.disclosure import CarbonFootprint, Certification, Issue

ORGANISATION_TYPES = frozenset(
    {
        "Organization",
        "Corporation",
        "LocalBusiness",
        "OnlineBusiness",
        "OnlineStore",
        "NGO",
        "GovernmentOrganization",
        "ResearchOrganization",
        "Manufacturer",
    }
)


@dataclass(frozen=True, slots=True)
class CertificationReading:
    """A certification and the footprints its measurements state."""

    certification: Certification
    footprints: tuple[CarbonFootprint, ...]
    issues: tuple[Issue, ...]


def read_certification(
    cert: Node, ctx: MapContext, subject: Literal["product", "organisation", "material"]
) -> CertificationReading:
    """Return a schema.org Certification node as a model certification."""
    name = text(cert, "name")
    description = text(cert, "description")
    measured, measure_names = _measurements(cert, ctx)
    topic = certification_topic(name, description, measure_names)
    issuer = party(first_value(cert, "issuedBy"), ctx, "issuer")
    url = text(cert, "url")
    found = Certification(
        name=name,
        issuer=issuer,
        subject=_subject(cert, ctx, subject),
        topic=topic,
        reference_number=_identification(cert),
        valid_from=date_of(cert, "validFrom", "dateCreated"),
        valid_until=date_of(cert, "expires", "validUntil", "validThrough"),
        status=certification_status(enum_of(cert, "certificationStatus")),
        standard=_standard(name, description),
        programme_operator=issuer.name if issuer and topic == "epd" else None,
        verification_url=url,
        evidence_links=unique(
            [
                url,
                cert.id if cert.id and cert.id.startswith("http") else None,
                *texts(cert, "sameAs"),
            ]
        ),
        credential=ctx.credential,
        provenance=ctx.prov(cert, "schema.org"),
    )
    return CertificationReading(
        found, tuple(measured.footprints), tuple(measured.issues)
    )


def _measurements(cert: Node, ctx: MapContext) -> tuple[NamedValues, str]:
    """Read a certification's ``hasMeasurement`` values, and their names."""
    measured = NamedValues()
    names: list[str] = []
    for item in map(ctx.resolve, nodes(cert, "hasMeasurement")):
        if item is not None:
            read_one(item, ctx, measured)
            names.extend(texts(item, "name"))
    return measured, " ".join(names)


def _identification(cert: Node) -> str | None:
    """Return the certificate number: text, or a DefinedTerm's code."""
    for value in values(cert, "certificationIdentification", "identifier"):
        if isinstance(value, Node) and not value.is_ref:
            found = text(value, "termCode", "codeValue", "value", "name")
        else:
            found = as_text(value)
        if found:
            return found
    return None


def _standard(*texts_: str | None) -> str | None:
    mentioned = standards_mentioned(*texts_)
    return standard_name(mentioned[0]) if mentioned else None


def _subject(
    cert: Node, ctx: MapContext, default: Literal["product", "organisation", "material"]
) -> Literal["product", "organisation", "material"]:
    for value in nodes(cert, "about"):
        about = ctx.resolve(value)
        if about is not None and has_type(about, *ORGANISATION_TYPES):
            return "organisation"
    return default


def about_ids(cert: Node, ctx: MapContext) -> tuple[str, ...]:
    """Return the ids of the products a standalone Certification is ``about``."""
    found: list[str | None] = []
    for value in nodes(cert, "about"):
        about = ctx.resolve(value) or value
        if not has_type(about, *ORGANISATION_TYPES):
            found.append(about.id)
            found.extend(texts(about, "gtin", "gtin14", "gtin13", "gtin12", "gtin8"))
    return unique(found)
