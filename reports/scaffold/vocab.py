"""Spellings the output vocabularies need: PACT units and standards, UNTP terms."""

from __future__ import annotations

import re
from typing import Any

JsonObject = dict[str, Any]


def clean(obj: JsonObject) -> JsonObject:
    """Return ``obj`` without the keys whose value is ``None`` or empty."""
    return {k: v for k, v in obj.items() if v not in (None, "", [], {})}


def maybe_number(value: float | None) -> int | float | None:
    """Return :func:`number` of a value that may be missing."""
    return None if value is None else number(value)


PACT_UNITS = {
    "H87": "piece",
    "KGM": "kilogram",
    "LTR": "liter",
    "MTQ": "cubic meter",
    "KWH": "kilowatt hour",
    "MJ": "megajoule",
    "MTK": "square meter",
}
"""PACT v3 ``declaredUnitOfMeasurement`` by UN/CEFACT code (the ones both have)."""

_PACT_STANDARDS = (
    (re.compile(r"14067"), "ISO14067"),
    (re.compile(r"14083"), "ISO14083"),
    (re.compile(r"1404[04]"), "ISO14040-44"),
    (re.compile(r"ghg\s*protocol|ghgp", re.I), "GHGP-Product"),
    (re.compile(r"\bpef\b", re.I), "PEF"),
    (re.compile(r"pas\s*2050", re.I), "PAS2050"),
)

UNTP_SCOPES = {"cradle-to-gate": "CradleToGate", "cradle-to-grave": "CradleToGrave"}
"""UNTP ``operationalScope`` by boundary (UNTP has no other boundaries)."""

GTIN_SCHEME = {
    "type": ["IdentifierScheme"],
    "id": "https://id.gs1.org/01/",
    "name": "Global Trade Identification Number (GTIN)",
}
UNTP_DTE_LINK = "https://test.uncefact.org/vocabulary/linkTypes/dte"

SCHEMA_ORG = "https://schema.org"
UNTP_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://test.uncefact.org/vocabulary/untp/dpp/0.6.0/",
]
PACT_CONTEXT = {"@vocab": "https://wbcsd.github.io/pact/v3#"}


def pact_standard(name: str) -> str:
    """Return a standard as PACT v3 spells it (``ISO 14067`` -> ``ISO14067``).

    PACT's list is open: a standard it does not name is kept as written.
    """
    return next(
        (code for pattern, code in _PACT_STANDARDS if pattern.search(name)), name
    )


def is_iso14067(name: str) -> bool:
    """Return whether a standard's name is ISO 14067, however it is spelt."""
    return "14067" in re.sub(r"\D", "", name)


def gtin_property(gtin14: str) -> tuple[str, str]:
    """Return the schema.org property and value for a GTIN-14 (``gtin13``, ...)."""
    trimmed = gtin14.lstrip("0")
    for length in (8, 12, 13):
        if len(trimmed) <= length:
            return f"gtin{length}", gtin14[-length:]
    return "gtin14", gtin14


def hs_label(code: str) -> str:
    """Return an HS code written the usual way, e.g. ``8504.40``."""
    return code if len(code) <= 4 else f"{code[:4]}.{code[4:]}"


def timestamp(day: object) -> str:
    """Return a date as the midnight UTC timestamp PACT fields take."""
    return f"{day}T00:00:00Z"


def decimal(value: float) -> str:
    """Return a number as PACT's decimal string (``412`` not ``412.0``)."""
    return f"{value:.10f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def number(value: float) -> int | float:
    """Return a JSON number without a needless ``.0`` (``35.0`` -> ``35``)."""
    return int(value) if value.is_integer() else value
