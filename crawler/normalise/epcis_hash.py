"""Recompute an EPCIS 2.0 event hash ID (GS1 CBV 2.0, "Event Hash ID").

Only a deliberately small subset of the algorithm is implemented: the one that the
CBV 2.0 test vectors in ``tests/crawler/test_epcis_hash.py`` exercise (ObjectEvents
with SGTIN / SSCC / SGLN / PGLN identifiers, bare CBV vocabulary words, at most one
entry per business-transaction / source / destination list). For any event outside
that subset :func:`compute_event_hash` returns ``None`` ("not recomputed"), never a
guess: a wrong hash would make a genuine event look tampered with.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from rules.facts import gs1_check_digit

__all__ = ["compute_event_hash", "is_event_hash_id", "pre_hash"]

_HASH_ID = re.compile(r"^ni:///sha-256;[0-9a-f]{64}\?ver=CBV2\.0$")
# recordTime, eventID and @context do not enter the hash.
_IGNORED = frozenset({"eventID", "recordTime", "@context", "type", "isA"})
_SUPPORTED = frozenset(
    {
        "eventTime",
        "eventTimeZoneOffset",
        "epcList",
        "action",
        "bizStep",
        "disposition",
        "readPoint",
        "bizLocation",
        "bizTransactionList",
        "sourceList",
        "destinationList",
    }
)
_WORD = re.compile(r"^[a-z_]+$")
_DIGITS = re.compile(r"^[0-9]+$")
_SERIAL = re.compile(r"^[A-Za-z0-9]+$")
_OFFSET = re.compile(r"^[+-][0-9]{2}:[0-9]{2}$")
_CBV = "https://ref.gs1.org/cbv/"


def is_event_hash_id(value: object) -> bool:
    """Return whether ``value`` is a CBV 2.0 SHA-256 event hash ID."""
    return isinstance(value, str) and _HASH_ID.match(value) is not None


def compute_event_hash(event: Mapping[str, object]) -> str | None:
    """Return the ``ni:///sha-256;...?ver=CBV2.0`` ID of ``event``, or ``None``.

    ``None`` means the event uses a feature outside the supported subset.
    """
    text = pre_hash(event)
    if text is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def pre_hash(event: Mapping[str, object]) -> str | None:
    """Return the canonical pre-hash string of ``event``, or ``None``."""
    kind = event.get("type", event.get("isA"))
    if kind != "ObjectEvent" or not set(event) - _IGNORED <= _SUPPORTED:
        return None
    parts = [f"eventType={kind}"]
    for build in (_times, _epcs, _plain, _locations, _typed_lists):
        piece = build(event)
        if piece is None:
            return None
        parts.append(piece)
    return "".join(parts)


def _times(event: Mapping[str, object]) -> str | None:
    time = _utc(event.get("eventTime"))
    offset = event.get("eventTimeZoneOffset")
    if time is None or not isinstance(offset, str) or not _OFFSET.match(offset):
        return None
    return f"eventTime={time}eventTimeZoneOffset={offset}"


def _utc(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = re.match(r"^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", value)
    if match is None:
        return None
    whole, fraction, zone = match.groups()
    fraction = (fraction or "").ljust(3, "0")
    if fraction[3:].strip("0"):
        return None  # sub-millisecond rounding is outside the proven subset
    zone = "+00:00" if zone == "Z" else zone
    try:
        moment = datetime.fromisoformat(f"{whole}{zone}").astimezone(UTC)
    except ValueError:
        return None
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{fraction[:3]}Z"


def _epcs(event: Mapping[str, object]) -> str | None:
    raw = event.get("epcList")
    if raw is None:
        return ""
    if not isinstance(raw, list) or not raw:
        return None
    links = [_digital_link(epc) for epc in raw]
    if any(link is None for link in links):
        return None
    return "epcList" + "".join(f"epc={link}" for link in sorted(map(str, links)))


def _plain(event: Mapping[str, object]) -> str | None:
    action = event.get("action")
    if action not in ("ADD", "OBSERVE", "DELETE"):
        return None
    text = f"action={action}"
    for key, prefix in (("bizStep", "BizStep-"), ("disposition", "Disp-")):
        if key in event:
            value = _vocab(event[key], prefix)
            if value is None:
                return None
            text += f"{key}={value}"
    return text


def _locations(event: Mapping[str, object]) -> str | None:
    text = ""
    for key in ("readPoint", "bizLocation"):
        if key not in event:
            continue
        place = event[key]
        if not isinstance(place, Mapping) or set(place) != {"id"}:
            return None
        value = place["id"]
        link = value if _is_geo(value) else _digital_link(value)
        if not isinstance(link, str):
            return None
        text += f"{key}id={link}"
    return text


def _typed_lists(event: Mapping[str, object]) -> str | None:
    text = ""
    for key, item, prefix in (
        ("bizTransactionList", "bizTransaction", "BTT-"),
        ("sourceList", "source", "SDT-"),
        ("destinationList", "destination", "SDT-"),
    ):
        if key not in event:
            continue
        entries = event[key]
        # Several entries need a sort that no proven vector covers.
        if not isinstance(entries, list) or len(entries) != 1:
            return None
        entry = entries[0]
        if not isinstance(entry, Mapping) or set(entry) != {"type", item}:
            return None
        kind = _vocab(entry["type"], prefix)
        value = (
            _transaction(entry[item])
            if item == "bizTransaction"
            else _party(entry[item])
        )
        if kind is None or value is None:
            return None
        text += f"{key}type={kind}{item}={value}"
    return text


def _vocab(value: object, prefix: str) -> str | None:
    if not isinstance(value, str):
        return None
    if _WORD.match(value):
        return f"{_CBV}{prefix}{value}"
    if value.startswith(f"{_CBV}{prefix}") and _WORD.match(
        value[len(_CBV) + len(prefix) :]
    ):
        return value
    return None


def _transaction(value: object) -> str | None:
    if not isinstance(value, str) or value.strip() != value:
        return None
    if value.startswith("urn:epcglobal:cbv:bt:"):
        return value
    if value.startswith(("http://", "https://")) and "id.gs1.org" not in value:
        return value
    return None


def _party(value: object) -> str | None:
    if not isinstance(value, str) or not value.startswith("urn:epc:id:pgln:"):
        return None
    return _digital_link(value)


def _is_geo(value: object) -> bool:
    return (
        isinstance(value, str)
        and re.match(r"^geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?$", value) is not None
    )


def _digital_link(urn: object) -> str | None:
    """Convert an SGTIN / SSCC / SGLN / PGLN EPC URN to a GS1 Digital Link URI."""
    if not isinstance(urn, str) or not urn.startswith("urn:epc:id:"):
        return None
    scheme, _, body = urn[len("urn:epc:id:") :].partition(":")
    fields = body.split(".")
    if scheme == "sgtin" and len(fields) == 3:
        company, item, serial = fields
        if not (_all_digits(company, item) and _SERIAL.match(serial)):
            return None
        gtin = _checked(item[:1] + company + item[1:])
        return f"https://id.gs1.org/01/{gtin}/21/{serial}"
    if scheme == "sscc" and len(fields) == 2:
        company, ref = fields
        if not _all_digits(company, ref):
            return None
        return f"https://id.gs1.org/00/{_checked(ref[:1] + company + ref[1:])}"
    if scheme in ("sgln", "pgln"):
        return _location_link(scheme, fields)
    return None


def _location_link(scheme: str, fields: list[str]) -> str | None:
    if scheme == "pgln" and len(fields) == 2 and _all_digits(*fields):
        return f"https://id.gs1.org/417/{_checked(fields[0] + fields[1])}"
    if scheme != "sgln" or len(fields) != 3 or not _all_digits(*fields[:2]):
        return None
    company, ref, extension = fields
    if not _SERIAL.match(extension):
        return None
    link = f"https://id.gs1.org/414/{_checked(company + ref)}"
    return link if extension == "0" else f"{link}/254/{extension}"


def _all_digits(*values: str) -> bool:
    return all(_DIGITS.match(value) for value in values)


def _checked(digits: str) -> str:
    """Append the GS1 modulo-10 check digit."""
    return digits + gs1_check_digit(digits)
