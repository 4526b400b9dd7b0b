"""Offline expansion of one block: refused contexts, dropped terms, failures."""

from __future__ import annotations

import pytest

from crawler.normalise.expand import BlockRef, expand_block, has_context

WHERE = BlockRef(url="https://supplier.example/p", block=2, line=40, column=7)
UNKNOWN = "https://contexts.supplier.example/green.jsonld"


@pytest.mark.usefixtures("no_network")
def test_unknown_context_is_not_fetched_and_the_issue_names_it(registry):
    block = {
        "@context": ["https://schema.org", UNKNOWN],
        "@type": "Product",
        "name": "5 kW inverter",
    }
    result = expand_block(block, registry, WHERE)
    [issue] = [i for i in result.issues if i.kind == "jsonld-context"]
    assert issue.detail == UNKNOWN
    assert UNKNOWN in issue.message
    assert (issue.url, issue.block, issue.line, issue.column) == (WHERE.url, 2, 40, 7)
    assert result.refused == (UNKNOWN,)
    # expansion went on with the contexts it knows
    assert result.expanded[0]["http://schema.org/name"] == [{"@value": "5 kW inverter"}]


@pytest.mark.usefixtures("no_network")
def test_unknown_scoped_context_is_refused_and_expansion_continues(registry):
    block = {
        "@context": {
            "@vocab": "http://schema.org/",
            "footprint": {"@id": "https://x.example/footprint", "@context": UNKNOWN},
        },
        "@type": "Product",
        "name": "Inverter",
        "footprint": {"value": 412},
    }
    result = expand_block(block, registry, WHERE)
    assert [i.detail for i in result.issues if i.kind == "jsonld-context"] == [UNKNOWN]
    assert result.expanded[0]["http://schema.org/name"] == [{"@value": "Inverter"}]


def test_dropped_term_is_reported_with_its_pointer(registry):
    block = {
        "@context": {
            "name": "http://schema.org/name",
            "offers": "http://schema.org/offers",
        },
        "@type": "http://schema.org/Product",
        "name": "Inverter",
        "offers": [{"price": 3}, {"name": "B", "greenScore": 5}],
    }
    result = expand_block(block, registry, WHERE)
    dropped = {
        (i.detail, i.pointer) for i in result.issues if i.kind == "jsonld-dropped"
    }
    assert dropped == {
        ("price", "/offers/0/price"),
        ("greenScore", "/offers/1/greenScore"),
    }
    issue = next(i for i in result.issues if i.detail == "greenScore")
    assert "/offers/1/greenScore" in issue.message
    assert issue.line == 40


def test_term_mapped_to_null_is_reported_by_name(registry):
    block = {
        "@context": {"@vocab": "http://schema.org/", "internalCode": None},
        "@type": "Product",
        "name": "Inverter",
        "internalCode": "X-1",
    }
    result = expand_block(block, registry, WHERE)
    assert [(i.detail, i.pointer) for i in result.issues] == [
        ("internalCode", "/internalCode")
    ]


def test_pointers_of_expanded_nodes_follow_the_source(registry):
    block = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Acme"},
            {
                "@type": "Product",
                "name": "Inverter",
                "brand": {"@type": "Brand", "name": "A"},
            },
        ],
    }
    result = expand_block(block, registry, WHERE)
    pointers = sorted(result.pointers.values())
    assert "/@graph/1" in pointers
    assert "/@graph/1/brand" in pointers


def test_a_block_without_context_is_plain_json_not_jsonld(registry):
    pact = {
        "data": {"id": "x", "specVersion": "2.0.0", "pcf": {"declaredUnit": "liter"}}
    }
    assert not has_context(pact)
    result = expand_block(pact, registry, WHERE)
    assert result.is_jsonld is False
    assert result.issues == ()


def test_deeply_nested_block_fails_gracefully(registry):
    bomb = {"@context": "https://schema.org", "@type": "Product"}
    inner = bomb
    for _ in range(5000):
        inner["isRelatedTo"] = {"@type": "Product"}
        inner = inner["isRelatedTo"]
    result = expand_block(bomb, registry, WHERE)
    [issue] = result.issues
    assert issue.kind == "jsonld-expansion"
    assert "too deep" in issue.message
    assert result.expanded == ()


def test_invalid_jsonld_is_an_expansion_issue(registry):
    block = {"@context": {"@vocab": "http://schema.org/"}, "@id": 5, "name": "x"}
    result = expand_block(block, registry, WHERE)
    assert [i.kind for i in result.issues] == ["jsonld-expansion"]


def test_dropped_terms_under_a_version_mapping_say_so(registry):
    block = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/",
        ],
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        "issuer": "did:web:x.example",
        "credentialSubject": {"granularityLevelOld": "batch"},
    }
    result = expand_block(block, registry, WHERE)
    [issue] = [i for i in result.issues if i.kind == "jsonld-dropped"]
    assert issue.pointer == "/credentialSubject/granularityLevelOld"
    assert "untp-dpp 0.5.0" in issue.message
    assert [m.mapped_from for m in result.contexts if m.mapped_from] == ["0.5.0"]
