"""Fixtures of the credential verification tests: vectors, fixture files, keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.verify.sign import did_key, did_key_method, ed25519_key, p256_key

REPO = Path(__file__).resolve().parents[2]
CREDENTIALS = REPO / "fixtures" / "credentials"
VECTORS = (
    REPO.parent / "shared" / "reference" / "w3c-vc" / "vc-di-eddsa" / "TestVectors"
)
STATUS_LIST_DIR = (
    REPO.parent / "shared" / "reference" / "w3c-vc" / "bitstring-status-list"
)
AS_OF = datetime(2026, 6, 1, tzinfo=UTC)


def vector(name: str) -> str:
    """Return the text of a vc-di-eddsa test vector file."""
    path = VECTORS / name
    assert path.is_file(), f"test vector not found: {path}"
    return path.read_text(encoding="utf-8")


def vector_json(name: str) -> dict[str, Any]:
    """Return a vc-di-eddsa test vector JSON file."""
    data: dict[str, Any] = json.loads(vector(name))
    return data


def fixture_bytes(name: str) -> bytes:
    """Return a file of fixtures/credentials."""
    return (CREDENTIALS / name).read_bytes()


class Issuer:
    """A test-only Ed25519 issuer with a did:key."""

    def __init__(self, name: str) -> None:
        import hashlib

        self.key = ed25519_key(hashlib.sha256(f"tests {name}".encode()).digest())
        self.did = did_key(self.key)
        self.method = did_key_method(self.key)


@pytest.fixture(scope="session")
def issuer() -> Issuer:
    return Issuer("issuer")


@pytest.fixture(scope="session")
def stranger() -> Issuer:
    return Issuer("stranger")


@pytest.fixture(scope="session")
def p256() -> Any:
    return p256_key(b"tests p256")


def credential(issuer: str, **extra: Any) -> dict[str, Any]:
    """Return a small unsigned VC 2.0 credential (examples vocabulary)."""
    data: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "id": "urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873",
        "type": ["VerifiableCredential", "ExampleConformityCredential"],
        "issuer": issuer,
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://id.gs1.org/01/09520123456788",
            "certificateNumber": "CB-2025-0042",
        },
    }
    data.update(extra)
    return data
