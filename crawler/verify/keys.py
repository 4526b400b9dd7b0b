"""Public keys (Ed25519, P-256) from Multikey, raw base58 or JWK form.

A key is kept as its raw bytes (32 bytes for Ed25519, a 33-byte compressed
point for P-256) so that it can be compared and hashed; the ``cryptography``
object is made when a signature is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from crawler.verify.errors import CredentialInvalid
from crawler.verify.multibase import (
    base64url,
    decode_base64url,
    decode_multibase,
    encode_base58btc,
    join_multicodec,
    split_multicodec,
)

ED25519_PUB = 0xED
P256_PUB = 0x1200
ED25519_PRIV = 0x1300

KeyType = Literal["Ed25519", "P-256"]


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A public key of one of the two supported types.

    Attributes:
        type: ``Ed25519`` or ``P-256``.
        raw: the raw key: 32 bytes (Ed25519) or a 33-byte compressed point.
    """

    type: KeyType
    raw: bytes

    def verify(self, signature: bytes, message: bytes) -> bool:
        """Return whether ``signature`` signs ``message`` under this key.

        Ed25519 signs the message itself; P-256 uses ECDSA with SHA-256 and a
        64-byte ``r || s`` signature (the JOSE and Data Integrity form).
        """
        try:
            if self.type == "Ed25519":
                Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
                return True
            if len(signature) != 64:
                return False
            der = encode_dss_signature(
                int.from_bytes(signature[:32], "big"),
                int.from_bytes(signature[32:], "big"),
            )
            point = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), self.raw
            )
            point.verify(der, message, ec.ECDSA(hashes.SHA256()))
            return True
        except (InvalidSignature, ValueError):
            return False

    def multikey(self) -> str:
        """Return the key as a Multikey ``publicKeyMultibase`` value (``z6Mk...``)."""
        code = ED25519_PUB if self.type == "Ed25519" else P256_PUB
        return encode_base58btc(join_multicodec(code, self.raw))

    def jwk(self) -> dict[str, str]:
        """Return the key as a public JWK (RFC 8037 OKP or RFC 7518 EC)."""
        if self.type == "Ed25519":
            return {"kty": "OKP", "crv": "Ed25519", "x": base64url(self.raw)}
        numbers = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), self.raw
        ).public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": base64url(numbers.x.to_bytes(32, "big")),
            "y": base64url(numbers.y.to_bytes(32, "big")),
        }


def key_from_multikey(value: object) -> PublicKey:
    """Decode a ``publicKeyMultibase`` value (multicodec ed25519-pub or p256-pub).

    Raises:
        CredentialInvalid: not a multibase string, or another key type.
    """
    if not isinstance(value, str):
        raise CredentialInvalid("publicKeyMultibase is not a string")
    code, raw = split_multicodec(decode_multibase(value))
    if code == ED25519_PUB and len(raw) == 32:
        return PublicKey("Ed25519", raw)
    if code == P256_PUB and len(raw) == 33 and raw[0] in (2, 3):
        _check_point(raw)
        return PublicKey("P-256", raw)
    raise CredentialInvalid(
        f"unsupported multikey: multicodec 0x{code:x} with {len(raw)} key bytes"
    )


def key_from_base58(value: object) -> PublicKey:
    """Decode an Ed25519VerificationKey2018 ``publicKeyBase58`` value.

    Raises:
        CredentialInvalid: not 32 bytes of base58btc.
    """
    try:
        raw = base58.b58decode(str(value).encode("ascii"))
    except ValueError as exc:
        raise CredentialInvalid(f"bad publicKeyBase58: {exc}") from exc
    if len(raw) != 32:
        raise CredentialInvalid("publicKeyBase58 is not a 32-byte Ed25519 key")
    return PublicKey("Ed25519", raw)


def key_from_jwk(jwk: object) -> PublicKey:
    """Read the public part of an OKP/Ed25519 or EC/P-256 JWK.

    Raises:
        CredentialInvalid: another key type or curve, or malformed coordinates.
    """
    if not isinstance(jwk, Mapping):
        raise CredentialInvalid("publicKeyJwk is not an object")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    try:
        if kty == "OKP" and crv == "Ed25519":
            raw = decode_base64url(str(jwk.get("x", "")))
            if len(raw) == 32:
                return PublicKey("Ed25519", raw)
        elif kty == "EC" and crv == "P-256":
            x = decode_base64url(str(jwk.get("x", "")))
            y = decode_base64url(str(jwk.get("y", "")))
            if len(x) == 32 and len(y) == 32:
                raw = bytes([2 + (y[-1] & 1)]) + x
                _check_point(b"\x04" + x + y)
                return PublicKey("P-256", raw)
    except ValueError as exc:
        raise CredentialInvalid(f"bad publicKeyJwk: {exc}") from exc
    raise CredentialInvalid(f"unsupported publicKeyJwk: kty {kty!r}, crv {crv!r}")


def _check_point(encoded: bytes) -> None:
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), encoded)
    except ValueError as exc:
        raise CredentialInvalid("P-256 key is not a point on the curve") from exc
