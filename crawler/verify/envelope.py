"""Read what the caller passed: a JSON credential, an enveloped or a bare VC-JWT."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crawler.normalise.tree import MAX_DEPTH, too_deep
from crawler.verify.errors import CredentialInvalid
from crawler.verify.jose import enveloped_token, is_compact_jws, read_credential
from crawler.verify.model import Envelope

MAX_INPUT_BYTES = 5_000_000
_TOO_DEEP = f"credential nests deeper than {MAX_DEPTH} levels"


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """A credential as received, before any check.

    Attributes:
        envelope: how it is secured.
        credential: the credential JSON (for a VC-JWT, its unverified payload).
        token: the compact JWS of a VC-JWT, else ``None``.
    """

    envelope: Envelope
    credential: dict[str, Any]
    token: str | None = None


def decode(document: bytes | str | Mapping[str, Any]) -> Decoded:
    """Decode a credential from bytes, text or parsed JSON.

    Raises:
        CredentialInvalid: it is neither a JSON object nor a compact JWS.
    """
    if isinstance(document, Mapping):
        return _checked(_from_json(dict(document)))
    if isinstance(document, bytes):
        if len(document) > MAX_INPUT_BYTES:
            raise CredentialInvalid("credential is larger than 5 MB")
        try:
            document = document.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CredentialInvalid(f"credential is not UTF-8: {exc}") from exc
    if not isinstance(document, str):
        raise CredentialInvalid(f"credential is a {type(document).__name__}")
    text = document.strip()
    if is_compact_jws(text):
        decoded = Decoded(
            envelope="vc-jwt", credential=read_credential(text), token=text
        )
        return _checked(decoded)
    try:
        parsed = json.loads(text)
    except RecursionError as exc:
        raise CredentialInvalid(_TOO_DEEP) from exc
    except ValueError as exc:
        raise CredentialInvalid(f"credential is neither JSON nor a JWS: {exc}") from exc
    if not isinstance(parsed, dict):
        raise CredentialInvalid("credential is not a JSON object")
    return _checked(_from_json(parsed))


def _checked(decoded: Decoded) -> Decoded:
    # canonicalisation and the checks recurse: refuse what no credential needs
    if too_deep(decoded.credential):
        raise CredentialInvalid(_TOO_DEEP)
    return decoded


def _from_json(data: dict[str, Any]) -> Decoded:
    token = enveloped_token(data)
    if token is not None:
        if not is_compact_jws(token):
            raise CredentialInvalid("enveloped credential is not a compact JWS")
        return Decoded(
            envelope="vc-jwt", credential=read_credential(token), token=token
        )
    if "proof" in data:
        return Decoded(envelope="data-integrity", credential=data)
    return Decoded(envelope="none", credential=data)


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """Return the issuer's id (``issuer`` or ``issuer.id``), unchecked."""
    issuer = credential.get("issuer")
    ident = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return ident if isinstance(ident, str) else None
