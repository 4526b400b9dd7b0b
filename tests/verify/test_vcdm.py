"""VC Data Model structure checks and the validity period."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.verify.timestamps import parse_timestamp
from crawler.verify.vcdm import V1_CONTEXT, check_structure, validity_problem

from .conftest import credential

ISSUER = "did:example:issuer"


def test_valid_v2_credential_has_no_problem():
    structure = check_structure(credential(ISSUER))
    assert structure.problems == ()
    assert structure.version == 2
    assert structure.issuer == ISSUER
    assert structure.valid_from == datetime(2025, 1, 1, tzinfo=UTC)
    assert structure.subject_ids == ("https://id.gs1.org/01/09520123456788",)


def test_v1_credential_dates():
    data = credential(ISSUER, issuanceDate="2024-01-01T00:00:00", expirationDate=None)
    data["@context"] = [V1_CONTEXT]
    del data["validFrom"], data["validUntil"], data["expirationDate"]
    structure = check_structure(data)
    assert structure.problems == ()
    assert structure.version == 1
    assert structure.valid_from == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"@context": ["https://www.w3.org/ns/credentials/examples/v2"]},
            "first @context is",
        ),
        ({"@context": None}, "@context is missing"),
        (
            {"type": ["ExampleConformityCredential"]},
            "type does not include VerifiableCredential",
        ),
        ({"type": None}, "type is missing"),
        ({"issuer": None}, "issuer is missing"),
        ({"issuer": "not a url"}, "issuer is not a URL"),
        ({"issuer": {"name": "No Id Ltd"}}, "issuer is not a URL"),
        (
            {"issuer": {"id": ISSUER, "name": {"@value": "x", "extra": 1}}},
            "issuer name is a language object with other members",
        ),
        ({"validFrom": "2025-13-01T00:00:00Z"}, "validFrom '2025-13-01T00:00:00Z'"),
        ({"validFrom": "2025-01-01T00:00:00"}, "is not a valid date-time"),
        (
            {"validUntil": "2024-01-01T00:00:00Z"},
            "validUntil 2024-01-01T00:00:00Z is before",
        ),
        ({"credentialSubject": None}, "credentialSubject is missing"),
        ({"credentialSubject": {}}, "empty value"),
        ({"credentialSubject": [{"id": "did:example:a", "x": 1}, {}]}, "empty value"),
        ({"id": ["urn:uuid:1", "urn:uuid:2"]}, "id is not a single URL"),
        (
            {"credentialStatus": {"id": "https://x.example/1"}},
            "credentialStatus has an entry without a type",
        ),
        (
            {"credentialSchema": {"type": "JsonSchema"}},
            "credentialSchema has no URL id",
        ),
        (
            {"evidence": [{"id": "https://x.example/e"}]},
            "evidence has an entry without a type",
        ),
    ],
)
def test_structure_problems(change, problem):
    data = credential(ISSUER)
    data.update(change)
    problems = check_structure(data).problems
    assert any(problem in p for p in problems), problems


def test_validity_period():
    structure = check_structure(credential(ISSUER))
    assert validity_problem(structure, datetime(2026, 1, 1, tzinfo=UTC)) is None
    early = validity_problem(structure, datetime(2024, 12, 31, tzinfo=UTC))
    assert early is not None
    assert early.startswith("not yet valid")
    late = validity_problem(structure, datetime(2030, 1, 2, tzinfo=UTC))
    assert late is not None
    assert late.startswith("expired")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01-01T00:00:00Z", datetime(2023, 1, 1, tzinfo=UTC)),
        ("2023-01-01T01:00:00+01:00", datetime(2023, 1, 1, tzinfo=UTC)),
        ("2023-01-01T00:00:00.123456789Z", datetime(2023, 1, 1, 0, 0, 0, 123456, UTC)),
        ("2022-12-31T24:00:00Z", datetime(2023, 1, 1, tzinfo=UTC)),
        ("12023-01-01T00:00:00Z", datetime.max.replace(tzinfo=UTC)),
        ("2023-02-29T00:00:00Z", None),
        ("2023-01-01", None),
        ("2023-01-01T00:00:00+15:00", None),
    ],
)
def test_parse_timestamp(text, expected):
    assert parse_timestamp(text) == expected
