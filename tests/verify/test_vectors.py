"""The W3C vc-di-eddsa test vectors, reproduced hash by hash."""

from __future__ import annotations

import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crawler.verify import verify_credential
from crawler.verify.cryptosuites import canonical_forms, proof_config
from crawler.verify.dataintegrity import verify_proofs
from crawler.verify.deadline import Deadline
from crawler.verify.keys import ED25519_PRIV, key_from_multikey
from crawler.verify.methods import resolve_method
from crawler.verify.multibase import (
    decode_multibase,
    encode_base58btc,
    split_multicodec,
)
from crawler.verify.rdfc import canonize

from .conftest import AS_OF, vector, vector_json

SUITES = {
    "eddsa-rdfc-2022": ("DataInt", "signedDataInt.json"),
    "eddsa-jcs-2022": ("JCS", "signedJCS.json"),
}


def private_key() -> Ed25519PrivateKey:
    code, seed = split_multicodec(
        decode_multibase(vector_json("keyPair.json")["privateKeyMultibase"])
    )
    assert code == ED25519_PRIV
    return Ed25519PrivateKey.from_private_bytes(seed)


def forms(suite: str):
    tag, _ = SUITES[suite]
    config = vector_json(f"{suite}/proofConfig{tag}.json")
    return canonical_forms(vector_json("unsigned.json"), config, timeout=30)


def test_key_pair_public_key_is_the_private_keys():
    public = key_from_multikey(vector_json("keyPair.json")["publicKeyMultibase"])
    derived = private_key().public_key().public_bytes_raw()
    assert public.type == "Ed25519"
    assert public.raw == derived


def test_rdfc_canonical_document_is_byte_for_byte():
    (canon,) = canonize([vector_json("unsigned.json")], timeout=30)
    assert canon.nquads == vector("eddsa-rdfc-2022/canonDocDataInt.txt")
    assert canon.dropped == ()


@pytest.mark.parametrize("suite", SUITES)
def test_canonical_forms(suite):
    tag, _ = SUITES[suite]
    data = forms(suite)
    assert data.canonical_document.decode() == vector(f"{suite}/canonDoc{tag}.txt")
    assert data.canonical_proof.decode() == vector(f"{suite}/proofCanon{tag}.txt")


@pytest.mark.parametrize("suite", SUITES)
def test_hashes(suite):
    tag, _ = SUITES[suite]
    data = forms(suite)
    assert data.document_hash.hex() == vector(f"{suite}/docHash{tag}.txt").strip()
    assert data.proof_hash.hex() == vector(f"{suite}/proofHash{tag}.txt").strip()
    assert data.combined.hex() == vector(f"{suite}/combinedHash{tag}.txt").strip()
    canon_doc = vector(f"{suite}/canonDoc{tag}.txt").encode()
    assert hashlib.sha256(canon_doc).digest() == data.document_hash


@pytest.mark.parametrize("suite", SUITES)
def test_signature_hex_and_base58(suite):
    tag, signed_name = SUITES[suite]
    signature = private_key().sign(forms(suite).combined)
    assert signature.hex() == vector(f"{suite}/sigHex{tag}.txt").strip()
    assert encode_base58btc(signature) == vector(f"{suite}/sigBTC58{tag}.txt").strip()
    signed = vector_json(f"{suite}/{signed_name}")
    assert signed["proof"]["proofValue"] == encode_base58btc(signature)


@pytest.mark.parametrize("suite", SUITES)
def test_proof_config_of_signed_document_matches_vector(suite):
    tag, signed_name = SUITES[suite]
    signed = vector_json(f"{suite}/{signed_name}")
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    config = proof_config(unsecured, signed["proof"])
    assert config == vector_json(f"{suite}/proofConfig{tag}.json")


@pytest.mark.parametrize("suite", SUITES)
def test_signed_vector_proof_verifies(suite):
    _, signed_name = SUITES[suite]
    signed = vector_json(f"{suite}/{signed_name}")
    (outcome,) = verify_proofs(
        signed, lambda m, p: resolve_method(m, {}, p), deadline=Deadline(30)
    )
    assert outcome.status == "verified", outcome.detail
    assert outcome.method is not None
    assert (
        outcome.method.controller == signed["proof"]["verificationMethod"].split("#")[0]
    )


@pytest.mark.parametrize("suite", SUITES)
def test_signed_vector_with_changed_value_fails(suite):
    _, signed_name = SUITES[suite]
    signed = vector_json(f"{suite}/{signed_name}")
    signed["credentialSubject"]["alumniOf"] = "Another School"
    (outcome,) = verify_proofs(
        signed, lambda m, p: resolve_method(m, {}, p), deadline=Deadline(30)
    )
    assert outcome.status == "failed"
    assert "signature does not verify" in outcome.detail


@pytest.mark.parametrize("suite", SUITES)
def test_signed_vector_credential_is_not_bound_to_its_issuer(suite):
    # The vectors' issuer (https://vc.example/issuers/5678) is not the
    # controller of the did:key that signed them: a valid signature, but not
    # the issuer's, so the credential as a whole fails.
    _, signed_name = SUITES[suite]
    raw = json.dumps(vector_json(f"{suite}/{signed_name}")).encode()
    result = verify_credential(raw, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert "not by the issuer https://vc.example/issuers/5678" in result.message
    assert result.steps[0].ok
    assert result.steps[0].name == f"proof 1 of 1 ({suite})"
