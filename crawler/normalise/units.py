"""Units: UN/CEFACT codes and words, CO2e masses, fractions and percents.

Comparisons across representations (RCEP-ECO-07) need one spelling per unit,
so declared units become UN/CEFACT Recommendation 20 codes (``KGM``, ``H87``,
``KWH``, ``LTR``, ...) and footprint masses become kilograms of CO2e.
"""

from __future__ import annotations

import re

from crawler.normalise.access import as_number

# lower-cased spelling -> UN/CEFACT Rec. 20 code
_UNIT_CODES: dict[str, str] = {
    **dict.fromkeys(["kgm", "kg", "kgs", "kilogram", "kilograms", "kilogramme"], "KGM"),
    **dict.fromkeys(["grm", "g", "gram", "grams", "gramme"], "GRM"),
    **dict.fromkeys(
        ["tne", "t", "tonne", "tonnes", "ton", "tons", "metric ton"], "TNE"
    ),
    **dict.fromkeys(
        [
            "h87",
            "piece",
            "pieces",
            "pc",
            "pcs",
            "item",
            "each",
            "unit",
            "units",
            "ea",
            "c62",
            "one",
        ],
        "H87",
    ),
    **dict.fromkeys(["kwh", "kilowatt hour", "kilowatt-hour", "kilowatt hours"], "KWH"),
    **dict.fromkeys(["mwh", "megawatt hour", "megawatt-hour"], "MWH"),
    **dict.fromkeys(["ltr", "l", "liter", "litre", "liters", "litres"], "LTR"),
    **dict.fromkeys(["mtq", "m3", "m³", "cubic meter", "cubic metre"], "MTQ"),
    **dict.fromkeys(["mtk", "m2", "m²", "square meter", "square metre"], "MTK"),
    **dict.fromkeys(["mtr", "m", "meter", "metre", "meters", "metres"], "MTR"),
    **dict.fromkeys(["3b", "mj", "megajoule", "megajoules"], "3B"),
    **dict.fromkeys(["hur", "h", "hour", "hours"], "HUR"),
    **dict.fromkeys(
        [
            "tkm",
            "ton kilometer",
            "tonne kilometre",
            "tonne-kilometre",
            "ton-kilometer",
            "tonne kilometer",
        ],
        "TKM",
    ),
}

# kilograms per unit of the mass codes a footprint may be stated in
_KG_PER_UNIT = {"KGM": 1.0, "GRM": 0.001, "TNE": 1000.0}

_CO2E_WORDS = re.compile(
    r"(carbon dioxide equivalents?|co2[\s_-]*(?:eq(?:uivalents?)?|e)?|co₂e?|"
    r"\bequivalents?\b|\bghg\b)",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"^\s*([+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(.*)$"
)


def unit_code(text: str | None) -> str | None:
    """Return the UN/CEFACT code for a unit word or code, else ``None``.

    >>> unit_code("kilogram"), unit_code("KGM"), unit_code("piece")
    ('KGM', 'KGM', 'H87')
    """
    if not text:
        return None
    key = re.sub(r"\s+", " ", text.strip().lower()).removeprefix("1 ").strip()
    key = key.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "://" in key else key
    return _UNIT_CODES.get(key)


def co2e_unit(text: str | None) -> tuple[float | None, str | None]:
    """Read a footprint unit such as ``kg CO2e/kWh`` or ``TNE``.

    Returns:
        ``(kilograms per stated unit, declared unit code)``; either is
        ``None`` when the text does not say.

    >>> co2e_unit("t CO2e / piece")
    (1000.0, 'H87')
    """
    if not text:
        return None, None
    parts = re.split(r"\s*(?:/|\bper\b)\s*", text.strip(), maxsplit=1)
    mass, per = parts[0], parts[1] if len(parts) > 1 else ""
    mass_code = unit_code(_CO2E_WORDS.sub(" ", mass).strip(" -_()"))
    factor = _KG_PER_UNIT.get(mass_code or "")
    return factor, unit_code(per) if per else None


def kg_co2e(value: float | None, unit: str | None) -> float | None:
    """Return ``value`` in kg CO2e; a unit naming no mass counts as kilograms."""
    if value is None:
        return None
    factor, _ = co2e_unit(unit)
    return value * (factor if factor is not None else 1.0)


def split_quantity(text: str | None) -> tuple[float | None, str | None]:
    """Split ``"412 kg CO2e"`` into ``(412.0, "kg CO2e")``."""
    match = _QUANTITY.match(text or "")
    if not match:
        return None, None
    return as_number(match[1]), (match[2].strip() or None)


def fraction(value: float | None, *, percent: bool = False) -> float | None:
    """Return a share as a fraction 0..1 (values above 1 are read as percent)."""
    if value is None:
        return None
    return value / 100.0 if percent or value > 1.0 else value


def percent(value: float | None, *, is_fraction: bool = False) -> float | None:
    """Return a share in percent 0..100 (values up to 1 are read as fractions)."""
    if value is None:
        return None
    return value * 100.0 if is_fraction or value <= 1.0 else value


def share_text(text: str | None) -> float | None:
    """Return a fraction from ``"30 %"``, ``"0.3"`` or ``"30"``."""
    value, unit = split_quantity(text)
    return fraction(value, percent=bool(unit and unit.startswith("%")))
