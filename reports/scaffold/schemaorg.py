"""The schema.org ``Product`` block, with ``hasCertification``."""

from __future__ import annotations

from reports.scaffold.record import ProductRecord
from reports.scaffold.vocab import (
    SCHEMA_ORG,
    JsonObject,
    clean,
    gtin_property,
    hs_label,
    number,
)

__all__ = ["product_node_id", "schema_org_product"]


def product_node_id(record: ProductRecord) -> str | None:
    """Return the product's JSON-LD ``@id`` (``<product_url>#product``), if known."""
    if record.product_url:
        return f"{record.product_url}#product"
    return None


def schema_org_product(record: ProductRecord) -> JsonObject:
    """Return the schema.org ``Product`` block."""
    gtin = dict([gtin_property(record.gtin)]) if record.gtin else {}
    product: JsonObject = {
        "@context": SCHEMA_ORG,
        "@type": "Product",
        "@id": product_node_id(record),
        "name": record.name,
        "description": record.description,
        "sku": record.product_id,
        **gtin,
        "category": record.category,
        "url": record.product_url,
        "manufacturer": _organisation(record.manufacturer, record.manufacturer_id),
        "version": record.version,
        "dateModified": record.date_modified.isoformat()
        if record.date_modified
        else None,
        "additionalProperty": _properties(record),
        "hasCertification": _certifications(record),
        "subjectOf": _data_download(record.data_url),
    }
    return clean(product)


def _organisation(name: str | None, ident: str | None) -> JsonObject | None:
    if not name and not ident:
        return None
    return clean({"@type": "Organization", "@id": ident, "name": name})


def _properties(record: ProductRecord) -> list[JsonObject]:
    found: list[JsonObject] = []
    if record.hs_code:
        found.append(
            {
                "@type": "PropertyValue",
                "propertyID": "HS",
                "name": "HS code",
                "value": hs_label(record.hs_code),
            }
        )
    if record.water_litres is not None:
        found.append(
            {
                "@type": "PropertyValue",
                "name": "Water consumption",
                "value": number(record.water_litres),
                "unitCode": "LTR",
            }
        )
    return found


def _certifications(record: ProductRecord) -> list[JsonObject]:
    found = []
    cert = record.certification
    if cert is not None:
        found.append(
            _certification(
                cert.name,
                cert.reference,
                _organisation_url(cert.issuer, cert.issuer_url),
                cert.valid_from,
                cert.valid_until,
                cert.url,
            )
        )
    epd = record.epd
    if epd is not None:
        name = "Environmental Product Declaration"
        found.append(
            _certification(
                f"{name} ({epd.standard})" if epd.standard else name,
                epd.registration,
                _organisation_url(epd.operator, None),
                epd.valid_from,
                epd.valid_until,
                epd.url,
            )
        )
    return found


def _organisation_url(name: str | None, url: str | None) -> JsonObject | None:
    if not name and not url:
        return None
    return clean({"@type": "Organization", "name": name, "url": url})


def _certification(
    name: str | None,
    reference: str | None,
    issuer: JsonObject | None,
    valid_from: object,
    valid_until: object,
    url: str | None,
) -> JsonObject:
    return clean(
        {
            "@type": "Certification",
            "name": name,
            "certificationIdentification": reference,
            "issuedBy": issuer,
            "validFrom": str(valid_from) if valid_from else None,
            "expires": str(valid_until) if valid_until else None,
            "url": url,
        }
    )


def _data_download(url: str | None) -> JsonObject | None:
    if not url:
        return None
    return {
        "@type": "DataDownload",
        "encodingFormat": "application/ld+json",
        "contentUrl": url,
    }
