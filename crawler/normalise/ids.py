"""Product identifiers: GTINs in every spelling, and product keys.

A GTIN is kept as 14 digits (GTIN-8/12/13 are left-padded with zeros), so the
same product matches whether a page wrote ``gtin13``, a GS1 Digital Link
(``https://id.gs1.org/01/09520123456788/21/12345``), ``urn:gtin:...`` (PACT)
or an EPCIS SGTIN (``urn:epc:id:sgtin:0614141.107346.2017``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rules.facts import gs1_check_digit

_DIGITAL_LINK = re.compile(r"^https?://[^/]+(?:/[^/]+)*?/01/(\d{8,14})(?:[/?#]|$)")
_URN_GTIN = re.compile(r"^urn:gtin:(\d{8,14})$", re.I)
_SGTIN = re.compile(r"^urn:epc:(?:id|idpat|class):[sl]gtin:(\d+)\.(\d+)(?:\.|$)", re.I)
_DIGITS = re.compile(r"^\d{8}$|^\d{12,14}$")


def gtin14(text: str | None) -> str | None:
    """Return the 14-digit GTIN in a GTIN, Digital Link, URN or SGTIN, else ``None``.

    >>> gtin14("4006381333931"), gtin14("urn:gtin:5695872369587")
    ('04006381333931', '05695872369587')
    >>> gtin14("urn:epc:id:sgtin:0614141.107346.2017")
    '10614141073464'
    """
    if not text:
        return None
    value = text.strip()
    compact = re.sub(r"[\s-]", "", value)
    if _DIGITS.match(compact):
        return compact.zfill(14)
    for pattern in (_DIGITAL_LINK, _URN_GTIN):
        match = pattern.match(value)
        if match:
            return match[1].zfill(14)
    match = _SGTIN.match(value)
    return _sgtin_to_gtin(match[1], match[2]) if match else None


def _sgtin_to_gtin(company: str, item: str) -> str | None:
    """Rebuild GTIN-14 from an SGTIN's company prefix and indicator+item reference."""
    if len(company) + len(item) != 13 or not item:
        return None
    body = item[0] + company + item[1:]
    return body + gs1_check_digit(body)


def gtin_token(gtin: str) -> str:
    """Return the product key / merge token of a GTIN (``gtin:<14 digits>``)."""
    return f"gtin:{gtin}"


def is_global_id(text: str) -> bool:
    """Return whether an id names a product beyond one block (not a blank node)."""
    return (
        ":" in text
        and not text.startswith("_:")
        and not text.startswith(("batch:", "serial:", "sku:", "mpn:"))
    )


def gtin_tokens(ids: Iterable[str]) -> tuple[str, ...]:
    """Return ``gtin:<digits>`` tokens for those ids that carry a GTIN."""
    found = (gtin14(i) for i in ids)
    return tuple(dict.fromkeys(gtin_token(g) for g in found if g))


def unique(items: Iterable[str | None]) -> tuple[str, ...]:
    """Return the non-empty items without duplicates, in order."""
    return tuple(dict.fromkeys(i for i in items if i))
