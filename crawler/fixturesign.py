"""TEST-ONLY signing of fixture credentials, ahead of time or when served.

The keys come from public seeds (``sha256("greengate TEST-ONLY key: <name>")``,
the derivation of ``fixtures/credentials/keys.json``): anyone can sign with
them, so no deployment may ever trust them. Most fixture credentials are
signed once by ``fixtures/tools/make_site_credentials.py``. A credential that
names a fixture server's origin (a status list on the traceability platform,
say) can only be signed once the port is known: a site lists those files in
``_sign.json`` and :mod:`crawler.fixtureserver` signs them as it serves them
(after expanding ``{{origin:NAME}}``), with :func:`sign_document`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crawler.verify.sign import did_key_method, ed25519_key, sign_data_integrity

__all__ = ["CREATED", "key_seed", "sign_document", "signing_key"]

CREATED = "2026-01-01T00:00:00Z"
"""The ``created`` time of every fixture proof (signatures stay deterministic)."""


def key_seed(name: str) -> bytes:
    """Return the public 32-byte seed of the TEST-ONLY key ``name``."""
    return hashlib.sha256(f"greengate TEST-ONLY key: {name}".encode()).digest()


def signing_key(name: str) -> Ed25519PrivateKey:
    """Return the TEST-ONLY Ed25519 key ``name``."""
    return ed25519_key(key_seed(name))


def sign_document(body: bytes, spec: Mapping[str, Any]) -> bytes:
    """Return a JSON credential signed as ``spec`` says, as served bytes.

    Args:
        body: the unsigned credential (JSON, placeholders already expanded).
        spec: ``{"key": NAME}`` and optionally ``"cryptosuite"``
            (``eddsa-jcs-2022`` by default: no canonicalisation worker needed)
            and ``"created"``.
    """
    credential = json.loads(body.decode("utf-8"))
    key = signing_key(str(spec["key"]))
    signed = sign_data_integrity(
        credential,
        key,
        verification_method=did_key_method(key),
        created=str(spec.get("created", CREATED)),
        cryptosuite=str(spec.get("cryptosuite", "eddsa-jcs-2022")),
    )
    return (json.dumps(signed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
