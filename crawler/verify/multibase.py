"""Multibase strings (base58btc ``z``, base64url ``u``) and multicodec prefixes."""

from __future__ import annotations

import base64
import binascii

import base58

from crawler.verify.errors import CredentialInvalid


def decode_multibase(value: str) -> bytes:
    """Decode a base58btc (``z``) or base64url-no-padding (``u``) multibase string.

    Raises:
        CredentialInvalid: the value is not one of these two encodings.
    """
    if not isinstance(value, str) or len(value) < 2:
        raise CredentialInvalid(f"not a multibase string: {value!r:.60}")
    prefix, body = value[0], value[1:]
    try:
        if prefix == "z":
            return base58.b58decode(body.encode("ascii"))
        if prefix == "u":
            return decode_base64url(body)
    except (ValueError, binascii.Error) as exc:
        raise CredentialInvalid(f"bad multibase value {value!r:.60}: {exc}") from exc
    raise CredentialInvalid(f"unsupported multibase prefix {prefix!r} in {value!r:.60}")


def encode_base58btc(data: bytes) -> str:
    """Return ``data`` as a multibase base58btc string (``z...``)."""
    return "z" + base58.b58encode(data).decode("ascii")


def encode_base64url(data: bytes) -> str:
    """Return ``data`` as a multibase base64url string without padding (``u...``)."""
    return "u" + base64url(data)


def base64url(data: bytes) -> str:
    """Return ``data`` as base64url text without padding (JWS, JWK)."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_base64url(body: str) -> bytes:
    """Decode base64url text with or without padding.

    Raises:
        ValueError: the text has characters outside the base64url alphabet.
    """
    if any(c in body for c in "+/="):
        raise ValueError("not base64url (has '+', '/' or '=')")
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def split_multicodec(data: bytes) -> tuple[int, bytes]:
    """Split an unsigned-varint multicodec prefix from the bytes it tags.

    Raises:
        CredentialInvalid: the prefix is not a complete varint.
    """
    code, shift = 0, 0
    for position, byte in enumerate(data[:9]):
        code |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return code, data[position + 1 :]
        shift += 7
    raise CredentialInvalid("truncated multicodec prefix")


def join_multicodec(code: int, data: bytes) -> bytes:
    """Prefix ``data`` with ``code`` as an unsigned varint."""
    prefix = bytearray()
    while True:
        byte, code = code & 0x7F, code >> 7
        prefix.append(byte | (0x80 if code else 0))
        if not code:
            return bytes(prefix) + data
