"""The PACT-family product carbon footprint fields, shared by PACT and Catena-X.

PACT v2, PACT v3 and Catena-X PCF 7.0/9.0 name the same facts with small
differences (``pCfExcludingBiogenic``, ``pcfExcludingBiogenic``,
``pcfExcludingBiogenicUptake``; ``declaredUnit``/``declaredUnitOfMeasurement``;
Catena-X 7 prefixes PACT fields with ``extWBCSD_``; Catena-X 9 nests them in
one-element lists). A document is flattened breadth first (the first, least
nested occurrence of a name wins) and read by the aliases below. Values are
kg CO2e per declared unit in all of them.
"""

from __future__ import annotations

import re

from crawler.normalise.access import as_text, date_of, nodes, number, text, texts
from crawler.normalise.harvest import MapContext
from crawler.normalise.ids import gtin14, gtin_token, unique
from crawler.normalise.labels import classification_scheme, standard_names
from crawler.normalise.tree import Node, Value
from crawler.normalise.units import unit_code
from rules.disclosure import (
    Assurance,
    CarbonFootprint,
    Classification,
    EmissionFactorSource,
    Party,
    ProcessInputs,
    Product,
)

_EXTENSION_PREFIX = re.compile(r"^ext[A-Za-z]+_")
_VERSIONED_NAME = re.compile(r"^(?P<name>.*?)[\s_-]+v?(?P<version>\d+(?:\.\d+)*)$")


def flatten(root: Node) -> tuple[Node, dict[str, str]]:
    """Return all fields of a document as one node, and where each was found.

    Returns:
        ``(node whose props are every field name -> values, name -> pointer of
        the object holding it)``.
    """
    props: dict[str, tuple[Value, ...]] = {}
    where: dict[str, str] = {}
    queue = [root]
    while queue:
        current = queue.pop(0)
        for key, vals in current.props.items():
            name = _EXTENSION_PREFIX.sub("", key)
            if name not in props:
                props[name], where[name] = vals, current.pointer
            queue.extend(v for v in vals if isinstance(v, Node))
    return Node(props=props, pointer=root.pointer), where


def footprint(
    flat: Node,
    where: dict[str, str],
    ctx: MapContext,
    *,
    boundary: str | None,
    assurance: Assurance | None,
    version: str | None,
) -> CarbonFootprint | None:
    """Return the footprint PACT-family fields state (``None`` without a value)."""
    names = (
        "pcfExcludingBiogenic",
        "pCfExcludingBiogenic",
        "pcfExcludingBiogenicUptake",
    )
    value = number(flat, *names)
    if value is None:
        return None
    unit = text(flat, "declaredUnit", "declaredUnitOfMeasurement")
    holder = next((where[n] for n in names if n in where), flat.pointer)
    return CarbonFootprint(
        value_kg_co2e=value,
        unit_raw="kg CO2e",
        declared_unit=unit_code(unit) or unit,
        declared_amount=number(flat, "unitaryProductAmount", "declaredUnitAmount"),
        standards=standard_names(_standards(flat)),
        boundary=boundary,
        reference_period_start=date_of(flat, "referencePeriodStart"),
        reference_period_end=date_of(flat, "referencePeriodEnd"),
        characterisation_factors=unique(
            t.upper()
            for t in texts(
                flat,
                "ipccCharacterizationFactorsSources",
                "ipccCharacterizationFactors",
                "characterizationFactors",
            )
        ),
        emission_factor_sources=_factor_sources(flat),
        primary_data_share=number(flat, "primaryDataShare"),
        # No published PCF model names the electricity / grid-mix assumption;
        # greengate's profile (README) reads these extension keys.
        grid_mix=text(flat, *GRID_MIX_KEYS),
        method_reference=_rules(flat),
        version=version,
        last_updated=date_of(flat, "updated", "created"),
        assurance=assurance,
        process_inputs=process_inputs(flat),
        responsible_party=data_owner(flat),
        provenance=ctx.prov(holder),
    )


GRID_MIX_KEYS = ("gridMix", "electricityMix", "electricityGridMix", "gridMixAssumption")


def _standards(flat: Node) -> list[str]:
    found = list(texts(flat, "crossSectoralStandardsUsed", "crossSectoralStandards"))
    for item in nodes(flat, "crossSectoralStandardsUsed"):  # Catena-X 7: objects
        found.extend(texts(item, "crossSectoralStandard"))
    return found


