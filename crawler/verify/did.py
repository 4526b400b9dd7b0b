"""DIDs and controller documents: ``did:key`` made locally, ``did:web`` as fetched.

``did:key`` documents are derived from the key in the DID itself. A
``did:web`` DID maps to an HTTPS URL (the did:web method specification);
the caller fetches it and passes its bytes in. A verification method named by
a plain HTTPS URL (``https://issuer.example/keys#k1``) is read from the
controller document at that URL without its fragment, the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeAlias
from urllib.parse import unquote

from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.keys import key_from_multikey

MAX_DOCUMENT_BYTES = 1_000_000
_DID_CONTEXTS = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/multikey/v1",
]

Resources: TypeAlias = Mapping[str, bytes | None]


def without_fragment(url: str) -> str:
    """Return a DID URL or URL without its fragment and query (the document's id)."""
    return url.partition("#")[0].partition("?")[0]


def did_web_url(did: str) -> str:
    """Return the HTTPS URL of a ``did:web`` DID's document.

    ``did:web:example.com`` maps to ``https://example.com/.well-known/did.json``
    and ``did:web:example.com:path:x`` to ``https://example.com/path/x/did.json``;
    a port is written percent-encoded (``did:web:127.0.0.1%3A8443``).

    Raises:
        CredentialInvalid: ``did`` is not a well-formed ``did:web`` DID.
    """
    if not did.startswith("did:web:"):
        raise CredentialInvalid(f"not a did:web DID: {did!r:.80}")
    host, *path = without_fragment(did).removeprefix("did:web:").split(":")
    host = unquote(host)
    if not host or any(c in host for c in "/@?#% ") or not all(path):
        raise CredentialInvalid(f"malformed did:web DID: {did!r:.80}")
    if not path:
        return f"https://{host}/.well-known/did.json"
    return f"https://{host}/{'/'.join(path)}/did.json"


def document_url(method_or_did: str) -> str | None:
    """Return the URL the caller must fetch to resolve a DID or method id.

    ``None`` for ``did:key`` (resolved locally) and for what cannot be resolved.
    """
    base = without_fragment(method_or_did)
    if base.startswith("did:web:"):
        try:
            return did_web_url(base)
        except CredentialInvalid:
            return None
    if base.startswith("https://"):
        return base
    return None


def did_key_document(did: str) -> dict[str, Any]:
    """Return the DID document of a ``did:key`` DID (one Multikey method).

    Raises:
        CredentialInvalid: the DID does not carry a supported multibase key.
    """
    multikey = did.removeprefix("did:key:")
    key_from_multikey(multikey)
    method = f"{did}#{multikey}"
    return {
        "@context": list(_DID_CONTEXTS),
        "id": did,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": multikey,
            }
        ],
        "authentication": [method],
        "assertionMethod": [method],
        "capabilityInvocation": [method],
        "capabilityDelegation": [method],
    }


def controller_document(base: str, resources: Resources) -> dict[str, Any]:
    """Return the controller (DID) document whose id is ``base``.

    Raises:
        CannotVerify: the document was not fetched, or the method is unsupported.
        CredentialInvalid: the fetched document is not a controller document
            for ``base`` (not JSON, or another ``id``).
    """
    if base.startswith("did:key:"):
        return did_key_document(base)
    url = document_url(base)
    if url is None:
        if base.startswith("did:web:"):
            raise CredentialInvalid(f"malformed did:web DID {base!r:.80}")
        raise CannotVerify(f"cannot resolve {base!r:.80}: unsupported DID method")
    data = resources.get(url)
    if data is None:
        raise CannotVerify(f"controller document {url} for {base} was not fetched")
    document = parse_json_document(data, url)
    if document.get("id") != base:
        raise CredentialInvalid(
            f"document at {url} has id {document.get('id')!r:.80}, not {base}"
        )
    return document


def parse_json_document(data: bytes, url: str) -> dict[str, Any]:
    """Parse fetched bytes as one JSON object.

    Raises:
        CredentialInvalid: too large, not UTF-8 JSON, or not an object.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise CredentialInvalid(f"document at {url} is larger than 1 MB")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CredentialInvalid(f"document at {url} is not JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise CredentialInvalid(f"document at {url} is not a JSON object")
    return parsed
