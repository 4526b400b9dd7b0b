"""Regressions found by the fuzz and hostile-page tests, one test per bug."""

from __future__ import annotations

import json
import time
from datetime import date

from crawler.extract.jsonld import MAX_BLOCK_VALUES, MAX_PAGE_VALUES
from crawler.extract.jsonld import extract as extract_jsonld
from crawler.extract.rdfa import MAX_RDFA_ATTRIBUTES
from crawler.extract.rdfa import extract as extract_rdfa
from crawler.model import ExtractedPage, FetchedPage, StructuredItem
from crawler.normalise import ContextRegistry, normalise_page
from crawler.normalise.expand import BlockRef, expand_block
from crawler.normalise.merge import merge_all, merge_two
from crawler.normalise.page import MAX_STRUCTURED_ITEMS
from crawler.processing import PageProcessor
from rules.disclosure import Product

URL = "https://supplier.example/products/inv-5k"


def _process(html: str):
    page = FetchedPage(
        url=URL, status=200, body=html.encode(), content_type="text/html"
    )
    processor = PageProcessor(ContextRegistry.bundled())
    result = processor.process(
        page, supplier_id="s", site_url="https://supplier.example", role="page"
    )
    assert result.disclosure is not None
    return result.disclosure


def _script(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


PRODUCT = {"@context": "https://schema.org", "@type": "Product", "name": "Widget"}


def test_base_href_with_a_broken_ipv6_host_keeps_the_page():
    """<base href="http://[::1"> raised ValueError and lost the whole page."""
    disclosure = _process(
        f'<html><head><base href="http://[::1">{_script(PRODUCT)}</head>'
        '<body><a href="/products/a.html">a</a></body></html>'
    )
    assert [p.name for p in disclosure.products] == ["Widget"]
    assert not [i for i in disclosure.issues if "could not be read" in i.message]


def test_refused_import_keeps_the_rest_of_the_block():
    """{"@import": <refused URL>} became {"@import": {}}: pyld refused the block."""
    block = {
        **PRODUCT,
        "@context": [{"@import": "https://evil.example/ctx"}, "https://schema.org"],
    }
    disclosure = _process(_script(block))
    assert [p.name for p in disclosure.products] == ["Widget"]
    assert [i.kind for i in disclosure.issues] == ["jsonld-context"]


def test_long_array_expands_in_linear_time():
    """Each element's pointer was found by scanning its parent: quadratic."""
    names = [f"n{i}" for i in range(20_000)]
    block = {"@context": {"@vocab": "https://schema.org/"}, "name": names}
    started = time.monotonic()
    result = expand_block(block, ContextRegistry.bundled(), BlockRef(url=URL))
    assert time.monotonic() - started < 3  # was about 20 s
    assert len(result.expanded[0]["https://schema.org/name"]) == 20_000


def test_many_products_merge_in_linear_time():
    """merge_all compared every product with every group: quadratic."""
    products = [
        Product(key=f"k{i}", gtin=f"{i:014d}", page_url=URL) for i in range(20_000)
    ]
    products += [Product(key="same", gtin="06923456700019", page_url=URL)] * 5_000
    started = time.monotonic()
    merged = merge_all(products)
    assert time.monotonic() - started < 3  # was minutes
    assert len(merged) == 20_001


def test_merge_all_still_merges_transitively_in_order():
    a = Product(key="a", gtin="06923456700019", name="A", page_url=URL)
    b = Product(key="b", ids=("urn:x:1",), categories=("y",), page_url=URL)
    c = Product(
        key="c",
        gtin="06923456700019",
        ids=("urn:x:1",),
        name="C",
        categories=("x", "y"),
        date_modified=date(2026, 5, 1),
        page_url=URL,
    )
    d = Product(key="d", name="D", page_url=URL)
    first, second = merge_all([a, d, b, c])
    assert first == merge_two(merge_two(a, b), c)
    assert (first.name, first.categories, first.date_modified) == (
        "A",
        ("y", "x"),
        date(2026, 5, 1),
    )
    assert second is d


def test_page_budget_of_jsonld_values_is_shared_by_its_blocks():
    half = {"@context": "https://schema.org", "@graph": [0] * (MAX_BLOCK_VALUES - 10)}
    count = MAX_PAGE_VALUES // MAX_BLOCK_VALUES + 1
    blocks, issues = extract_jsonld("\n".join(_script(half) for _ in range(count)), URL)
    assert len(blocks) == count - 1
    (issue,) = issues
    assert issue.block == count - 1
    assert f"more than {MAX_PAGE_VALUES:,} JSON values in all" in issue.message


def test_page_with_thousands_of_rdfa_items_is_not_read_but_said():
    """20 000 RDFa items took pyRdfa about 7 s, holding the crawl's event loop."""
    count = MAX_RDFA_ATTRIBUTES // 2 + 1  # typeof and property on each
    body = '<html><body vocab="https://schema.org/">' + "".join(
        f'<div typeof="Product"><span property="name">p{i}</span></div>'
        for i in range(count)
    )
    started = time.monotonic()
    items, (issue,) = extract_rdfa(body + "</body></html>", URL)
    assert time.monotonic() - started < 1
    assert items == ()
    assert issue.kind == "extraction"
    assert f"more than {MAX_RDFA_ATTRIBUTES:,}" in issue.message


def test_microdata_and_rdfa_items_are_read_up_to_the_page_limit():
    items = tuple(
        StructuredItem(
            syntax="microdata",
            index=i,
            data={"type": ["https://schema.org/Product"], "properties": {"name": "p"}},
        )
        for i in range(MAX_STRUCTURED_ITEMS + 5)
    )
    page = ExtractedPage(url=URL, status=200, microdata=items)
    disclosure = normalise_page(page, ContextRegistry.bundled())
    (issue,) = [i for i in disclosure.issues if i.detail == "limit"]
    assert f"only the first {MAX_STRUCTURED_ITEMS:,} were read" in issue.message