def _factor_sources(flat: Node) -> tuple[EmissionFactorSource, ...]:
    found = []
    for value in flat.props.get("secondaryEmissionFactorSources", ()):
        if isinstance(value, Node):
            source = _factor_source(value)
            if source is not None:
                found.append(source)
            continue
        match = _VERSIONED_NAME.match(
            as_text(value) or ""
        )  # Catena-X 9: "ecoinvent 3.8"
        name = match["name"] if match else as_text(value)
        if name:
            found.append(
                EmissionFactorSource(
                    name=name, version=match["version"] if match else None
                )
            )
    return tuple(found)


def _factor_source(value: Node) -> EmissionFactorSource | None:
    """Return one factor set, with the digest and anchor of greengate's profile."""
    name = text(value, "name", "emissionFactorDS")
    if not name:
        return None
    return EmissionFactorSource(
        name=name,
        version=text(value, "version", "emissionFactorDSVersion"),
        digest=text(value, *ANCHOR_DIGEST_KEYS),
        digest_method=text(value, "hashMethod", "digestMethod"),
        anchor_url=text(value, "anchorUrl", "anchorURL", "anchoringRecord", "anchor"),
    )


ANCHOR_DIGEST_KEYS = ("hashDigest", "digest", "anchoredDigest")


def process_inputs(flat: Node) -> ProcessInputs | None:
    """Return the process-level inputs of greengate's profile (MDP-EF-02).

    No PCF model names them; the profile reads ``processInputs`` with
    ``energyUse``, ``fuelTypes`` and ``upstreamMaterials`` (README, greengate's
    profile).
    """
    holder = next(iter(nodes(flat, "processInputs")), None)
    if holder is None:
        return None
    found = ProcessInputs(
        energy_use=text(holder, "energyUse", "energyConsumption"),
        fuel_types=texts(holder, "fuelTypes", "fuelType"),
        upstream_materials=texts(holder, "upstreamMaterials", "upstreamMaterialInputs"),
    )
    return found if found != ProcessInputs() else None


def _rules(flat: Node) -> str | None:
    found = list(texts(flat, "productOrSectorSpecificRules"))
    for rule in nodes(flat, "productOrSectorSpecificRules"):
        found.extend(texts(rule, "ruleNames"))
        found.extend(t for n in nodes(rule, "ruleNames") for t in texts(n, "ruleName"))
    return "; ".join(unique(found)) or None


def data_owner(flat: Node) -> Party | None:
    """Return the company that owns the footprint data."""
    name = text(flat, "companyName")
    ids = texts(flat, "companyIds")
    if not name and not ids:
        return None
    return Party(name=name, id=ids[0] if ids else None, role="data-owner")


def product_of(
    flat: Node, ctx: MapContext, found: CarbonFootprint | None, vocabulary: str
) -> Product:
    """Return the loose product a footprint document names (ids, name, codes)."""
    ids = texts(flat, "productIds")
    codes = texts(flat, "productClassifications")
    gtins = unique(gtin14(i) for i in (*ids, *codes))
    return Product(
        key="",
        page_url=ctx.url,
        gtin=gtins[0] if gtins else None,
        ids=unique([*ids, *(gtin_token(g) for g in gtins)]),
        name=text(flat, "productNameCompany", "productName"),
        classifications=_classifications(flat, codes),
        responsible_party=data_owner(flat),
        footprints=(found,) if found else (),
        provenance=(ctx.prov(flat.pointer, vocabulary),),
    )


def _classifications(flat: Node, codes: tuple[str, ...]) -> tuple[Classification, ...]:
    found = [
        Classification(scheme="CPC", code=c)
        for c in texts(flat, "productCategoryCpc", "productCodeCpc")
    ]
    for urn in codes:  # urn:pact:productclassification:un-cpc:1234
        parts = urn.split(":")
        if len(parts) >= 3 and not gtin14(urn):
            scheme = classification_scheme(parts[-2])
            code = re.sub(r"\D", "", parts[-1]) if scheme == "HS" else parts[-1]
            found.append(Classification(scheme=scheme, code=code))
    return tuple(found)


def assurance_of(holder: Node | None) -> Assurance | None:
    """Return a PACT ``assurance`` / ``verification`` or Catena-X attestation.

    PACT v2 writes ``{"assurance": false, "providerName": ""}`` when there is
    none, so only a provider's name or ``assurance: true`` counts.
    """
    if holder is None:
        return None
    provider = text(holder, "providerName")
    asserted = any(v is True for v in holder.props.get("assurance", ()))
    if not provider and not asserted:
        return None
    return Assurance(
        provider=provider,
        level=text(holder, "level"),
        date=date_of(holder, "completedAt"),
        standard=text(holder, "attestationStandard", "standardName"),
    )
