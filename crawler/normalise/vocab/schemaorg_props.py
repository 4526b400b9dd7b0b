"""Facts that schema.org pages state as named values (PropertyValue, QuantitativeValue).

schema.org has no carbon-footprint, HS-code or water term, so pages put them
in ``additionalProperty`` PropertyValues (or ``hasMeasurement``) and name them.
The name or ``propertyID`` decides what a value is. A footprint read this way
has ``vocabulary="informal"`` and an ``informal-vocabulary`` issue: the rules
accept it, and say that it rests on a loose name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from crawler.normalise.access import (
    as_number,
    as_text,
    node,
    nodes,
    text,
    texts,
    values,
)
from crawler.normalise.harvest import MapContext
from crawler.normalise.labels import boundary, classification_scheme, standard_names
from crawler.normalise.tree import Node
from crawler.normalise.units import (
    co2e_unit,
    fraction,
    kg_co2e,
    split_quantity,
    unit_code,
)
from crawler.normalise.vocab.common import standards_mentioned
from rules.disclosure import CarbonFootprint, Classification, Indicator, Issue

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "hs",
        re.compile(r"\bhs\b|hs[\s_-]?code|harmoni[sz]ed|tariff|customs|\bhts\b", re.I),
    ),
    ("carbon", re.compile(r"carbon|co2|co₂|\bpcf\b|\bghg\b|greenhouse", re.I)),
    ("grid", re.compile(r"grid[\s_-]?mix|electricity[\s_-]?(mix|source)", re.I)),
    ("water", re.compile(r"water", re.I)),
    ("recycled", re.compile(r"recycl|scrap|secondary.(material|content)", re.I)),
)
_BOUNDARY_WORDS = re.compile(r"(cradle|gate)[\s_-]*to[\s_-]*(gate|grave|cradle)", re.I)


@dataclass(slots=True)
class NamedValues:
    """What a product's named values said."""

    classifications: list[Classification] = field(default_factory=list)
    footprints: list[CarbonFootprint] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    recycled_share: float | None = None
    grid_mix: str | None = None
    issues: list[Issue] = field(default_factory=list)


def kind_of(label: str) -> str | None:
    """Return what a value's name says it is: hs, carbon, water or recycled."""
    return next((kind for kind, pattern in _KINDS if pattern.search(label)), None)


def read_named_values(product: Node, ctx: MapContext) -> NamedValues:
    """Read a product's ``additionalProperty`` and ``hasMeasurement`` values."""
    found = NamedValues()
    named = nodes(product, "additionalProperty") + nodes(product, "hasMeasurement")
    for item in (ctx.resolve(v) for v in named):
        if item is not None:
            read_one(item, ctx, found)
    if found.grid_mix:  # a separate named value states the footprint's grid mix
        found.footprints = [
            replace(f, grid_mix=f.grid_mix or found.grid_mix) for f in found.footprints
        ]
    return found


def read_one(item: Node, ctx: MapContext, found: NamedValues) -> None:
    """Read one PropertyValue / QuantitativeValue into ``found``."""
    label = " ".join(texts(item, "name", "propertyID"))
    kind = kind_of(label)
    value, unit = _quantity(item)
    if kind == "hs":
        code = re.sub(r"\D", "", text(item, "value") or "")
        if len(code) >= 4:
            found.classifications.append(Classification(scheme="HS", code=code))
    elif kind == "grid":
        found.grid_mix = text(item, "value")
    elif kind == "carbon" and value is not None:
        found.footprints.append(footprint(item, value, unit, ctx))
        found.issues.append(informal_issue(item, label, ctx))
    elif kind == "water" and value is not None:
        found.indicators.append(
            Indicator(
                name="water-consumption",
                value=value,
                unit=unit_code(unit) or unit,
                provenance=ctx.prov(item, "informal"),
            )
        )
    elif kind == "recycled" and value is not None:
        is_percent = bool(unit) and (unit or "").strip().upper() in (
            "%",
            "P1",
            "PERCENT",
        )
        found.recycled_share = fraction(value, percent=is_percent)


def _quantity(item: Node) -> tuple[float | None, str | None]:
    """Return the number and unit of a named value (nested values included)."""
    inner = node(item, "value")
    if inner is not None:
        return _quantity(inner)
    unit = text(item, "unitCode", "unitText")
    for raw in values(item, "value"):
        number = as_number(raw)
        if number is not None:
            return number, unit
        parsed, parsed_unit = split_quantity(as_text(raw))
        if parsed is not None:
            return parsed, unit or parsed_unit
    return None, unit


def footprint(
    item: Node, value: float, unit: str | None, ctx: MapContext
) -> CarbonFootprint:
    """Return the footprint a named value states (kg CO2e, declared unit if said)."""
    words = " ".join(texts(item, "name", "propertyID", "description", "unitText"))
    _, per = co2e_unit(unit)
    found = _BOUNDARY_WORDS.search(words)
    return CarbonFootprint(
        value_kg_co2e=kg_co2e(value, unit),
        unit_raw=unit,
        declared_unit=per,
        declared_amount=1.0 if per else None,
        standards=standard_names(list(standards_mentioned(words))),
        boundary=boundary(found.group(0)) if found else None,
        provenance=ctx.prov(item, "informal"),
    )


def informal_issue(item: Node, label: str, ctx: MapContext) -> Issue:
    """Return the issue saying a footprint was read from a loosely named value."""
    return ctx.issue(
        "informal-vocabulary",
        f"carbon footprint read from a value named {label!r}: schema.org has no "
        "footprint term, so the vocabulary is informal",
        item,
        detail=label,
    )


def category_classifications(product: Node) -> list[Classification]:
    """Return HS (or other) codes given as ``category`` CategoryCodes or text."""
    found: list[Classification] = []
    for value in values(product, "category"):
        if isinstance(value, Node):
            code = text(value, "codeValue", "termCode")
            scheme = classification_scheme(
                text(value, "inCodeSet"), text(value, "name") if not code else None
            )
            if code and scheme != "unknown":
                digits = re.sub(r"\D", "", code) if scheme == "HS" else code
                found.append(
                    Classification(scheme=scheme, code=digits, name=text(value, "name"))
                )
        else:
            match = re.match(
                r"^\s*(?:HS|HS code)\s*:?\s*([\d.\s]{4,})$", as_text(value) or "", re.I
            )
            if match:
                found.append(
                    Classification(scheme="HS", code=re.sub(r"\D", "", match[1]))
                )
    return found
