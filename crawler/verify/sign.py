"""Issue credentials for fixtures and tests: Data Integrity, VC-JWT, status lists.

Not used by verification. Every signature made here is deterministic
(Ed25519, and ECDSA with RFC 6979 nonces), so fixture files can be rebuilt
byte for byte. Keys come from seeds; a seed in a fixture is a test key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from crawler.verify.cryptosuites import hash_data, proof_config
from crawler.verify.jose import DATA_URL_PREFIX
from crawler.verify.keys import PublicKey
from crawler.verify.multibase import base64url, encode_base58btc
from crawler.verify.statuslist import MIN_ENTRIES, encode_list
from crawler.verify.vcdm import V2_CONTEXT

PrivateKey = Ed25519PrivateKey | ec.EllipticCurvePrivateKey
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def ed25519_key(seed: bytes) -> Ed25519PrivateKey:
    """Return the Ed25519 private key of a 32-byte seed."""
    return Ed25519PrivateKey.from_private_bytes(seed)


def p256_key(seed: bytes) -> ec.EllipticCurvePrivateKey:
    """Return a P-256 private key derived from ``seed`` (SHA-256, reduced mod n)."""
    scalar = int.from_bytes(hashlib.sha256(seed).digest(), "big") % (_P256_ORDER - 1)
    return ec.derive_private_key(scalar + 1, ec.SECP256R1())


def public_key(private_key: PrivateKey) -> PublicKey:
    """Return the :class:`PublicKey` of a private key."""
    if isinstance(private_key, Ed25519PrivateKey):
        raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PublicKey("Ed25519", raw)
    point = private_key.public_key().public_bytes(
        Encoding.X962, PublicFormat.CompressedPoint
    )
    return PublicKey("P-256", point)


def did_key(private_key: PrivateKey) -> str:
    """Return the ``did:key`` DID of a key."""
    return "did:key:" + public_key(private_key).multikey()


def did_key_method(private_key: PrivateKey) -> str:
    """Return the verification method id of a ``did:key`` key (``did#multikey``)."""
    multikey = public_key(private_key).multikey()
    return f"did:key:{multikey}#{multikey}"


def sign_data_integrity(
    credential: Mapping[str, Any],
    private_key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: str,
    cryptosuite: str = "eddsa-rdfc-2022",
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    time_limit: float = 30.0,
) -> dict[str, Any]:
    """Add an ``eddsa-rdfc-2022`` or ``eddsa-jcs-2022`` proof to a credential.

    A credential that already has proofs gets one more (a proof set); with
    ``previous_proof`` the new proof also signs the proofs it names (a chain).

    Raises:
        CredentialInvalid: the credential has values its contexts do not define
            (they would not be signed) or cannot be canonicalised.
    """
    existing = credential.get("proof")
    proofs = list(
        existing if isinstance(existing, list) else [existing] if existing else []
    )
    data = {k: v for k, v in credential.items() if k != "proof"}
    options: dict[str, Any] = {"type": "DataIntegrityProof"}
    if proof_id:
        options["id"] = proof_id
    options |= {
        "cryptosuite": cryptosuite,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    if previous_proof is not None:
        options["previousProof"] = previous_proof
        wanted = [previous_proof] if isinstance(previous_proof, str) else previous_proof
        data["proof"] = [p for i in wanted for p in proofs if p.get("id") == i]
    if cryptosuite == "eddsa-jcs-2022" and "@context" in credential:
        options["@context"] = credential["@context"]
    signed = hash_data(
        data, proof_config(data, options), cryptosuite, timeout=time_limit
    )
    proof = options | {
        "proofValue": encode_base58btc(private_key.sign(signed.combined))
    }
    secured = {k: v for k, v in credential.items() if k != "proof"}
    secured["proof"] = [*proofs, proof] if proofs else proof
    return secured


def sign_vc_jwt(
    credential: Mapping[str, Any], private_key: PrivateKey, *, kid: str
) -> str:
    """Return a compact JWS (``typ: vc+jwt``) of the credential: EdDSA or ES256."""
    ed = isinstance(private_key, Ed25519PrivateKey)
    header = {
        "alg": "EdDSA" if ed else "ES256",
        "kid": kid,
        "typ": "vc+jwt",
        "cty": "vc",
    }
    signing_input = f"{_part(header)}.{_part(credential)}".encode("ascii")
    if isinstance(private_key, Ed25519PrivateKey):
        signature = private_key.sign(signing_input)
    else:
        der = private_key.sign(
            signing_input, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
        )
        r, s = decode_dss_signature(der)
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{signing_input.decode('ascii')}.{base64url(signature)}"


def unsigned_jwt(credential: Mapping[str, Any], *, kid: str) -> str:
    """Return an ``alg: none`` token: what a verifier must never accept."""
    header = {"alg": "none", "kid": kid, "typ": "vc+jwt"}
    return f"{_part(header)}.{_part(credential)}."


def enveloped(token: str) -> dict[str, Any]:
    """Wrap a VC-JWT as an ``EnvelopedVerifiableCredential``."""
    return {
        "@context": [V2_CONTEXT],
        "id": DATA_URL_PREFIX + token,
        "type": "EnvelopedVerifiableCredential",
    }


def status_list_credential(
    *,
    list_id: str,
    issuer: str,
    valid_from: str,
    set_indices: Iterable[int] = (),
    purpose: str = "revocation",
    length: int = MIN_ENTRIES,
) -> dict[str, Any]:
    """Return an unsigned ``BitstringStatusListCredential`` with some bits set."""
    return {
        "@context": [V2_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_list(set_indices, length),
        },
    }


def status_entry(
    list_id: str, index: int, purpose: str = "revocation"
) -> dict[str, Any]:
    """Return a ``BitstringStatusListEntry`` pointing at ``index`` of a list."""
    return {
        "id": f"{list_id}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_id,
    }


def did_web_document(
    did: str, keys: Sequence[PublicKey], *, as_jwk: bool = False
) -> dict[str, Any]:
    """Return a ``did.json`` for a ``did:web`` DID with ``keys`` as assertion keys.

    Each key becomes ``{did}#key-{n}``: a Multikey, or a JsonWebKey with
    ``as_jwk``. Serve it at :func:`crawler.verify.did.did_web_url` of ``did``.
    """
    methods = []
    for number, key in enumerate(keys, start=1):
        method: dict[str, Any] = {"id": f"{did}#key-{number}", "controller": did}
        if as_jwk:
            method |= {"type": "JsonWebKey", "publicKeyJwk": key.jwk()}
        else:
            method |= {"type": "Multikey", "publicKeyMultibase": key.multikey()}
        methods.append(method)
    ids = [m["id"] for m in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/jwk/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def _part(value: Mapping[str, Any]) -> str:
    return base64url(json.dumps(value, separators=(",", ":")).encode("utf-8"))
