"""Putting facts together: blocks of one page, pages and endpoints of one site."""

from __future__ import annotations

import copy

import pytest

from crawler.model import PageLink, StructuredItem
from crawler.normalise import build_site, normalise_page
from rules.disclosure import Issue, PageVisit
from tests.crawler.conftest import page_of, reference_json

PACT_V2 = "pact/v2/examples/get-footprint-response.json"
PAGE = "https://supplier.example/products/ethanol"
ENDPOINT = "https://supplier.example/products/ethanol.json"
FILES = "https://supplier.example/files"
LD = "application/ld+json"


def _product_block(**extra):
    block = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Green Ethanol 98",
    }
    block.update(extra)
    return block


def test_pact_block_next_to_a_product_block_belongs_to_it(registry):
    disclosure = normalise_page(
        page_of(_product_block(), reference_json(PACT_V2), url=PAGE), registry
    )
    [product] = disclosure.products
    assert product.name == "Green Ethanol 98"  # the product node's own name wins
    assert product.key == "gtin:05695872369587"  # the PACT productIds gave the GTIN
    [footprint] = product.footprints
    assert footprint.provenance.vocabulary == "pact-v2"
    assert {p.vocabulary for p in product.provenance} == {"schema.org", "pact-v2"}


def test_pact_footprint_goes_to_the_product_with_its_gtin(registry):
    blocks = [
        _product_block(gtin13="5695872369587", name="Ethanol"),
        _product_block(gtin13="4006381333931", name="Other"),
        reference_json(PACT_V2),
    ]
    disclosure = normalise_page(page_of(*blocks, url=PAGE), registry)
    by_name = {p.name: p for p in disclosure.products}
    assert len(by_name["Ethanol"].footprints) == 1
    assert by_name["Other"].footprints == ()


def test_a_footprint_naming_another_gtin_is_not_attached(registry):
    blocks = [_product_block(gtin13="4006381333931"), reference_json(PACT_V2)]
    disclosure = normalise_page(page_of(*blocks, url=PAGE), registry)
    assert sorted(p.key for p in disclosure.products) == [
        "gtin:04006381333931",
        "gtin:05695872369587",
    ]


def test_keys_fall_back_to_id_then_page_counter(registry):
    blocks = [
        _product_block(**{"@id": "https://supplier.example/p#a"}),
        _product_block(name="Second"),
    ]
    disclosure = normalise_page(page_of(*blocks, url=PAGE), registry)
    assert [p.key for p in disclosure.products] == [
        "https://supplier.example/p#a",
        f"{PAGE}#product-2",
    ]


def test_links_become_documents_endpoints_and_trace_links(registry):
    links = (
        PageLink(
            url="https://supplier.example/files/esg-origin-certificate.pdf",
            kind="document",
            text="Certificate of responsible origin",
        ),
        PageLink(url=f"{FILES}/epd.pdf", kind="document", text="EPD"),
        PageLink(url=ENDPOINT, kind="alternate", rel="alternate", media_type=LD),
        PageLink(url="https://api.supplier.example/pcf", kind="api"),
        PageLink(url="https://chain.example/batch/7", kind="trace", text="Trace"),
    )
    disclosure = normalise_page(
        page_of(_product_block(), url=PAGE, links=links), registry
    )
    assert [(d.topic, d.media_type) for d in disclosure.documents] == [
        ("certification", "application/pdf"),
        ("epd", "application/pdf"),
    ]
    assert [(e.url, e.rel) for e in disclosure.endpoints] == [
        (ENDPOINT, "alternate"),
        ("https://api.supplier.example/pcf", "api"),
    ]
    [link] = disclosure.products[0].trace_links
    assert (link.url, link.provenance.syntax) == (
        "https://chain.example/batch/7",
        "link",
    )


