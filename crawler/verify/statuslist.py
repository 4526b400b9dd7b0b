"""W3C Bitstring Status List: entries, the encoded list, and the bit they point at.

``encodedList`` is multibase base64url (``u``, no padding) of the GZIP of the
bitstring; index 0 is the left-most (most significant) bit of the first byte.
A list shorter than 131,072 entries is refused, as the specification says.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.multibase import decode_multibase, encode_base64url

ENTRY_TYPE = "BitstringStatusListEntry"
LIST_TYPE = "BitstringStatusList"
MIN_ENTRIES = 131_072
MAX_BYTES = 16 * 1024 * 1024
FAILING_PURPOSES = {"revocation": "revoked", "suspension": "suspended"}


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusEntry:
    """One ``BitstringStatusListEntry`` of a credential.

    Attributes:
        purpose: ``revocation``, ``suspension``, ``message``, ...
        index: the position in the list (``statusListIndex``).
        list_url: the status list credential's URL.
        size: bits per entry (``statusSize``, default 1).
    """

    purpose: str
    index: int
    list_url: str
    size: int = 1


def status_entries(credential: Mapping[str, Any]) -> tuple[StatusEntry, ...]:
    """Return the credential's status entries.

    Raises:
        CredentialInvalid: an entry is malformed.
        CannotVerify: an entry is of a type this verifier does not read.
    """
    value = credential.get("credentialStatus")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(_entry(item) for item in items)


def _entry(item: object) -> StatusEntry:
    if not isinstance(item, Mapping):
        raise CredentialInvalid("credentialStatus entry is not an object")
    kind = item.get("type")
    if kind != ENTRY_TYPE and not (isinstance(kind, list) and ENTRY_TYPE in kind):
        raise CannotVerify(f"credentialStatus type {kind!r:.60} is not supported")
    purpose, url = item.get("statusPurpose"), item.get("statusListCredential")
    index, size = (
        _integer(item.get("statusListIndex")),
        _integer(item.get("statusSize", 1)),
    )
    if not isinstance(purpose, str) or not purpose:
        raise CredentialInvalid("status entry has no statusPurpose")
    if not isinstance(url, str) or not url:
        raise CredentialInvalid("status entry has no statusListCredential")
    if index is None or index < 0:
        raise CredentialInvalid(
            f"statusListIndex {item.get('statusListIndex')!r:.30} is invalid"
        )
    if size is None or not 1 <= size <= 8:
        raise CredentialInvalid(f"statusSize {item.get('statusSize')!r:.30} is invalid")
    return StatusEntry(purpose=purpose, index=index, list_url=url, size=size)


def _integer(value: object) -> int | None:
    """Read an integer given as a number or a decimal string (the spec uses both)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 12:
        return int(value)
    return None


def decode_list(encoded: object, size: int = 1) -> bytes:
    """Decode an ``encodedList`` into the bitstring's bytes.

    Raises:
        CannotVerify: not multibase base64url GZIP, too large, or too short.
    """
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise CannotVerify("encodedList is not multibase base64url ('u...')")
    try:
        compressed = decode_multibase(encoded)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except (CredentialInvalid, zlib.error) as exc:
        raise CannotVerify(f"encodedList cannot be decoded: {exc}") from exc
    if len(bits) > MAX_BYTES:
        raise CannotVerify("encodedList is larger than 16 MiB when decompressed")
    if not inflater.eof:
        raise CannotVerify("encodedList is truncated GZIP data")
    if len(bits) * 8 < MIN_ENTRIES * size:
        raise CannotVerify(
            f"status list has {len(bits) * 8 // size} entries, fewer than {MIN_ENTRIES}"
        )
    return bits


def status_at(bits: bytes, index: int, size: int = 1) -> int:
    """Return the ``size``-bit status at ``index`` (index 0 = left-most bit).

    Raises:
        CannotVerify: the index lies beyond the list.
    """
    first = index * size
    if first + size > len(bits) * 8:
        raise CannotVerify(f"statusListIndex {index} is beyond the list")
    value = 0
    for position in range(first, first + size):
        bit = (bits[position // 8] >> (7 - position % 8)) & 1
        value = (value << 1) | bit
    return value


def encode_list(set_indices: Iterable[int], length: int = MIN_ENTRIES) -> str:
    """Return an ``encodedList`` of ``length`` one-bit entries with some set."""
    bits = bytearray((length + 7) // 8)
    for index in set_indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    return encode_base64url(gzip.compress(bytes(bits), mtime=0))
