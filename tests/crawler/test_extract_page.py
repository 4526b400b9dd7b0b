"""extract_page: one fetched response in, everything it embeds out."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract_page
from crawler.model import FetchedPage
from tests.crawler.conftest import PAGES

URL = "https://www.acme-inverters.example/products/inv-5k.html"


def fetched(body: bytes, content_type: str | None = "text/html", status: int = 200):
    return FetchedPage(url=URL, status=status, body=body, content_type=content_type)


@pytest.mark.usefixtures("no_network")
def test_page_with_all_three_syntaxes_and_a_broken_block():
    body = (PAGES / "product_three_syntaxes.html").read_bytes()
    html = body.decode()

    page = extract_page(fetched(body))

    assert page.syntaxes == ("json-ld", "microdata", "rdfa")
    assert [block.data["@type"] for block in page.jsonld] == ["Product"]
    assert page.microdata[0].data["properties"]["sku"] == "INV-5K"
    assert any(
        node.get("https://schema.org/name") == [{"@value": "ACME Inverters GmbH"}]
        for node in (item.data for item in page.rdfa)
    )
    (issue,) = page.issues
    lines = html.split("\n")
    fault_line = next(
        n for n, text in enumerate(lines, 1) if '"ACME Inverters",' in text
    )
    assert (issue.kind, issue.block, issue.line) == ("jsonld-syntax", 1, fault_line + 1)
    assert {(link.kind, link.url.rsplit("/", 1)[-1]) for link in page.links} == {
        ("alternate", "inv-5k.jsonld"),
        ("document", "inv-5k-epd.pdf"),
        ("page", "inv-10k.html"),
    }


@pytest.mark.parametrize(
    "content_type",
    [
        "application/ld+json",
        "application/json; charset=utf-8",
        "application/vc+ld+json",
    ],
)
def test_json_response_is_one_block(content_type):
    data = {"@context": "https://schema.org", "@type": "Product", "name": "INV-5K"}

    page = extract_page(fetched(json.dumps(data).encode(), content_type))

    assert [(b.index, b.line, b.column, b.data) for b in page.jsonld] == [
        (0, 1, 1, data)
    ]
    assert page.links == ()


@pytest.mark.parametrize("content_type", [None, "text/html", "text/plain"])
def test_json_body_without_json_type_is_one_block(content_type):
    page = extract_page(fetched(b'\n  [{"@type": "Product"}]', content_type))

    assert [b.data for b in page.jsonld] == [[{"@type": "Product"}]]


def test_broken_json_response_is_located_from_line_one():
    page = extract_page(fetched(b'{\n  "a": 1\n  "b": 2\n}', "application/json"))

    (issue,) = page.issues
    assert page.jsonld == ()
    assert (issue.kind, issue.block, issue.line, issue.column) == (
        "jsonld-syntax",
        0,
        3,
        3,
    )


def test_utf16_page_is_decoded_before_extraction():
    html = '<script type="application/ld+json">{"name": "Müller CO₂"}</script>'

    page = extract_page(fetched(html.encode("utf-16")))

    assert page.jsonld[0].data == {"name": "Müller CO₂"}


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"<a href='/x'>x</a>", "text/html", 404),
        (b"<a href='/x'>x</a>", "text/html", 0),
        (b"", "text/html", 200),
        (b"%PDF-1.7 {", "application/pdf", 200),
        (b"\x89PNG", "image/png", 200),
    ],
    ids=["not-found", "no-response", "empty", "pdf", "image"],
)
def test_nothing_is_extracted_from_errors_empty_or_binary_responses(
    body, content_type, status
):
    page = extract_page(fetched(body, content_type, status))

    assert (page.url, page.status) == (URL, status)
    assert (page.jsonld, page.links, page.issues) == ((), (), ())
