"""schema.org: Product (and its kinds), Certification, Organization.

Products found anywhere in a block (a WebPage's ``mainEntity``, an ``@graph``,
an Offer's ``itemOffered``) are read; a standalone Certification is a loose
fact attached to what it is ``about``; an Organization's certifications are
the supplier's organisation certifications (G7-ESG-01).
"""

from __future__ import annotations

import re

from crawler.normalise.access import (
    date_of,
    has_type,
    name_of,
    nodes,
    text,
    texts,
    values,
)
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.ids import gtin14, gtin_token, is_global_id, unique
from crawler.normalise.tree import Node
from crawler.normalise.vocab.common import find_nodes, party
from crawler.normalise.vocab.schemaorg_cert import (
    ORGANISATION_TYPES,
    about_ids,
    read_certification,
)
from crawler.normalise.vocab.schemaorg_props import (
    category_classifications,
    read_named_values,
)
from rules.disclosure import Classification, Material, Party, Product

PRODUCT_TYPES = frozenset(
    {
        "Product",
        "ProductModel",
        "IndividualProduct",
        "SomeProducts",
        "ProductGroup",
        "Vehicle",
        "Car",
        "Motorcycle",
        "BusOrCoach",
        "MotorizedBicycle",
    }
)
_GTIN_PROPS = ("gtin14", "gtin13", "gtin12", "gtin8", "gtin")
_HS_PROPS = ("hsCode", "hs_code", "hsCodes", "harmonizedSystemCode", "tariffCode")


def is_schemaorg(root: Node, hints: frozenset[str]) -> bool:
    """Return whether a root node is written in schema.org terms."""
    if "schema.org" in hints:
        return True
    return any(
        "schema.org/" in space or space == "schema:"
        for n in root.walk()
        for space in n.namespaces
    )


def map_schemaorg(root: Node, ctx: MapContext) -> Harvest:
    """Read every product, certification and organisation in a schema.org block."""
    out = Harvest()
    wanted = PRODUCT_TYPES | ORGANISATION_TYPES | {"Certification"}
    for found in find_nodes(root, lambda n: has_type(n, *wanted)):
        if has_type(found, *PRODUCT_TYPES):
            out.products.append(read_product(found, ctx, out))
        elif has_type(found, "Certification"):
            _read_standalone_certification(found, ctx, out)
        else:
            _read_organisation(found, ctx, out, role=None)
    return out


def read_product(item: Node, ctx: MapContext, out: Harvest) -> Product:
    """Return a schema.org product node as a model product (key set later)."""
    named = read_named_values(item, ctx)
    out.issues.extend(named.issues)
    readings = [
        read_certification(cert, ctx, "product")
        for cert in map(ctx.resolve, nodes(item, "hasCertification"))
        if cert is not None
    ]
    out.issues.extend(i for r in readings for i in r.issues)
    footprints = [*named.footprints, *(f for r in readings for f in r.footprints)]
    certifications = [r.certification for r in readings]
    gtin = product_gtin(item)
    return Product(
        key="",
        ids=unique(
            [
                item.id if item.id and is_global_id(item.id) else None,
                gtin_token(gtin) if gtin else None,
                *_other_ids(item),
            ]
        ),
        gtin=gtin,
        name=text(item, "name"),
        page_url=ctx.url,
        classifications=tuple(_classifications(item) + named.classifications),
        categories=_categories(item),
        materials=_materials(item, ctx),
        responsible_party=_responsible(item, ctx, out),
        footprints=tuple(footprints),
        certifications=tuple(certifications),
        indicators=tuple(named.indicators),
        recycled_content_share=named.recycled_share,
        version=text(item, "version"),
        date_modified=date_of(item, "dateModified"),
        provenance=(ctx.prov(item, "schema.org"),),
    )


def product_gtin(item: Node) -> str | None:
    """Return the 14-digit GTIN of a product node, from any gtin property or its id."""
    for candidate in (*texts(item, *_GTIN_PROPS), item.id):
        found = gtin14(candidate)
        if found:
            return found
    for ident in nodes(item, "identifier"):
        if re.search(r"gtin", text(ident, "propertyID") or "", re.I):
            return gtin14(text(ident, "value"))
    return None


def _other_ids(item: Node) -> list[str]:
    prefixed = (("sku", "sku"), ("mpn", "mpn"), ("serialNumber", "serial"))
    return [
        f"{prefix}:{value}" for name, prefix in prefixed for value in texts(item, name)
    ]


def _classifications(item: Node) -> list[Classification]:
    direct = [re.sub(r"\D", "", code) for code in texts(item, *_HS_PROPS)]
    return [Classification(scheme="HS", code=c) for c in direct if len(c) >= 4] + (
        category_classifications(item)
    )


def _categories(item: Node) -> tuple[str, ...]:
    found = (
        name_of(v) or (v.id if isinstance(v, Node) else None)
        for v in values(item, "category")
    )
    return unique(found)


def _materials(item: Node, ctx: MapContext) -> tuple[Material, ...]:
    found = []
    for value in values(item, "material"):
        name = name_of(ctx.resolve(value) or value)
        if name:
            where = value if isinstance(value, Node) else item
            found.append(Material(name=name, provenance=ctx.prov(where, "schema.org")))
    return tuple(found)


def _responsible(item: Node, ctx: MapContext, out: Harvest) -> Party | None:
    """Return the manufacturer (else the brand); keep its certifications."""
    for prop, role in (("manufacturer", "manufacturer"), ("brand", "brand")):
        for value in values(item, prop):
            org = ctx.resolve(value)
            if org is not None and not org.is_ref:
                _read_organisation(org, ctx, out, role=role)
            found = party(value, ctx, role)
            if found is not None:
                return found
    return None


def _read_organisation(
    org: Node, ctx: MapContext, out: Harvest, role: str | None
) -> None:
    for value in nodes(org, "hasCertification"):
        cert = ctx.resolve(value)
        if cert is not None:
            reading = read_certification(cert, ctx, "organisation")
            out.organisation_certifications.append(reading.certification)
            out.issues.extend(reading.issues)


def _read_standalone_certification(cert: Node, ctx: MapContext, out: Harvest) -> None:
    """Read a Certification that is not nested in a product or organisation."""
    if cert.id and cert.id in ctx.referenced:
        return  # a product or organisation elsewhere on the page includes it
    reading = read_certification(cert, ctx, "product")
    out.issues.extend(reading.issues)
    if reading.certification.subject == "organisation":
        out.organisation_certifications.append(reading.certification)
        return
    ids = about_ids(cert, ctx)
    gtins = unique(gtin14(i) for i in ids)
    out.loose.append(
        Product(
            key="",
            ids=unique(
                [*(i for i in ids if is_global_id(i)), *(gtin_token(g) for g in gtins)]
            ),
            gtin=gtins[0] if gtins else None,
            page_url=ctx.url,
            footprints=reading.footprints,
            certifications=(reading.certification,),
            provenance=(ctx.prov(cert, "schema.org"),),
        )
    )
