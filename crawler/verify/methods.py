"""Verification methods: find the key a proof names, and check it may assert."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from crawler.verify.did import Resources, controller_document, without_fragment
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.keys import (
    PublicKey,
    key_from_base58,
    key_from_jwk,
    key_from_multikey,
)

_MULTIBASE_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020"})
_JWK_TYPES = frozenset({"JsonWebKey", "JsonWebKey2020"})
_BASE58_TYPES = frozenset({"Ed25519VerificationKey2018"})


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationMethod:
    """A resolved verification method.

    Attributes:
        id: its absolute id (``did:...#fragment`` or ``https://...#fragment``).
        type: its type (``Multikey``, ``JsonWebKey2020``, ...).
        controller: who controls it; the verifier compares this with the issuer.
        key: the public key.
    """

    id: str
    type: str
    controller: str
    key: PublicKey


def resolve_method(
    method_id: str, resources: Resources, purpose: str = "assertionMethod"
) -> VerificationMethod:
    """Resolve ``method_id`` and check that it is authorised for ``purpose``.

    Raises:
        CannotVerify: its controller document was not fetched, or its type is
            not supported.
        CredentialInvalid: the document has no such method, the method is not
            authorised for ``purpose``, or its controller is not the document's.
    """
    base = without_fragment(method_id)
    document = controller_document(base, resources)
    methods = dict(_methods(document, base))
    method = methods.get(method_id)
    if method is None:
        raise CredentialInvalid(f"{base} has no verification method {method_id}")
    if method_id not in set(_authorised(document, base, purpose)):
        raise CredentialInvalid(
            f"verification method {method_id} is not authorised for {purpose}"
        )
    controller = method.get("controller")
    if controller != base:
        raise CredentialInvalid(
            f"verification method {method_id} names controller {controller!r:.80}, "
            f"not {base}"
        )
    kind = str(method.get("type"))
    return VerificationMethod(
        id=method_id, type=kind, controller=base, key=_key_of(method, kind)
    )


def _absolute(ref: str, base: str) -> str:
    return base + ref if ref.startswith("#") else ref


def _methods(document: Mapping[str, Any], base: str) -> Iterator[tuple[str, Any]]:
    """Yield ``(absolute id, method)`` for every method defined in the document."""
    for prop in ("verificationMethod", "assertionMethod", "authentication"):
        for item in _as_list(document.get(prop)):
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                yield _absolute(item["id"], base), item


def _authorised(document: Mapping[str, Any], base: str, purpose: str) -> Iterator[str]:
    for item in _as_list(document.get(purpose)):
        ref = item.get("id") if isinstance(item, Mapping) else item
        if isinstance(ref, str):
            yield _absolute(ref, base)


def _key_of(method: Mapping[str, Any], kind: str) -> PublicKey:
    if kind in _MULTIBASE_TYPES:
        key = key_from_multikey(method.get("publicKeyMultibase"))
        if kind == "Ed25519VerificationKey2020" and key.type != "Ed25519":
            raise CredentialInvalid(f"{kind} method holds a {key.type} key")
        return key
    if kind in _JWK_TYPES:
        return key_from_jwk(method.get("publicKeyJwk"))
    if kind in _BASE58_TYPES:
        return key_from_base58(method.get("publicKeyBase58"))
    raise CannotVerify(f"verification method type {kind!r:.60} is not supported")


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
