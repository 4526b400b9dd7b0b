"""Multibase keys, did:key, did:web and verification method resolution."""

from __future__ import annotations

import json

import pytest

from crawler.verify.did import did_key_document, did_web_url, document_url
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.keys import key_from_jwk, key_from_multikey
from crawler.verify.methods import resolve_method
from crawler.verify.multibase import join_multicodec, split_multicodec
from crawler.verify.sign import did_web_document, public_key

from .conftest import vector_json

DID = "did:web:certifier.example"
URL = "https://certifier.example/.well-known/did.json"


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.com", "https://example.com/.well-known/did.json"),
        ("did:web:example.com:path:x", "https://example.com/path/x/did.json"),
        ("did:web:127.0.0.1%3A8443", "https://127.0.0.1:8443/.well-known/did.json"),
        (
            "did:web:127.0.0.1%3A8443:issuers:a",
            "https://127.0.0.1:8443/issuers/a/did.json",
        ),
        ("did:web:example.com#key-1", "https://example.com/.well-known/did.json"),
    ],
)
def test_did_web_url(did, url):
    assert did_web_url(did) == url
    assert document_url(did) == url


@pytest.mark.parametrize("did", ["did:web:", "did:web:a.example::x", "did:key:z6Mk"])
def test_did_web_url_rejects_malformed(did):
    with pytest.raises(CredentialInvalid):
        did_web_url(did)


def test_did_key_needs_no_resource():
    assert (
        document_url("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2") is None
    )


@pytest.mark.parametrize("code", [0xED, 0x1200, 0x1300, 0x7F, 0x80])
def test_multicodec_varint_round_trip(code):
    assert split_multicodec(join_multicodec(code, b"key")) == (code, b"key")


def test_ed25519_did_key_document():
    multikey = vector_json("keyPair.json")["publicKeyMultibase"]
    document = did_key_document(f"did:key:{multikey}")
    (method,) = document["verificationMethod"]
    assert method["id"] == f"did:key:{multikey}#{multikey}"
    assert document["assertionMethod"] == [method["id"]]
    assert key_from_multikey(multikey).multikey() == multikey


def test_p256_multikey_and_jwk_round_trip(p256):
    key = public_key(p256)
    assert key.multikey().startswith("zDn")
    assert key_from_multikey(key.multikey()) == key
    assert key_from_jwk(key.jwk()) == key


def test_unsupported_multikey_is_refused():
    secp256k1 = "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"
    with pytest.raises(CredentialInvalid, match="unsupported multikey"):
        key_from_multikey(secp256k1)


def test_did_web_method_resolves_from_fetched_document(issuer):
    key = public_key(issuer.key)
    resources = {URL: json.dumps(did_web_document(DID, [key])).encode()}
    method = resolve_method(f"{DID}#key-1", resources)
    assert method.controller == DID
    assert method.key == key
    assert method.type == "Multikey"


def test_did_web_json_web_key(issuer):
    key = public_key(issuer.key)
    document = did_web_document(DID, [key], as_jwk=True)
    method = resolve_method(f"{DID}#key-1", {URL: json.dumps(document).encode()})
    assert method.type == "JsonWebKey"
    assert method.key == key


@pytest.mark.parametrize("kind", ["Ed25519VerificationKey2020", "JsonWebKey2020"])
def test_legacy_method_types(issuer, kind):
    key = public_key(issuer.key)
    method = {"id": "#k", "type": kind, "controller": DID}
    if kind == "JsonWebKey2020":
        method["publicKeyJwk"] = key.jwk()
    else:
        method["publicKeyMultibase"] = key.multikey()
    document = {"id": DID, "verificationMethod": [method], "assertionMethod": ["#k"]}
    resolved = resolve_method(f"{DID}#k", {URL: json.dumps(document).encode()})
    assert resolved.key == key
    assert resolved.type == kind


def test_missing_did_web_document_cannot_be_verified():
    with pytest.raises(CannotVerify, match=f"{URL} for {DID} was not fetched"):
        resolve_method(f"{DID}#key-1", {})
    with pytest.raises(CannotVerify, match="was not fetched"):
        resolve_method(f"{DID}#key-1", {URL: None})


def test_document_of_another_did_is_refused(issuer):
    document = did_web_document("did:web:other.example", [public_key(issuer.key)])
    with pytest.raises(CredentialInvalid, match=r"not did:web:certifier\.example"):
        resolve_method(f"{DID}#key-1", {URL: json.dumps(document).encode()})


def test_method_not_authorised_for_assertion(issuer):
    document = did_web_document(DID, [public_key(issuer.key)])
    document["assertionMethod"] = []
    with pytest.raises(CredentialInvalid, match="not authorised for assertionMethod"):
        resolve_method(f"{DID}#key-1", {URL: json.dumps(document).encode()})


def test_method_controlled_by_someone_else(issuer):
    document = did_web_document(DID, [public_key(issuer.key)])
    document["verificationMethod"][0]["controller"] = "did:web:attacker.example"
    with pytest.raises(CredentialInvalid, match="names controller"):
        resolve_method(f"{DID}#key-1", {URL: json.dumps(document).encode()})


def test_unknown_method_id(issuer):
    document = did_web_document(DID, [public_key(issuer.key)])
    with pytest.raises(CredentialInvalid, match="has no verification method"):
        resolve_method(f"{DID}#key-9", {URL: json.dumps(document).encode()})


def test_unsupported_did_method():
    with pytest.raises(CannotVerify, match="unsupported DID method"):
        resolve_method("did:ion:abc#key-1", {})


def test_did_web_document_that_is_not_json():
    with pytest.raises(CredentialInvalid, match="is not JSON"):
        resolve_method(f"{DID}#key-1", {URL: b"<html>not found</html>"})
