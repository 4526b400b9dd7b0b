"""Read a link's declared digest (UNTP ``hashDigest`` / ``hashMethod``).

A digest is written as hexadecimal (what UNTP shows), or as multibase text
(``f`` base16, ``z`` base58btc, ``u``/``U`` base64url, ``m``/``M`` base64),
either of the raw digest or of a SHA-256 multihash (``0x12 0x20`` + digest).
"""

from __future__ import annotations

import base64
import binascii
import re

_HEX = re.compile(r"(?:0x)?([0-9a-fA-F]{64})")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_SHA256_MULTIHASH = b"\x12\x20"
_SHA256_NAMES = frozenset({"sha256", "sha2256"})


def is_sha256(method: str | None, digest: str) -> bool:
    """Return whether a digest is (or is declared to be) a SHA-256 digest.

    With no ``hashMethod``, a 32-byte digest (or a SHA-256 multihash) is read
    as SHA-256, the method UNTP names in its examples.
    """
    if method:
        local = re.split(r"[/#:]", method.strip())[-1]
        return re.sub("[^0-9a-z]", "", local.casefold()) in _SHA256_NAMES
    return sha256_bytes(digest) is not None


def sha256_bytes(digest: str) -> bytes | None:
    """Return the 32 bytes a SHA-256 digest text encodes, or ``None``."""
    text = digest.strip().removeprefix("sha256:").removeprefix("sha-256:")
    if m := _HEX.fullmatch(text):
        return bytes.fromhex(m.group(1))
    raw = _multibase(text)
    if raw is not None and len(raw) == 34 and raw.startswith(_SHA256_MULTIHASH):
        raw = raw[2:]
    return raw if raw is not None and len(raw) == 32 else None


def _multibase(text: str) -> bytes | None:
    if len(text) < 2:
        return None
    prefix, body = text[0], text[1:]
    try:
        if prefix in "fF":
            return bytes.fromhex(body)
        if prefix == "z":
            return _base58(body)
        if prefix in "uU":
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if prefix in "mM":
            return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (ValueError, binascii.Error):
        return None
    return None


def _base58(body: str) -> bytes | None:
    number = 0
    for char in body:
        index = _B58.find(char)
        if index < 0:
            return None
        number = number * 58 + index
    zeros = len(body) - len(body.lstrip("1"))
    return b"\x00" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
