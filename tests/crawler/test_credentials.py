"""Finding credentials in fetched documents, and following what they need."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from crawler.crawl import SupplierCrawl
from crawler.credentials import find_credentials, jwt_document_as_json
from crawler.extract import extract_page
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry
from crawler.processing import Follow, PageProcessor
from crawler.spiders.supplier import Budget, SupplierSpider
from crawler.suppliers import SupplierSpec
from rules.disclosure import PageVisit

CREDENTIALS = Path(__file__).resolve().parents[2] / "fixtures" / "credentials"
PAGE = "https://supplier.example/products/ev-module.html"
SITE = "https://supplier.example"


def credential(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CREDENTIALS / name).read_text("utf-8"))
    return data


def html_page(*blocks: Any, url: str = PAGE) -> FetchedPage:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(b)}</script>\n' for b in blocks
    )
    body = f"<html><head>{scripts}</head><body>module</body></html>"
    return FetchedPage(
        url=url, status=200, body=body.encode(), content_type="text/html"
    )


PRODUCT = {
    "@context": "https://schema.org",
    "@type": "Product",
    "name": "EV battery module 48V 100Ah",
    "gtin14": "09520123456788",
}


def with_web_key(data: dict[str, Any]) -> dict[str, Any]:
    """Return a (no longer valid) credential naming a did:web key and a status list."""
    changed = dict(data)
    changed["proof"] = dict(data["proof"], verificationMethod="did:web:cb.example#k1")
    changed["credentialStatus"] = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": "https://cb.example/status/1",
    }
    return changed


@pytest.fixture(scope="module")
def processor(registry: ContextRegistry) -> PageProcessor:
    return PageProcessor(registry)


def test_embedded_credential_is_found_with_its_block():
    found = find_credentials(
        extract_page(html_page(PRODUCT, credential("dcc-valid.json")))
    )
    assert [(c.url, c.block, c.pointer) for c in found] == [(PAGE, 1, "")]
    assert found[0].data["id"].endswith("CB-2025-0042")


def test_credentials_nested_in_a_graph_or_presentation_are_found():
    graph = {"@graph": [PRODUCT, credential("dcc-valid.json")]}
    presentation = {
        "type": "VerifiablePresentation",
        "verifiableCredential": [credential("dcc-eddsa-enveloped.json")],
    }
    found = find_credentials(extract_page(html_page(graph, presentation)))
    assert [(c.block, c.pointer) for c in found] == [
        (0, "/@graph/1"),
        (1, "/verifiableCredential/0"),
    ]


def test_unsecured_credential_is_not_kept():
    found = find_credentials(extract_page(html_page(credential("dcc-unsigned.json"))))
    assert found == ()


def test_vc_jwt_document_reads_as_an_enveloped_credential():
    token = (CREDENTIALS / "dcc-eddsa.vc-jwt").read_bytes()
    page = FetchedPage(
        url="https://cb.example/c/1.jwt",
        status=200,
        body=token,
        content_type="application/vc+jwt",
    )
    converted = jwt_document_as_json(page)
    assert converted is not None
    data = json.loads(converted.body)
    assert data["type"] == "EnvelopedVerifiableCredential"
    assert data["id"] == "data:application/vc+jwt," + token.decode().strip()


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"<html>x.y.z</html>", 200), (b'{"a": 1}', 200), (b"a.b.c", 404), (b"", 200)],
)
def test_other_documents_are_not_read_as_vc_jwt(body, status):
    page = FetchedPage(url="https://x.example/", status=status, body=body)
    assert jwt_document_as_json(page) is None


def test_page_follows_what_its_credential_needs(processor):
    page = html_page(PRODUCT, with_web_key(credential("dcc-valid.json")))
    result = processor.process(page, supplier_id="s", site_url=SITE, role="page")
    resources = [f.url for f in result.follows if f.role == "resource"]
    assert resources == [
        "https://cb.example/.well-known/did.json",
        "https://cb.example/status/1",
    ]
    assert len(result.credentials) == 1
    assert result.visit.sha256 == hashlib.sha256(page.body).hexdigest()


def test_resource_is_kept_as_bytes_and_follows_its_own_needs(processor):
    status_list = with_web_key(credential("status-list-1.json"))
    del status_list["credentialStatus"]
    body = json.dumps(status_list).encode()
    page = FetchedPage(
        url="https://cb.example/status/1",
        status=200,
        body=body,
        content_type="application/json",
    )
    result = processor.process(page, supplier_id="s", site_url=SITE, role="resource")
    assert result.resource == body
    assert result.disclosure is None
    assert result.credentials == ()
    assert [(f.url, f.role) for f in result.follows] == [
        ("https://cb.example/.well-known/did.json", "resource")
    ]


def test_vc_jwt_document_is_normalised_and_kept(processor):
    token = (CREDENTIALS / "dcc-eddsa.vc-jwt").read_bytes()
    page = FetchedPage(
        url="https://cb.example/c/1.jwt",
        status=200,
        body=token,
        content_type="application/vc+jwt",
    )
    result = processor.process(page, supplier_id="s", site_url=SITE, role="credential")
    assert result.visit.sha256 == hashlib.sha256(token).hexdigest()
    assert [c.block for c in result.credentials] == [0]
    assert result.disclosure is not None
    certs = [c for p in result.disclosure.products for c in p.certifications]
    assert certs
    assert {c.credential.envelope for c in certs if c.credential} == {"vc-jwt"}


def test_crawl_keeps_resources_and_failed_fetches(processor):
    crawl = SupplierCrawl(spec=SupplierSpec(id="s", name="S", url=SITE + "/"))
    ok = FetchedPage(url="https://cb.example/status/1", status=200, body=b"{}")
    crawl.add(processor.process(ok, supplier_id="s", site_url=SITE, role="resource"))
    failed = processor.process(
        FetchedPage(url="https://cb.example/.well-known/did.json", status=404),
        supplier_id="s",
        site_url=SITE,
        role="resource",
    )
    crawl.add(failed)
    assert crawl.resources == {
        "https://cb.example/status/1": b"{}",
        "https://cb.example/.well-known/did.json": None,
    }
    assert isinstance(crawl.visits[0], PageVisit)


def test_resources_count_against_the_linked_budget(processor):
    spec = SupplierSpec(id="s", name="S", url=SITE + "/")
    spider = SupplierSpider(
        suppliers=[spec],
        budget=Budget(max_pages=5, max_depth=2, max_linked=1),
        processor=processor,
    )
    state = spider.states["s"]
    first = spider._follow(
        state, Follow(url="https://cb.example/s/1", role="resource"), 1
    )
    second = spider._follow(
        state, Follow(url="https://cb.example/.well-known/did.json", role="resource"), 1
    )
    assert first is not None
    assert first.meta["role"] == "resource"
    assert second is None
