"""Microdata and RDFa extraction against extruct's expected outputs."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from crawler.extract import microdata, rdfa
from tests.crawler.conftest import extruct_sample

URL = "https://www.acme-inverters.example/products/inv-5k.html"
RDFA_BASE = "http://www.example.com/index.html"  # the base extruct's outputs used


def read_json(name: str) -> Any:
    return json.loads(extruct_sample(name).read_text("utf-8"))


def loosen(value: Any) -> Any:
    """Turn W3C microdata JSON (lists everywhere) into extruct's default shape.

    extruct's non-strict mode, which greengate uses, writes a single type or a
    single property value without the list around it.
    """
    if isinstance(value, list):
        return [loosen(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "properties":
            out[key] = {
                name: loosen(values[0] if len(values) == 1 else values)
                for name, values in item.items()
            }
        elif key == "type" and len(item) == 1:
            out[key] = item[0]
        else:
            out[key] = loosen(item)
    return out


def canonical_graph(nodes: list[Any]) -> Any:
    """Compare RDFa graphs regardless of node order and blank-node labels."""
    text = re.sub(r'"_:[^"]*"', '"_:b"', json.dumps(nodes, sort_keys=True))

    def ordered(value: Any) -> Any:
        if isinstance(value, list):
            return sorted((ordered(v) for v in value), key=json.dumps)
        if isinstance(value, dict):
            return {k: ordered(v) for k, v in value.items()}
        return value

    return ordered(json.loads(text))


# (sample, page URL, expected output). Samples whose expected output was made
# without a base URL are used only when they hold no relative URL.
MICRODATA_SAMPLES = [
    ("schema.org/CreativeWork.001", URL, "schema.org/CreativeWork.001.json"),
    ("schema.org/Event.003", URL, "schema.org/Event.003.json"),
    ("schema.org/Event.004", URL, "schema.org/Event.004.json"),
    ("schema.org/LocalBusiness.002", URL, "schema.org/LocalBusiness.002.json"),
    ("schema.org/LocalBusiness.003", URL, "schema.org/LocalBusiness.003.json"),
    ("schema.org/SearchAction.001", URL, "schema.org/SearchAction.001.json"),
    (
        "schema.org/product",
        "http://some-example.com",
        "schema.org/product_custom_url.json",
    ),
]
W3C_MICRODATA_SAMPLES = [
    ("w3c/microdata.4.2.data", URL),
    ("w3c/microdata.4.2.meter", URL),
    ("w3c/microdata.4.2.strings", URL),
    ("w3c/microdata.4.2.strings.unclean", URL),
    ("w3c/microdata.5.2", URL),
    ("w3c/microdata.5.3", URL),
    ("w3c/microdata.7.1", "http://blog.example.com/progress-report"),
    ("w3c/microdata.object", "http://www.example.com/microdata/test"),
]
RDFA_SAMPLES = [
    "w3crdfa/w3c.rdf11primer.example014",
    "w3crdfa/w3c.rdfalite.example003",
    "w3crdfa/w3c.rdfalite.example004",
    "w3crdfa/w3c.rdfalite.example005",
    "w3crdfa/w3c.rdfaprimer.example005",
    "w3crdfa/w3c.rdfaprimer.example008",
    "w3crdfa/w3c.rdfaprimer.example011",
    "w3crdfa/w3c.rdfaprimer.example015",
    "wikipedia/xhtml+rdfa",  # XHTML with an XML encoding declaration
]


@pytest.mark.parametrize(
    ("sample", "url", "expected"),
    MICRODATA_SAMPLES,
    ids=[case[0] for case in MICRODATA_SAMPLES],
)
def test_microdata_matches_extruct_expected_output(sample, url, expected):
    html = extruct_sample(f"{sample}.html").read_text("utf-8")

    items, issues = microdata.extract(html, url)

    assert issues == ()
    assert [item.data for item in items] == read_json(expected)
    assert [(item.syntax, item.index) for item in items] == [
        ("microdata", n) for n in range(len(items))
    ]


@pytest.mark.parametrize(
    ("sample", "url"), W3C_MICRODATA_SAMPLES, ids=[c[0] for c in W3C_MICRODATA_SAMPLES]
)
def test_microdata_matches_w3c_expected_output(sample, url):
    html = extruct_sample(f"{sample}.html").read_text("utf-8")

    items, _ = microdata.extract(html, url)

    assert [item.data for item in items] == loosen(read_json(f"{sample}.json"))


def test_microdata_resolves_against_base_href():
    html = (
        '<base href="https://cdn.acme.example/media/">'
        '<div itemscope itemtype="https://schema.org/Product">'
        '<img itemprop="image" src="inv-5k.jpg"></div>'
    )

    (item,), _ = microdata.extract(html, URL)

    assert (
        item.data["properties"]["image"] == "https://cdn.acme.example/media/inv-5k.jpg"
    )


def test_microdata_is_skipped_without_itemscope(monkeypatch):
    monkeypatch.setattr(microdata, "parse_html", pytest.fail)

    assert microdata.extract("<p itemprop='x'>no item</p>", URL) == ((), ())


def test_microdata_has_microdata_ignores_case():
    assert microdata.has_microdata("<div ItemScope itemtype='x'>")
    assert not microdata.has_microdata("<div itemtype='x'>")


def test_microdata_failure_becomes_an_issue(monkeypatch):
    def explode(html):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(microdata, "parse_html", explode)

    items, (issue,) = microdata.extract("<div itemscope></div>", URL)

    assert items == ()
    assert issue.kind == "extraction"
    assert URL in issue.message
    assert "parser exploded" in issue.message


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("sample", RDFA_SAMPLES)
def test_rdfa_matches_extruct_expected_output(sample):
    html = extruct_sample(f"{sample}.html").read_text("utf-8")

    items, issues = rdfa.extract(html, RDFA_BASE)

    assert issues == ()
    assert {item.syntax for item in items} == {"rdfa"}
    expected = read_json(f"{sample}.expanded.json")
    assert canonical_graph([item.data for item in items]) == canonical_graph(expected)


@pytest.mark.parametrize(
    "sample", ["misc/expanded_OG_support_test", "misc/opengraph_test"]
)
def test_rdfa_skips_opengraph_only_page(sample):
    """OpenGraph meta tags alone are not worth 13 ms of RDFa processing."""
    html = extruct_sample(f"{sample}.html").read_text("utf-8")

    assert not rdfa.has_rdfa(html)
    assert rdfa.extract(html, RDFA_BASE) == ((), ())


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<div vocab="https://schema.org/" typeof="Product">', True),
        ('<span TYPEOF="Product">', True),
        ('<meta property="schema:carbonFootprint" content="412">', True),
        ('<h2 property="http://purl.org/dc/terms/title">', True),
        ('<span property="name">', True),
        ('<a rel="foaf:knows" href="/bob">', True),
        ('<meta property="og:title" content="x">', False),
        ('<meta property="product:price:amount" content="1">', False),
        ('<html prefix="og: https://ogp.me/ns#"><meta property="fb:app_id">', False),
        ('<link rel="stylesheet" href="a.css"><a rel="nofollow">', False),
        ('<div data-property="x" data-typeof="y">', False),
        ("<script>if (typeof x === 'y') { obj.property = 1; }</script>", False),
        ("<p>About vocab and resources</p>", False),
    ],
)
def test_rdfa_pre_check(markup, expected):
    assert rdfa.has_rdfa(markup) is expected


def test_rdfa_failure_becomes_an_issue(monkeypatch):
    def explode(html):
        raise ValueError("bad tree")

    monkeypatch.setattr(rdfa, "parse_xmldom_html", explode)

    items, (issue,) = rdfa.extract('<p typeof="Product">', URL)

    assert items == ()
    assert (issue.kind, issue.url) == ("extraction", URL)
    assert "RDFa" in issue.message


def test_rdfa_output_is_stable_across_runs():
    """pyRdfa's graph is a set; golden files and history diffs need one output."""
    html = extruct_sample("wikipedia/xhtml+rdfa.html").read_text("utf-8")

    runs = [rdfa.extract(html, RDFA_BASE)[0] for _ in range(3)]

    assert runs[0] == runs[1] == runs[2]
    blank = {
        node["@id"] for node in (item.data for item in runs[0]) if "_:" in node["@id"]
    }
    assert blank == {f"_:b{n}" for n in range(len(blank))}
