"""Read single cell values: numbers, shares, dates, GTINs, HS codes, URLs.

Each returns ``None`` when the text is not a value of its kind; the caller
says why. Nothing is rounded, guessed or defaulted.
"""

from __future__ import annotations

import math
import re
from datetime import date

from rules.facts import gs1_check_digit

__all__ = [
    "BOUNDARIES",
    "boundary",
    "country",
    "day",
    "gtin",
    "hs_code",
    "link",
    "number",
    "percent",
    "positive",
    "share",
    "url",
]

BOUNDARIES = ("cradle-to-gate", "cradle-to-grave", "gate-to-gate", "cradle-to-cradle")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?$")


def number(text: str) -> float | None:
    """Return a finite number (spaces between digits allowed)."""
    try:
        value = float(text.replace(" ", "").replace("\u202f", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def positive(text: str) -> float | None:
    """Return a number above 0."""
    value = number(text)
    return value if value is not None and value > 0 else None


def percent(text: str) -> float | None:
    """Return a percentage 0..100 (``62`` or ``62%``)."""
    value = number(text.rstrip("%"))
    return value if value is not None and 0 <= value <= 100 else None


def share(text: str) -> float | None:
    """Return a share as a fraction: ``0.38`` and ``38%`` both give 0.38."""
    if text.endswith("%"):
        value = percent(text)
        return None if value is None else value / 100
    value = number(text)
    return value if value is not None and 0 <= value <= 1 else None


def day(text: str) -> date | None:
    """Return a ``YYYY-MM-DD`` date (a spreadsheet's time of day is ignored)."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return date.fromisoformat(match[1])
    except ValueError:
        return None


def gtin(text: str) -> str | None:
    """Return a GTIN-8/12/13/14 with a valid check digit, as 14 digits."""
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"\d{8}|\d{12,14}", digits):
        return None
    body, check = digits[:-1], digits[-1]
    return digits.zfill(14) if gs1_check_digit(body) == check else None


def hs_code(text: str) -> str | None:
    """Return the digits of an HS code of 4 digits or more (``8504.40``)."""
    if not re.fullmatch(r"[\d.\s]+", text):
        return None
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= 4 else None


def boundary(text: str) -> str | None:
    """Return a boundary in one spelling: ``CradleToGate`` -> ``cradle-to-gate``."""
    compact = re.sub("[^a-z]", "", text.lower())
    return next((b for b in BOUNDARIES if b.replace("-", "") == compact), None)


def country(text: str) -> str | None:
    """Return an ISO 3166 alpha-2 country code."""
    code = text.strip().upper()
    return code if re.fullmatch(r"[A-Z]{2}", code) else None


def url(text: str) -> str | None:
    """Return an absolute http(s) URL as written."""
    return text if re.match(r"^https?://[^\s/]+", text, re.I) else None


def link(text: str) -> str | None:
    """Return an http(s) URL or a path (``/api/x.jsonld``, ``x.jsonld``) as written."""
    if url(text):
        return text
    scheme = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)
    return None if scheme or re.search(r"\s", text) else text
