"""The PACT v3 ProductFootprint block, embedded as JSON-LD with a ``@vocab``."""

from __future__ import annotations

from reports.scaffold.record import FootprintRecord, ProductRecord
from reports.scaffold.vocab import (
    PACT_CONTEXT,
    PACT_UNITS,
    JsonObject,
    clean,
    decimal,
    pact_standard,
    timestamp,
)

__all__ = ["pact_footprint"]


def pact_footprint(record: ProductRecord) -> JsonObject | None:
    """Return the PACT v3 ProductFootprint, or ``None`` without a footprint value."""
    fp = record.footprint
    if fp.value is None:
        return None
    return clean(
        {
            "@context": PACT_CONTEXT,
            "id": fp.pcf_id,
            "specVersion": "3.0.0",
            # PACT v2's version field: greengate reads it for G7-CFP-04
            "version": _version(record.version),
            "created": timestamp(record.date_modified)
            if record.date_modified
            else None,
            "status": "Active",
            "companyName": record.manufacturer,
            "companyIds": list(record.manufacturer_urns),
            "productDescription": record.description or record.name,
            "productIds": [f"urn:gtin:{record.gtin}"] if record.gtin else [],
            "productNameCompany": record.name,
            "pcf": _pcf(fp),
        }
    )


def _pcf(fp: FootprintRecord) -> JsonObject:
    assert fp.value is not None  # checked by the caller
    pcf: JsonObject = {
        "declaredUnitOfMeasurement": PACT_UNITS.get(
            fp.unit_code or "", fp.declared_unit
        ),
        "declaredUnitAmount": decimal(fp.declared_amount)
        if fp.declared_amount
        else None,
        "referencePeriodStart": timestamp(fp.period_start) if fp.period_start else None,
        "referencePeriodEnd": f"{fp.period_end}T23:59:59Z" if fp.period_end else None,
        "geographyCountry": fp.geography_country,
        "boundaryProcessesDescription": fp.boundary,
        "pcfExcludingBiogenicUptake": decimal(fp.value),
        "ipccCharacterizationFactors": list(fp.characterisation_factors),
        "crossSectoralStandards": list(
            dict.fromkeys(pact_standard(s) for s in fp.standards)
        ),
        "secondaryEmissionFactorSources": [
            clean(
                {
                    "name": s.name,
                    "version": s.version,
                    "hashDigest": s.digest,
                    "hashMethod": s.digest_method,
                    "anchorUrl": s.anchor_url,
                }
            )
            for s in fp.sources
        ],
        "primaryDataShare": decimal(fp.primary_data_share)
        if fp.primary_data_share is not None
        else None,
        "verification": clean(
            {
                "providerName": fp.assurance_provider,
                "completedAt": timestamp(fp.assurance_date)
                if fp.assurance_date
                else None,
                "standardName": fp.assurance_standard,
            }
        ),
        # greengate's profile (README): not PACT terms, read by local name
        "gridMix": fp.grid_mix,
        "scope1": decimal(fp.scope1) if fp.scope1 is not None else None,
        "scope2": decimal(fp.scope2) if fp.scope2 is not None else None,
        "processInputs": clean(
            {
                "energyUse": fp.energy_use,
                "fuelTypes": list(fp.fuel_types),
                "upstreamMaterials": list(fp.upstream_materials),
            }
        ),
    }
    pcf.update((k, v) for k, v in fp.pact_fields if k not in pcf or pcf[k] is None)
    return clean(pcf)


def _version(text: str | None) -> int | str | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else text
