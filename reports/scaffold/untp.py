"""The UNTP Digital Product Passport block (``untp/dpp/0.6.0``)."""

from __future__ import annotations

from reports.scaffold.record import FootprintRecord, ProductRecord
from reports.scaffold.schemaorg import product_node_id
from reports.scaffold.vocab import (
    GTIN_SCHEME,
    UNTP_CONTEXT,
    UNTP_DTE_LINK,
    UNTP_SCOPES,
    JsonObject,
    clean,
    hs_label,
    is_iso14067,
    maybe_number,
    number,
)

__all__ = ["untp_passport"]


def untp_passport(record: ProductRecord) -> JsonObject | None:
    """Return the UNTP DPP credential, or ``None`` when the row has nothing for it."""
    subject = clean(
        {
            "type": ["ProductPassport"],
            "product": _untp_product(record),
            "conformityClaim": [
                {
                    "type": ["Claim"],
                    "id": a.reference,
                    "description": f"Upstream ESG audit: {a.description}",
                    "conformityTopic": "social.due-diligence",
                }
                for a in record.upstream_audits
            ],
            "emissionsScorecard": _scorecard(record.footprint),
            "traceabilityInformation": [
                {
                    "valueChainProcess": t.stage,
                    "traceabilityEvent": [
                        clean(
                            {
                                "linkURL": t.url,
                                "linkName": t.label or f"{t.stage} record",
                                "linkType": UNTP_DTE_LINK,
                            }
                        )
                    ],
                }
                for t in record.traceability
            ],
            "materialsProvenance": [
                clean(
                    {
                        "name": m.name,
                        "originCountry": m.origin,
                        "massFraction": maybe_number(m.mass_fraction),
                        "recycledMassFraction": maybe_number(m.recycled_share),
                    }
                )
                for m in record.materials
            ],
        }
    )
    if set(subject) <= {"type", "product"}:
        return None
    return {
        "@context": UNTP_CONTEXT,
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        **clean(
            {"id": f"{record.product_url}#passport" if record.product_url else None}
        ),
        **clean(
            {
                "issuer": clean(
                    {
                        "type": ["CredentialIssuer"],
                        "id": record.manufacturer_id,
                        "name": record.manufacturer,
                    }
                )
                if record.manufacturer or record.manufacturer_id
                else None
            }
        ),
        "credentialSubject": subject,
    }


def _untp_product(record: ProductRecord) -> JsonObject:
    category = (
        [
            {
                "type": ["Classification"],
                "code": record.hs_code,
                "name": f"HS {hs_label(record.hs_code)}",
                "schemeName": "Harmonized System (HS)",
            }
        ]
        if record.hs_code
        else None
    )
    return clean(
        {
            "type": ["Product"],
            "id": f"https://id.gs1.org/01/{record.gtin}"
            if record.gtin
            else product_node_id(record),
            "name": record.name,
            "registeredId": record.gtin,
            "idScheme": GTIN_SCHEME if record.gtin else None,
            "description": record.description,
            "productCategory": category,
            "producedByParty": clean(
                {"id": record.manufacturer_id, "name": record.manufacturer}
            )
            or None,
        }
    )


def _scorecard(fp: FootprintRecord) -> JsonObject | None:
    if fp.value is None or not fp.unit_code or not fp.declared_amount:
        return None  # UNTP states the footprint per one declared unit (a code)
    only_direct = not fp.boundary and set(fp.scopes_included) == {"scope1", "scope2"}
    standard = next((s for s in fp.standards if is_iso14067(s)), None) or next(
        iter(fp.standards), None
    )
    return clean(
        {
            "carbonFootprint": number(fp.value / fp.declared_amount),
            "declaredUnit": fp.unit_code,
            "operationalScope": "None"
            if only_direct
            else UNTP_SCOPES.get(fp.boundary or ""),
            "primarySourcedRatio": number(fp.primary_data_share / 100)
            if fp.primary_data_share is not None
            else None,
            "reportingStandard": {"type": ["Standard"], "name": standard}
            if standard
            else None,
        }
    )
