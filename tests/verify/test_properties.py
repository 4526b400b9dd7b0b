"""Whatever the input, verify_credential answers and never says verified."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.verify import resources_needed, verify_credential

from .conftest import AS_OF

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
PROOFISH = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["DataIntegrityProof", "Ed25519Signature2020", 3]),
        "cryptosuite": st.sampled_from(["eddsa-rdfc-2022", "eddsa-jcs-2022", "x"]),
        "proofPurpose": st.sampled_from(["assertionMethod", "authentication"]),
        "verificationMethod": st.sampled_from(
            [
                "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
                "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
                "did:web:example.com#key-1",
                "https://example.com/keys#1",
            ]
        ),
        "proofValue": st.text(max_size=90),
    }
)
CREDENTIALISH = st.fixed_dictionaries(
    {
        "@context": st.just(["https://www.w3.org/ns/credentials/v2"]),
        "type": st.just(["VerifiableCredential"]),
        "issuer": st.sampled_from(["did:web:example.com", {"id": None}, 7]),
        "credentialSubject": JSON,
        "credentialStatus": JSON,
        "proof": PROOFISH | JSON,
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, CREDENTIALISH))
def test_never_raises_never_verified(document):
    if not isinstance(document, dict):
        document = {"value": document}
    result = verify_credential(document, resources={}, as_of=AS_OF, time_limit=2.0)
    assert result.status in ("failed", "error")
    assert result.message
    assert isinstance(resources_needed(document), tuple)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data):
    result = verify_credential(data, resources={}, as_of=AS_OF)
    assert result.status in ("failed", "error")
