"""Trusting a verified credential's issuer: by id or did:web domain, never by name."""

from __future__ import annotations

import pytest

from rules.trust import credential_issuer_trusted

DID_KEY = "did:key:z6MkfBhimgfpBD2DcefDk4CsYvrazqNinBH7pc5Mogjgb6ub"


@pytest.mark.parametrize(
    ("issuer", "trusted", "expected"),
    [
        (DID_KEY, (), None),
        (None, ("rmi.example",), False),
        (DID_KEY, (DID_KEY,), True),
        (DID_KEY, (DID_KEY.lower(),), False),  # DIDs are case-sensitive
        ("did:web:rmi.example", ("rmi.example",), True),
        ("did:web:assessor.rmi.example", ("rmi.example",), True),
        ("did:web:rmi.example", ("assessor.rmi.example",), False),
        ("did:web:evil-rmi.example", ("rmi.example",), False),
        ("did:web:127.0.0.1%3A8443", ("did:web:127.0.0.1%3A8443",), True),
        ("https://Issuer.example/", ("https://issuer.example/",), True),
        ("https://issuer.example/", ("issuer.example",), True),
        (DID_KEY, ("RMI Assessment Services",), False),
    ],
)
def test_credential_issuer_trusted(issuer, trusted, expected):
    assert credential_issuer_trusted(issuer, trusted) is expected
