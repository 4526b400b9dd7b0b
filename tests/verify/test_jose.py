"""VC-JOSE-COSE: enveloped and bare VC-JWTs, EdDSA and ES256, alg and kid checks."""

from __future__ import annotations

import json

import pytest

from crawler.verify import resources_needed, verify_credential
from crawler.verify.did import did_web_url
from crawler.verify.multibase import base64url, decode_base64url
from crawler.verify.sign import (
    did_key,
    did_key_method,
    did_web_document,
    enveloped,
    public_key,
    sign_vc_jwt,
    unsigned_jwt,
)

from .conftest import AS_OF, credential

DID = "did:web:127.0.0.1%3A8443:issuers:certifier"


def verify(token, resources=None):
    return verify_credential(token.encode(), resources=resources or {}, as_of=AS_OF)


def with_header(token, **changes):
    header, payload, signature = token.split(".")
    fields = json.loads(decode_base64url(header)) | changes
    fields = {k: v for k, v in fields.items() if v is not None}
    return ".".join([base64url(json.dumps(fields).encode()), payload, signature])


def test_eddsa_and_es256(issuer, p256):
    for key in (issuer.key, p256):
        token = sign_vc_jwt(credential(did_key(key)), key, kid=did_key_method(key))
        result = verify(token)
        assert result.status == "verified", result.message
        assert result.envelope == "vc-jwt"
        assert result.credential is not None
        assert result.credential["issuer"] == did_key(key)


def test_enveloped_credential(issuer):
    token = sign_vc_jwt(credential(issuer.did), issuer.key, kid=issuer.method)
    result = verify_credential(enveloped(token), resources={}, as_of=AS_OF)
    assert result.status == "verified"
    assert result.subject_ids == ("https://id.gs1.org/01/09520123456788",)


def test_alg_none_fails(issuer):
    result = verify(unsigned_jwt(credential(issuer.did), kid=issuer.method))
    assert result.status == "failed"
    assert result.message == "vc-jwt: JWS alg 'none' (an unsigned token) is not allowed"


@pytest.mark.parametrize("alg", ["HS256", "RS256", "ES384", None])
def test_other_algorithms_fail(issuer, alg):
    token = sign_vc_jwt(credential(issuer.did), issuer.key, kid=issuer.method)
    result = verify(with_header(token, alg=alg))
    assert result.status == "failed"
    assert "is not allowed" in result.message


def test_alg_that_does_not_fit_the_key(issuer):
    token = sign_vc_jwt(credential(issuer.did), issuer.key, kid=issuer.method)
    result = verify(with_header(token, alg="ES256"))
    assert result.status == "failed"
    assert "does not fit the Ed25519 key" in result.message


def test_changed_payload_fails(issuer):
    token = sign_vc_jwt(credential(issuer.did), issuer.key, kid=issuer.method)
    header, _, signature = token.split(".")
    forged = credential(issuer.did, validUntil="2099-01-01T00:00:00Z")
    payload = base64url(json.dumps(forged).encode())
    result = verify(f"{header}.{payload}.{signature}")
    assert result.status == "failed"
    assert (
        result.message == f"vc-jwt: JWS signature does not verify with {issuer.method}"
    )


def test_missing_kid_fails(issuer):
    token = sign_vc_jwt(credential(issuer.did), issuer.key, kid=issuer.method)
    result = verify(with_header(token, kid=None))
    assert result.status == "failed"
    assert "no kid" in result.message


def test_kid_of_another_key_fails(issuer, stranger):
    token = sign_vc_jwt(credential(issuer.did), stranger.key, kid=stranger.method)
    result = verify(token)
    assert result.status == "failed"
    assert f"not by the issuer {issuer.did}" in result.message


def test_wrong_typ_fails(issuer):
    token = sign_vc_jwt(credential(issuer.did), issuer.key, kid=issuer.method)
    result = verify(with_header(token, typ="vp+jwt"))
    assert result.status == "failed"
    assert "typ 'vp+jwt'" in result.message


def test_payload_must_be_a_credential(issuer):
    token = sign_vc_jwt({"iss": issuer.did, "sub": "x"}, issuer.key, kid=issuer.method)
    result = verify(token)
    assert result.status == "failed"
    assert result.message.startswith("data model: ")


def test_did_web_issuer_with_json_web_key(issuer):
    token = sign_vc_jwt(credential(DID), issuer.key, kid=f"{DID}#key-1")
    url = did_web_url(DID)
    assert url == "https://127.0.0.1:8443/issuers/certifier/did.json"
    assert resources_needed(token.encode()) == (url,)
    document = did_web_document(DID, [public_key(issuer.key)], as_jwk=True)
    result = verify(token, {url: json.dumps(document).encode()})
    assert result.status == "verified", result.message


def test_relative_kid_resolves_against_the_issuer(issuer):
    token = sign_vc_jwt(credential(DID), issuer.key, kid="#key-1")
    url = did_web_url(DID)
    assert resources_needed(token.encode()) == (url,)
    document = did_web_document(DID, [public_key(issuer.key)])
    assert verify(token, {url: json.dumps(document).encode()}).status == "verified"


def test_missing_did_web_document_is_an_error(issuer):
    token = sign_vc_jwt(credential(DID), issuer.key, kid=f"{DID}#key-1")
    for resources in ({}, {did_web_url(DID): None}):
        result = verify(token, resources)
        assert result.status == "error"
        assert "was not fetched" in result.message


def test_vc_jwt_1_1_payload(issuer):
    inner = credential(issuer.did)
    del inner["issuer"]
    token = sign_vc_jwt({"iss": issuer.did, "vc": inner}, issuer.key, kid=issuer.method)
    result = verify(token)
    assert result.status == "verified", result.message
    assert result.issuer == issuer.did


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"exp": 1_700_000_000}, "vc-jwt: expired: JWT exp is 2023-11-14"),
        ({"nbf": 4_102_444_800}, "vc-jwt: not yet valid: JWT nbf is 2100-01-01"),
        ({"exp": "tomorrow"}, "vc-jwt: JWT claim exp is not a NumericDate"),
    ],
)
def test_jwt_time_claims(issuer, claims, reason):
    token = sign_vc_jwt(credential(issuer.did) | claims, issuer.key, kid=issuer.method)
    result = verify(token)
    assert result.status == "failed"
    assert result.message.startswith(reason)


def test_jwt_time_claims_that_allow_as_of(issuer):
    claims = {"nbf": 1_700_000_000, "exp": 4_102_444_800}
    token = sign_vc_jwt(credential(issuer.did) | claims, issuer.key, kid=issuer.method)
    assert verify(token).status == "verified"
