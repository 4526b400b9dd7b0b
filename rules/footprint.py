"""Carbon-footprint helpers: merging representations and normalising units.

A product may publish its footprint several times (page JSON-LD, microdata, an
alternate endpoint, a linked PACT document). G7-CFP-01..04 judge the merged
footprint; RCEP-ECO-07 compares the representations (REQUIREMENTS 2.5).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import Any

from rules.disclosure import CarbonFootprint, Product
from rules.facts import norm_url, words

STRUCTURED_SYNTAXES = ("json-ld", "json", "microdata", "rdfa")
"""Syntaxes that count as structured data, in the order merging prefers them."""

_UNIT_ALIASES = {
    "kg": "KGM",
    "kgs": "KGM",
    "kilogram": "KGM",
    "kilograms": "KGM",
    "g": "GRM",
    "gram": "GRM",
    "t": "TNE",
    "tonne": "TNE",
    "ton": "TNE",
    "metric ton": "TNE",
    "piece": "H87",
    "pieces": "H87",
    "pc": "H87",
    "pcs": "H87",
    "unit": "H87",
    "units": "H87",
    "each": "H87",
    "item": "H87",
    "ea": "H87",
    "c62": "H87",
    "kwh": "KWH",
    "kilowatt hour": "KWH",
    "mwh": "MWH",
    "megawatt hour": "MWH",
    "l": "LTR",
    "liter": "LTR",
    "litre": "LTR",
    "m2": "MTK",
    "square meter": "MTK",
    "square metre": "MTK",
    "m3": "MTQ",
    "cubic meter": "MTQ",
    "cubic metre": "MTQ",
    "mj": "MJ",
    "megajoule": "MJ",
}

# Code -> (base code, factor): a declared unit of 1 TNE is 1000 KGM.
_UNIT_BASES = {
    "KGM": ("KGM", 1.0),
    "GRM": ("KGM", 0.001),
    "TNE": ("KGM", 1000.0),
    "H87": ("H87", 1.0),
    "KWH": ("KWH", 1.0),
    "MWH": ("KWH", 1000.0),
    "LTR": ("LTR", 1.0),
    "MTK": ("MTK", 1.0),
    "MTQ": ("MTQ", 1.0),
    "MJ": ("MJ", 1.0),
}


def unit_code(raw: str | None) -> str | None:
    """Return the UN/CEFACT code of a declared unit, or ``None`` if unknown."""
    if not raw:
        return None
    text = raw.strip()
    if text.upper() in _UNIT_BASES:
        return text.upper()
    return _UNIT_ALIASES.get(words(text))


def per_declared_unit(footprint: CarbonFootprint) -> tuple[float, str] | None:
    """Return kg CO2e per one base unit (KGM, H87, KWH, ...), when computable.

    A footprint of 412 kg CO2e per 2 pieces gives ``(206.0, "H87")``; one per
    tonne is converted to a value per kilogram.
    """
    code = unit_code(footprint.declared_unit)
    if footprint.value_kg_co2e is None or code is None or code not in _UNIT_BASES:
        return None
    base, factor = _UNIT_BASES[code]
    amount = footprint.declared_amount if footprint.declared_amount else 1.0
    return footprint.value_kg_co2e / (amount * factor), base


def claims_iso14067(standards: Iterable[str]) -> bool:
    """Return whether any standard named is ISO 14067, however it is spelt."""
    return any("14067" in re.sub(r"\D", "", s) for s in standards)


def is_plausible(value: float) -> bool:
    """Return whether a footprint value is a finite, non-negative number."""
    return math.isfinite(value) and value >= 0


def structured_footprints(product: Product) -> tuple[CarbonFootprint, ...]:
    """Return the product's footprints read from structured data, best first."""
    ranked = [
        f for f in product.footprints if f.provenance.syntax in STRUCTURED_SYNTAXES
    ]
    return tuple(
        sorted(ranked, key=lambda f: STRUCTURED_SYNTAXES.index(f.provenance.syntax))
    )


def jsonld_footprints(product: Product) -> tuple[CarbonFootprint, ...]:
    """Return the footprints embedded as JSON-LD on the product's own page."""
    page = norm_url(product.page_url)
    return tuple(
        f
        for f in product.footprints
        if f.provenance.syntax == "json-ld" and norm_url(f.provenance.url) == page
    )


def merged_footprint(product: Product) -> CarbonFootprint | None:
    """Return one footprint merging every structured representation of it.

    The first representation (JSON-LD before JSON before microdata before
    RDFa) wins for single values; lists and scope sets are united.

    Args:
        product: the product whose footprints to merge.

    Returns:
        The merged footprint, or ``None`` when none was published as
        structured data.
    """
    return merge(structured_footprints(product))


def merge(footprints: Sequence[CarbonFootprint]) -> CarbonFootprint | None:
    """Return ``footprints`` merged into one (first wins), or ``None`` if empty."""
    if not footprints:
        return None
    result = footprints[0]
    for other in footprints[1:]:
        changes: dict[str, Any] = {}
        for f in fields(CarbonFootprint):
            mine, theirs = getattr(result, f.name), getattr(other, f.name)
            changes[f.name] = _merge_value(f.name, mine, theirs)
        result = replace(result, **changes)
    return result


def _merge_value(name: str, mine: Any, theirs: Any) -> Any:
    if name == "provenance":
        return mine
    if name == "scope_values":
        known = dict(mine)
        # Keep the first value of a scope: a differing later one is
        # RCEP-ECO-07's business, not a second value to add.
        return (*mine, *((s, v) for s, v in theirs if s not in known))
    if isinstance(mine, frozenset):
        return mine | theirs
    if isinstance(mine, tuple):
        return (*mine, *(x for x in theirs if x not in mine))
    return theirs if mine is None or mine == "" else mine


def values_agree(a: tuple[float, str], b: tuple[float, str], tolerance: float) -> bool:
    """Return whether two per-unit values agree within a relative tolerance.

    Args:
        a: a value and its base unit, as :func:`per_declared_unit` returns.
        b: the other value and base unit.
        tolerance: the largest accepted difference relative to the larger
            magnitude (0.01 is one percent).

    Returns:
        ``False`` when the units differ, whatever the values.
    """
    if a[1] != b[1]:
        return False
    scale = max(abs(a[0]), abs(b[0]), 1e-12)
    return abs(a[0] - b[0]) / scale <= tolerance
