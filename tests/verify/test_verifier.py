"""verify_credential end to end: fixtures, status lists, two-phase resources."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from crawler.verify import (
    VerificationResult,
    missing_resources,
    resources_needed,
    verify_credential,
)
from crawler.verify.did import did_web_url
from crawler.verify.sign import (
    did_web_document,
    public_key,
    sign_data_integrity,
    status_entry,
    status_list_credential,
)

from .conftest import AS_OF, CREDENTIALS, credential, fixture_bytes

EXPECTED = json.loads((CREDENTIALS / "EXPECTED.json").read_text())
LIST_URL = "https://certifier.example/status/7"
CREATED = "2025-01-01T00:00:00Z"


def signed(data, signer, method=None):
    return sign_data_integrity(
        data, signer.key, verification_method=method or signer.method, created=CREATED
    )


def as_bytes(data):
    return json.dumps(data).encode()


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_fixture_verdicts(name):
    expected = EXPECTED["files"][name]
    resources = {
        url: None if file is None else fixture_bytes(file)
        for url, file in expected.get("resources", {}).items()
    }
    as_of = datetime.fromisoformat(EXPECTED["as_of"])
    result = verify_credential(fixture_bytes(name), resources=resources, as_of=as_of)
    assert result.status == expected["status"], result.message
    assert expected["message_contains"] in result.message


def test_fixture_named_failures():
    at = {"resources": {}, "as_of": AS_OF}
    tampered = verify_credential(fixture_bytes("dcc-tampered.json"), **at)
    assert tampered.message.startswith(
        "proof 1 of 1 (eddsa-rdfc-2022): signature does not verify with did:key:"
    )
    expired = verify_credential(fixture_bytes("dcc-expired.json"), **at)
    assert expired.message.startswith(
        "validity period: expired: valid until 2024-12-31"
    )
    wrong = verify_credential(fixture_bytes("dcc-wrong-key.json"), **at)
    other = json.loads(fixture_bytes("keys.json"))["other"]
    keys = json.loads(fixture_bytes("keys.json"))
    assert wrong.message == (
        f"proof 1 of 1 (eddsa-rdfc-2022): issuer: key {other['verificationMethod']}"
        f" is controlled by {other['did']}, "
        f"not by the issuer {keys['certifier']['did']}"
    )


def test_valid_fixture_result_fields():
    result = verify_credential(
        fixture_bytes("dcc-valid.json"),
        resources={},
        as_of=AS_OF,
        trusted_issuers=frozenset({"did:web:someone.example"}),
    )
    keys = json.loads(fixture_bytes("keys.json"))
    assert result.status == "verified"
    assert result.issuer == keys["certifier"]["did"]
    assert result.issuer_trusted is False
    assert result.envelope == "data-integrity"
    assert result.valid_from is not None
    assert result.valid_from.year == 2025
    assert result.valid_until is not None
    assert result.valid_until.year == 2028
    assert result.subject_ids == (
        "https://certifier.example/attestations/CB-2025-0042",
    )
    assert result.credential is not None
    assert result.credential["type"] == [
        "DigitalConformityCredential",
        "VerifiableCredential",
    ]
    assert all(step.ok for step in result.steps)


def test_trusted_issuer_flag():
    keys = json.loads(fixture_bytes("keys.json"))
    trusted = frozenset({keys["certifier"]["did"]})
    for name in ("dcc-valid.json", "dcc-tampered.json"):
        result = verify_credential(
            fixture_bytes(name), resources={}, as_of=AS_OF, trusted_issuers=trusted
        )
        assert result.issuer_trusted is True
    plain = verify_credential(
        fixture_bytes("dcc-valid.json"), resources={}, as_of=AS_OF
    )
    assert plain.issuer_trusted is None


def test_no_proof():
    result = verify_credential(
        fixture_bytes("dcc-unsigned.json"), resources={}, as_of=AS_OF
    )
    assert result.status == "failed"
    assert result.message == "no proof"
    assert result.envelope == "none"


def test_not_yet_valid(issuer):
    data = signed(credential(issuer.did), issuer)
    result = verify_credential(data, resources={}, as_of=datetime(2024, 6, 1))
    assert result.status == "failed"
    assert "not yet valid" in result.message


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"\xff\xfe",
        b"[1, 2]",
        b"not json",
        b"a.b.c",
        b'{"proof": 1}',
        b'{"proof": [], "issuer": {"id": null}}',
        b'{"type": "EnvelopedVerifiableCredential", "id": "data:text/plain,x"}',
        b'{"@context": 5, "proof": {"type": "DataIntegrityProof"}}',
        b'{"@context": ["https://www.w3.org/ns/credentials/v2"], "credentialStatus": 3,'
        b' "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",'
        b' "proofPurpose": "assertionMethod", "verificationMethod": "did:key:zzz#a",'
        b' "proofValue": "z1"}}',
        {"proof": {"verificationMethod": {"id": 1}}},
    ],
)
def test_bad_input_never_raises_and_is_never_verified(document):
    result = verify_credential(document, resources={}, as_of=AS_OF)
    assert isinstance(result, VerificationResult)
    assert result.status in ("failed", "error")
    assert result.message


def test_unexpected_exception_becomes_error(monkeypatch, issuer):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("crawler.verify.verifier.check_structure", explode)
    result = verify_credential(
        signed(credential(issuer.did), issuer), resources={}, as_of=AS_OF
    )
    assert result.status == "error"
    assert result.message == "verifier error: RuntimeError: boom"


class StatusSetup:
    """A credential with a status entry, and its signed status list."""

    def __init__(
        self,
        issuer,
        *,
        index,
        set_indices,
        purpose="revocation",
        list_signer=None,
        list_issuer=None,
    ):
        self.credential = signed(
            credential(
                issuer.did, credentialStatus=status_entry(LIST_URL, index, purpose)
            ),
            issuer,
        )
        signer = list_signer or issuer
        status_list = status_list_credential(
            list_id=LIST_URL,
            issuer=list_issuer or signer.did,
            valid_from=CREATED,
            set_indices=set_indices,
            purpose=purpose,
        )
        self.status_list = signed(status_list, signer)

    def verify(self, status_list=None):
        data = self.status_list if status_list is None else status_list
        return verify_credential(
            self.credential, resources={LIST_URL: as_bytes(data)}, as_of=AS_OF
        )


def test_revoked_and_not_revoked(issuer):
    revoked = StatusSetup(issuer, index=5, set_indices=[5]).verify()
    assert revoked.status == "failed"
    assert revoked.message == f"revoked (index 5 of {LIST_URL})"
    active = StatusSetup(issuer, index=4, set_indices=[5]).verify()
    assert active.status == "verified", active.message
    assert active.message.endswith("; status checked")


def test_suspended(issuer):
    result = StatusSetup(
        issuer, index=9, set_indices=[9], purpose="suspension"
    ).verify()
    assert result.status == "failed"
    assert result.message.startswith("suspended")


def test_status_list_of_another_issuer_is_an_error(issuer, stranger):
    result = StatusSetup(issuer, index=4, set_indices=[], list_signer=stranger).verify()
    assert result.status == "error"
    assert f"is issued by {stranger.did}, not by {issuer.did}" in result.message


def test_tampered_status_list_is_an_error(issuer):
    setup = StatusSetup(issuer, index=5, set_indices=[5])
    forged = json.loads(json.dumps(setup.status_list))
    forged["credentialSubject"]["encodedList"] = status_list_credential(
        list_id=LIST_URL, issuer=issuer.did, valid_from=CREATED
    )["credentialSubject"]["encodedList"]
    result = setup.verify(forged)
    assert result.status == "error"
    assert "did not verify: proof 1 of 1 (eddsa-rdfc-2022): signature" in result.message


def test_status_list_for_another_purpose_is_an_error(issuer):
    setup = StatusSetup(issuer, index=5, set_indices=[])
    other = signed(
        status_list_credential(
            list_id=LIST_URL,
            issuer=issuer.did,
            valid_from=CREATED,
            purpose="suspension",
        ),
        issuer,
    )
    result = setup.verify(other)
    assert result.status == "error"
    assert "is not for revocation" in result.message


def test_unreachable_or_unfetched_status_list_is_an_error(issuer):
    setup = StatusSetup(issuer, index=5, set_indices=[])
    for resources, reason in (
        ({LIST_URL: None}, "could not be fetched"),
        ({}, "was not fetched"),
    ):
        result = verify_credential(setup.credential, resources=resources, as_of=AS_OF)
        assert result.status == "error"
        assert result.message == f"status (revocation): status list {LIST_URL} {reason}"


def test_two_phase_resources_with_did_web_issuer(issuer):
    did = "did:web:certifier.example:issuers:one"
    method = f"{did}#key-1"
    did_json = did_web_document(did, [public_key(issuer.key)])
    data = signed(
        credential(did, credentialStatus=status_entry(LIST_URL, 3)), issuer, method
    )
    status_list = signed(
        status_list_credential(list_id=LIST_URL, issuer=did, valid_from=CREATED),
        issuer,
        method,
    )
    doc_url = did_web_url(did)
    assert resources_needed(as_bytes(data)) == (doc_url, LIST_URL)
    fetched = {}
    rounds = 0
    while todo := missing_resources(as_bytes(data), fetched):
        rounds += 1
        served = {doc_url: as_bytes(did_json), LIST_URL: as_bytes(status_list)}
        fetched |= {url: served[url] for url in todo}
    assert rounds == 1
    result = verify_credential(as_bytes(data), resources=fetched, as_of=AS_OF)
    assert result.status == "verified", result.message


def test_second_round_for_a_status_list_of_another_did_web_document(issuer):
    did = "did:web:certifier.example"
    list_did = "did:web:status.certifier.example"
    data = signed(
        credential(did, credentialStatus=status_entry(LIST_URL, 3)),
        issuer,
        f"{did}#key-1",
    )
    status_list = signed(
        status_list_credential(list_id=LIST_URL, issuer=did, valid_from=CREATED),
        issuer,
        f"{list_did}#key-1",
    )
    first = missing_resources(as_bytes(data), {})
    assert first == (did_web_url(did), LIST_URL)
    fetched = {did_web_url(did): None, LIST_URL: as_bytes(status_list)}
    assert missing_resources(as_bytes(data), fetched) == (did_web_url(list_did),)


def test_status_list_served_as_vc_jwt(issuer):
    from crawler.verify.sign import sign_vc_jwt

    setup = StatusSetup(issuer, index=5, set_indices=[5])
    unsigned = {k: v for k, v in setup.status_list.items() if k != "proof"}
    token = sign_vc_jwt(unsigned, issuer.key, kid=issuer.method)
    result = verify_credential(
        setup.credential, resources={LIST_URL: token.encode()}, as_of=AS_OF
    )
    assert result.status == "failed"
    assert result.message == f"revoked (index 5 of {LIST_URL})"


def test_status_lists_nest_two_levels_at_most(issuer):
    # each list carries a status entry pointing at itself: verification stops
    status_list = status_list_credential(
        list_id=LIST_URL, issuer=issuer.did, valid_from=CREATED
    )
    status_list["credentialStatus"] = status_entry(LIST_URL, 1)
    looped = signed(status_list, issuer)
    data = signed(
        credential(issuer.did, credentialStatus=status_entry(LIST_URL, 1)), issuer
    )
    result = verify_credential(
        data, resources={LIST_URL: as_bytes(looped)}, as_of=AS_OF
    )
    assert result.status == "error"
    assert "status lists nest too deep" in result.message
