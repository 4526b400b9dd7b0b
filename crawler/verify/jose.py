"""VC-JOSE-COSE: a credential secured as a compact JWS (``application/vc+jwt``).

The header is read first: ``alg`` must be one we allow (EdDSA/Ed25519 or
ES256, never ``none``), ``typ`` a VC-JWT type, and ``kid`` must name an
``assertionMethod`` key of the issuer. The signature is then checked by
joserfc, and the payload (the credential itself) is returned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import ECKey, OKPKey
from joserfc.jws import JWSRegistry

from crawler.verify.errors import CredentialInvalid
from crawler.verify.methods import VerificationMethod
from crawler.verify.multibase import decode_base64url

DATA_URL_PREFIX = "data:application/vc+jwt,"
ALLOWED_ALGORITHMS = {"EdDSA": "Ed25519", "Ed25519": "Ed25519", "ES256": "P-256"}
_TYPES = frozenset(
    {"vc+jwt", "application/vc+jwt", "vc+ld+jwt", "application/vc+ld+jwt", "JWT"}
)
_COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")

Resolve = Callable[[str, str], VerificationMethod]


class _Registry(JWSRegistry):
    """joserfc's registry limited to our algorithms, with room for large payloads.

    joserfc warns on every use of ``EdDSA`` (RFC 9864 deprecates the name in
    favour of ``Ed25519``); VC-JWT issuers still use it, so the warning is not
    raised here.
    """

    max_header_length = 4096
    max_payload_length = 2_000_000

    def get_alg(self, name: str) -> Any:
        if name not in ALLOWED_ALGORITHMS or name not in self.algorithms:
            raise CredentialInvalid(f"JWS alg {name!r:.40} is not allowed")
        return self.algorithms[name]


_REGISTRY = _Registry(algorithms=tuple(ALLOWED_ALGORITHMS), strict_check_header=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifiedJws:
    """A VC-JWT whose signature verified.

    Attributes:
        header: the protected header.
        credential: the credential it secures (the payload).
        method: the verification method named by ``kid``.
    """

    header: Mapping[str, Any]
    credential: dict[str, Any]
    method: VerificationMethod


def is_compact_jws(text: str) -> bool:
    """Return whether ``text`` looks like a compact JWS (three base64url parts)."""
    return _COMPACT.fullmatch(text.strip()) is not None


def enveloped_token(document: Mapping[str, Any]) -> str | None:
    """Return the compact JWS of an ``EnvelopedVerifiableCredential``, if it is one."""
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    ident = document.get("id")
    if "EnvelopedVerifiableCredential" not in types or not isinstance(ident, str):
        return None
    if not ident.startswith(DATA_URL_PREFIX):
        raise CredentialInvalid(
            f"EnvelopedVerifiableCredential id is not a {DATA_URL_PREFIX} URL"
        )
    return ident.removeprefix(DATA_URL_PREFIX)


def read_header(token: str) -> dict[str, Any]:
    """Return the JWS protected header, unverified.

    Raises:
        CredentialInvalid: not a compact JWS with a JSON object header.
    """
    return _json_part(token, 0, "header")


def read_credential(token: str) -> dict[str, Any]:
    """Return the credential a JWS carries, unverified.

    The payload is the credential (VC-JOSE-COSE); a VC-JWT 1.1 payload keeps it
    under ``vc``, with the issuer as ``iss`` when the credential has none.

    Raises:
        CredentialInvalid: the payload is not a JSON object.
    """
    payload = _json_part(token, 1, "payload")
    inner = payload.get("vc")
    if "@context" not in payload and isinstance(inner, dict):
        credential = dict(inner)
        if "issuer" not in credential and isinstance(payload.get("iss"), str):
            credential["issuer"] = payload["iss"]
        return credential
    return payload


def claims_problem(token: str, as_of: datetime) -> str | None:
    """Return why the JWT's ``exp`` / ``nbf`` claims reject ``as_of``, or ``None``.

    Raises:
        CredentialInvalid: a claim is present but not a number (NumericDate).
    """
    payload = _json_part(token, 1, "payload")
    moments = {}
    for claim in ("exp", "nbf"):
        value = payload.get(claim)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CredentialInvalid(f"JWT claim {claim} is not a NumericDate")
        try:
            moments[claim] = datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            moments[claim] = datetime.max.replace(tzinfo=UTC)
    if "exp" in moments and moments["exp"] <= as_of:
        return f"expired: JWT exp is {moments['exp'].isoformat()}"
    if "nbf" in moments and as_of < moments["nbf"]:
        return f"not yet valid: JWT nbf is {moments['nbf'].isoformat()}"
    return None


def key_id(header: Mapping[str, Any], issuer: str | None) -> str | None:
    """Return the absolute id of the key the header names (``kid``)."""
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        return None
    if kid.startswith("#") and issuer:
        return issuer + kid
    return kid


def verify_jws(token: str, issuer: str | None, resolve: Resolve) -> VerifiedJws:
    """Check a VC-JWT's header, resolve its key and verify its signature.

    Raises:
        CredentialInvalid: a forbidden ``alg`` or ``typ``, an unusable ``kid``,
            a key of the wrong type, or a signature that does not verify.
        CannotVerify: the key could not be resolved (document not fetched).
    """
    header = read_header(token)
    alg = header.get("alg")
    if alg == "none":
        raise CredentialInvalid("JWS alg 'none' (an unsigned token) is not allowed")
    if alg not in ALLOWED_ALGORITHMS:
        raise CredentialInvalid(f"JWS alg {alg!r:.40} is not allowed (EdDSA, ES256)")
    if "typ" in header and header["typ"] not in _TYPES:
        raise CredentialInvalid(f"JWS typ {header['typ']!r:.40} is not vc+jwt")
    kid = key_id(header, issuer)
    if kid is None:
        raise CredentialInvalid("JWS header has no kid naming the issuer's key")
    method = resolve(kid, "assertionMethod")
    if method.key.type != ALLOWED_ALGORITHMS[str(alg)]:
        raise CredentialInvalid(
            f"JWS alg {alg} does not fit the {method.key.type} key {kid}"
        )
    jwk: dict[str, str | list[str]] = dict(method.key.jwk())
    key = OKPKey.import_key(jwk) if alg != "ES256" else ECKey.import_key(jwk)
    try:
        jws.deserialize_compact(token.strip(), key, registry=_REGISTRY)
    except BadSignatureError as exc:
        raise CredentialInvalid(f"JWS signature does not verify with {kid}") from exc
    except JoseError as exc:
        raise CredentialInvalid(f"JWS rejected: {exc}") from exc
    return VerifiedJws(header=header, credential=read_credential(token), method=method)


def _json_part(token: str, index: int, name: str) -> dict[str, Any]:
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise CredentialInvalid("not a compact JWS (three dot-separated parts)")
    try:
        value = json.loads(decode_base64url(parts[index]).decode("utf-8"))
    except RecursionError as exc:
        raise CredentialInvalid(f"JWS {name} nests too deep") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise CredentialInvalid(f"JWS {name} is not base64url JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise CredentialInvalid(f"JWS {name} is not a JSON object")
    return value
