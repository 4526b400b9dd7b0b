"""Data Integrity proof sets, proof chains, safe canonicalisation and time limits."""

from __future__ import annotations

import copy

import base58

from crawler.verify import verify_credential
from crawler.verify.sign import sign_data_integrity

from .conftest import AS_OF, credential

CREATED = "2025-01-01T00:00:00Z"


def signed(data, signer, **options):
    return sign_data_integrity(
        data, signer.key, verification_method=signer.method, created=CREATED, **options
    )


def test_proof_set_with_both_suites_verifies(issuer):
    data = signed(credential(issuer.did), issuer)
    data = signed(data, issuer, cryptosuite="eddsa-jcs-2022")
    assert len(data["proof"]) == 2
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "verified", result.message
    names = [
        s.name for s in result.steps if s.name.startswith("proof") and ":" not in s.name
    ]
    assert names == [
        "proof 1 of 2 (eddsa-rdfc-2022)",
        "proof 2 of 2 (eddsa-jcs-2022)",
    ]


def test_proof_set_fails_when_one_proof_fails(issuer):
    data = signed(credential(issuer.did), issuer)
    data = signed(data, issuer, cryptosuite="eddsa-jcs-2022")
    data["proof"][1]["created"] = "2025-01-02T00:00:00Z"
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert result.message.startswith(
        "proof 2 of 2 (eddsa-jcs-2022): signature does not"
    )


def test_proof_set_with_a_proof_by_someone_else_fails(issuer, stranger):
    data = signed(credential(issuer.did), issuer)
    data = signed(data, stranger)
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert "proof 2 of 2 (eddsa-rdfc-2022): issuer" in result.message
    assert f"not by the issuer {issuer.did}" in result.message


def test_proof_chain_verifies(issuer):
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022"):
        data = signed(
            credential(issuer.did), issuer, proof_id="urn:uuid:p1", cryptosuite=suite
        )
        data = signed(
            data,
            issuer,
            proof_id="urn:uuid:p2",
            previous_proof="urn:uuid:p1",
            cryptosuite=suite,
        )
        data = signed(
            data,
            issuer,
            previous_proof=["urn:uuid:p1", "urn:uuid:p2"],
            cryptosuite=suite,
        )
        result = verify_credential(data, resources={}, as_of=AS_OF)
        assert result.status == "verified", (suite, result.message)


def test_chained_proof_covers_the_previous_proof(issuer):
    suite = "eddsa-jcs-2022"
    data = signed(
        credential(issuer.did), issuer, proof_id="urn:uuid:p1", cryptosuite=suite
    )
    data = signed(data, issuer, previous_proof="urn:uuid:p1", cryptosuite=suite)
    # swap in another valid first proof (same id, later date): the chain breaks
    unsecured = {k: v for k, v in data.items() if k != "proof"}
    replacement = sign_data_integrity(
        unsecured,
        issuer.key,
        verification_method=issuer.method,
        created="2025-03-01T00:00:00Z",
        cryptosuite=suite,
        proof_id="urn:uuid:p1",
    )
    data["proof"][0] = replacement["proof"]
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.steps[0].ok, "the swapped-in first proof is valid on its own"
    assert result.status == "failed"
    assert result.message.startswith(
        "proof 2 of 2 (eddsa-jcs-2022): signature does not verify"
    )


def test_previous_proof_missing_from_the_set(issuer):
    data = signed(credential(issuer.did), issuer, proof_id="urn:uuid:p1")
    data = signed(data, issuer, previous_proof="urn:uuid:p1")
    data["proof"][1]["previousProof"] = "urn:uuid:nowhere"
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert result.steps[0].ok
    assert result.message == (
        "proof 2 of 2 (eddsa-rdfc-2022): "
        "previousProof 'urn:uuid:nowhere' is not in the proof set"
    )


def test_undefined_term_is_not_covered_and_fails(issuer):
    data = credential(issuer.did)
    data["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    data["credentialSubject"] = {"id": "did:example:s", "name": "covered"}
    signed_data = signed(data, issuer)
    # an attacker adds a claim no context defines: RDFC would drop it silently
    signed_data["credentialSubject"]["certified"] = True
    result = verify_credential(signed_data, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert "no @context defines" in result.message
    assert "certified" in result.message


def test_context_that_is_not_bundled_is_an_error(issuer):
    data = signed(credential(issuer.did), issuer)
    data["@context"] = [*data["@context"], "https://unknown.example/context.jsonld"]
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "error"
    assert result.message == (
        "proof 1 of 1 (eddsa-rdfc-2022): context https://unknown.example/context.jsonld"
        " is not bundled, so it cannot be canonicalised offline"
    )


def test_untp_version_served_by_the_working_context(issuer):
    untp = "https://test.uncefact.org/vocabulary/untp/dcc/working/"
    versioned = "https://test.uncefact.org/vocabulary/untp/dcc/0.5.0/"
    data = credential(issuer.did)
    data["@context"] = ["https://www.w3.org/ns/credentials/v2", untp]
    data["type"] = ["VerifiableCredential", "DigitalConformityCredential"]
    data["credentialSubject"] = {"id": "did:example:s", "name": "Battery"}
    # signed over the versioned URL: the bundled working file stands in for it
    data["@context"][1] = versioned
    ok = signed(data, issuer)
    assert verify_credential(ok, resources={}, as_of=AS_OF).status == "verified"
    # a signature that does not verify may be the stand-in's fault: undecided
    ok["credentialSubject"]["name"] = "Another battery"
    result = verify_credential(ok, resources={}, as_of=AS_OF)
    assert result.status == "error"
    assert f"context {versioned} was read as another version of it" in result.message


def test_unsupported_cryptosuite_is_an_error(issuer):
    data = signed(credential(issuer.did), issuer)
    data["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "error"
    assert "cryptosuite 'ecdsa-rdfc-2019' is not supported" in result.message


def test_wrong_proof_purpose_fails(issuer):
    data = signed(credential(issuer.did), issuer)
    data["proof"]["proofPurpose"] = "authentication"
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert "proofPurpose is 'authentication'" in result.message


def test_expired_proof_fails(issuer):
    data = signed(credential(issuer.did), issuer)
    data["proof"]["expires"] = "2026-01-01T00:00:00Z"
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status == "failed"
    assert "proof expired on 2026-01-01T00:00:00Z" in result.message


def poison_credential(issuer_did, nodes=9):
    """A credential whose blank nodes form a clique: RDFC-1.0 takes exponential time."""
    clique = [
        {
            "@id": f"_:b{i}",
            "knows": [{"@id": f"_:b{j}"} for j in range(nodes) if j != i],
        }
        for i in range(nodes)
    ]
    data = credential(issuer_did)
    data["credentialSubject"] = {"id": "did:example:s", "knows": clique}
    return data


def test_canonicalisation_time_limit_gives_error_never_verified(issuer):
    data = poison_credential(issuer.did)
    data["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": CREATED,
        "verificationMethod": issuer.method,
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + base58.b58encode(bytes(64)).decode(),
    }
    result = verify_credential(data, resources={}, as_of=AS_OF, time_limit=1.0)
    assert result.status == "error"
    assert "did not finish within" in result.message
    # the worker was killed; the next verification starts a fresh one
    ok = verify_credential(
        signed(credential(issuer.did), issuer), resources={}, as_of=AS_OF
    )
    assert ok.status == "verified"


def test_proof_is_checked_on_a_copy(issuer):
    data = signed(credential(issuer.did), issuer)
    before = copy.deepcopy(data)
    verify_credential(data, resources={}, as_of=AS_OF)
    assert data == before