def test_site_merges_pages_and_attaches_the_endpoint_footprint(registry):
    links = (PageLink(url=ENDPOINT, kind="alternate", media_type="application/json"),)
    product_page = normalise_page(
        page_of(_product_block(), url=PAGE, links=links), registry
    )
    pact = copy.deepcopy(reference_json(PACT_V2))
    pact["data"]["productIds"] = [
        "urn:supplier.example:ethanol-98"
    ]  # no GTIN to match on
    endpoint = normalise_page(page_of(pact, url=ENDPOINT), registry)
    listing = normalise_page(
        page_of(
            _product_block(gtin13="4006381333931", name="Other"),
            url="https://supplier.example/",
        ),
        registry,
    )
    site = build_site(
        supplier_id="acme",
        name="Acme",
        start_url="https://supplier.example/",
        pages=[listing, product_page, endpoint],
        visits=[PageVisit(url=PAGE, status=200), PageVisit(url=ENDPOINT, status=200)],
        hs_codes=("2207",),
        profiles=("jp",),
    )
    assert len(site.products) == 2
    ethanol = next(p for p in site.products if p.name == "Green Ethanol 98")
    [footprint] = ethanol.footprints
    assert footprint.provenance.url == ENDPOINT  # its own provenance is kept
    assert ethanol.key == "urn:supplier.example:ethanol-98"
    assert site.endpoints[0].url == ENDPOINT
    assert (site.hs_codes, site.profiles, site.reachable) == (("2207",), ("jp",), True)


def test_site_merges_the_same_gtin_across_pages_keeping_each_footprint(registry):
    page_a = normalise_page(
        page_of(
            _product_block(gtin13="5695872369587"), reference_json(PACT_V2), url=PAGE
        ),
        registry,
    )
    page_b = normalise_page(page_of(reference_json(PACT_V2), url=ENDPOINT), registry)
    site = build_site(
        supplier_id="acme",
        name="Acme",
        start_url=PAGE,
        pages=[page_a, page_b],
        visits=[],
    )
    [product] = site.products
    assert product.key == "gtin:05695872369587"
    assert sorted(f.provenance.url for f in product.footprints) == sorted(
        [PAGE, ENDPOINT]
    )


@pytest.mark.parametrize("order", [0, 1])
def test_organisation_certifications_and_issues_are_collected(registry, order):
    org = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Acme",
        "hasCertification": {"@type": "Certification", "name": "ISO 9001"},
    }
    bad = {"@context": "https://contexts.acme.example/x.jsonld", "@type": "Thing"}
    blocks = [org, bad] if order == 0 else [bad, org]
    page = normalise_page(page_of(*blocks, url=PAGE), registry)
    site = build_site(
        supplier_id="a", name="A", start_url=PAGE, pages=[page], visits=[]
    )
    [cert] = site.organisation_certifications
    assert (cert.name, cert.subject, cert.topic) == (
        "ISO 9001",
        "organisation",
        "quality",
    )
    assert [i.kind for i in site.issues] == ["jsonld-context"]


def test_one_product_in_jsonld_and_microdata_without_ids_is_one(registry):
    microdata = {
        "type": "https://schema.org/Product",
        "properties": {"name": "Green Ethanol 98", "sku": "E-98"},
    }
    page = page_of(
        _product_block(),
        url=PAGE,
        microdata=(StructuredItem(syntax="microdata", index=0, data=microdata),),
    )
    [product] = normalise_page(page, registry).products
    assert {p.syntax for p in product.provenance} == {"json-ld", "microdata"}


def test_same_name_with_two_gtins_stays_two_products(registry):
    blocks = [
        _product_block(gtin13="4006381333931"),
        _product_block(gtin13="5695872369587"),
    ]
    assert len(normalise_page(page_of(*blocks, url=PAGE), registry).products) == 2


def test_issues_from_outside_normalisation_are_kept(registry):
    page = normalise_page(page_of(_product_block(), url=PAGE), registry)
    failed = Issue(kind="extraction", url=PAGE, message="boom")
    fetch = Issue(kind="fetch", url=ENDPOINT, message="timeout")
    site = build_site(
        supplier_id="a",
        name="A",
        start_url=PAGE,
        pages=[page.with_issues([failed])],
        visits=[],
        extra_issues=[fetch],
    )
    assert site.issues == (failed, fetch)
