"""Link classification and crawl priorities."""

from __future__ import annotations

import pytest

from crawler.extract.links import classify_links, follow_score
from crawler.extract.site import same_site
from crawler.model import LinkKind, PageLink
from tests.crawler.conftest import PAGES

PAGE = "https://www.acme-inverters.example/catalogue/inv-5k.html"
SITE = "https://www.acme-inverters.example/"
HOST = "https://www.acme-inverters.example"

# Every link of fixtures/pages/links_all_kinds.html that must survive, with its
# kind. The page's <base href> is /catalogue/, so relative links resolve there.
EXPECTED_KINDS = {
    f"{HOST}/catalogue/inv-5k.jsonld": "alternate",
    f"{HOST}/api/v1/products/inv-5k": "alternate",
    f"{HOST}/meta/inv-5k": "alternate",
    "https://records.rare-metal-chain.example/r/ndfeb-2026-001": "trace",
    f"{HOST}/openapi.yaml": "api",
    f"{HOST}/": "page",
    f"{HOST}/products/": "page",
    f"{HOST}/catalogue/inv-5k.html": "page",
    f"{HOST}/sustainability/traceability.html": "page",
    "https://shop.acme-inverters.example/cart": "page",
    f"{HOST}/docs/INV-5K_datasheet.PDF": "document",
    f"{HOST}/docs/iso14067-verification?id=42": "document",
    f"{HOST}/docs/epd-inv-5k.docx": "document",
    f"{HOST}/docs/lca-model.xlsx": "document",
    f"{HOST}/downloads/all-certificates.zip": "document",
    f"{HOST}/files/8812": "document",
    f"{HOST}/credentials/iso14001.jwt": "credential",
    f"{HOST}/vc/esg-origin-2026.json": "credential",
    "https://issuer.example/status/credential-42": "credential",
    "https://trace.circulor.example/records/ndfeb-2026-001": "trace",
    f"{HOST}/data/batch-2026-001.jsonld": "trace",
    "https://id.acme-inverters.example/01/09506000134376/10/B42"
    "?linkType=gs1:traceability": "trace",
    "https://api.acme-inverters.example/v2/footprints/inv-5k": "api",
    f"{HOST}/data/footprint-inv-5k.json": "api",
    f"{HOST}/products/inv-10k.html": "page",
    "https://www.partner-grid.example/about": "page",
    f"{HOST}/sustainability/": "page",
    f"{HOST}/catalogue/": "page",  # href="#" is the base URL itself
}


@pytest.fixture(scope="module")
def links() -> dict[str, PageLink]:
    html = (PAGES / "links_all_kinds.html").read_text("utf-8")
    found = classify_links(html, PAGE)
    assert len({link.url for link in found}) == len(found), "links are deduplicated"
    return {link.url: link for link in found}


def test_links_every_kind_is_classified(links):
    assert {url: link.kind for url, link in links.items()} == EXPECTED_KINDS


def test_links_keep_document_labels_and_media_types(links):
    pdf = links[f"{HOST}/docs/INV-5K_datasheet.PDF"]
    typed = links[f"{HOST}/docs/iso14067-verification?id=42"]
    workbook = links[f"{HOST}/docs/lca-model.xlsx"]

    assert (pdf.text, pdf.media_type) == ("INV-5K data sheet", "application/pdf")
    assert typed.media_type == "application/pdf"
    assert workbook.text == "LCA model workbook"  # from the image's alt text


def test_links_alternate_keeps_rel_and_type(links):
    alternate = links[f"{HOST}/api/v1/products/inv-5k"]

    assert (alternate.rel, alternate.media_type) == ("alternate", "application/json")


@pytest.mark.parametrize(
    "fragment",
    ["javascript:", "mailto:", "tel:", "data:", "file:", "ftp:", "telnet:"],
)
def test_links_forbidden_schemes_are_dropped(links, fragment):
    assert not [url for url in links if fragment in url.lower()]


def test_links_fragments_stripped_and_duplicates_merged(links):
    assert not [url for url in links if "#" in url]
    assert links[f"{HOST}/products/inv-10k.html"].text == "INV-10K"


@pytest.mark.parametrize(
    "dropped",
    [
        "/static/site.css",
        "/favicon.ico",
        "/static/prices.json",
        "/de/katalog/inv-5k.html",
        "/feed.xml",
        "/img/inverter-front.jpg",
        "/static/app.js",
        "/from-script.html",
        "/commented-out.html",
    ],
)
def test_links_sub_resources_and_noise_are_dropped(links, dropped):
    assert f"{HOST}{dropped}" not in links


def test_links_most_specific_kind_wins_for_one_url():
    html = (
        '<a href="https://net.example/r/1">Partner network</a>'
        '<a href="https://net.example/r/1">Traceability record</a>'
    )

    (link,) = classify_links(html, PAGE)

    assert (link.kind, link.text) == ("trace", "Partner network")


def test_links_relative_without_base_resolve_against_page():
    (link,) = classify_links('<a href="../docs/a.pdf">A</a>', PAGE)

    assert link.url == f"{HOST}/docs/a.pdf"


def test_links_empty_or_elementless_page():
    assert classify_links("", PAGE) == ()
    assert classify_links("<!-- nothing -->", PAGE) == ()


@pytest.mark.parametrize(
    ("url", "site", "expected"),
    [
        ("https://www.acme.co.uk/a", "https://acme.co.uk/", True),
        ("https://shop.acme.co.uk/a", "https://www.acme.co.uk/", True),
        ("http://acme.co.uk/a", "https://www.acme.co.uk/", True),
        ("https://other.co.uk/a", "https://www.acme.co.uk/", False),
        ("https://acme.com.evil.example/", "https://acme.com/", False),
        ("https://b.github.io/", "https://a.github.io/", False),
        ("http://127.0.0.1:8001/p", "http://127.0.0.1:8001/", True),
        ("http://127.0.0.2/p", "http://127.0.0.1/", False),
    ],
)
def test_same_site(url, site, expected):
    assert same_site(url, site) is expected


def page(path: str, text: str = "", kind: LinkKind = "page") -> PageLink:
    return PageLink(url=f"{HOST}{path}", kind=kind, text=text)


@pytest.mark.parametrize(
    "link",
    [
        page("/docs/a.pdf", kind="document"),
        PageLink(url="https://partner.example/products/", kind="page"),
        page("/account/login"),
        page("/cart"),
        page("/checkout/step-1"),
        page("/search?q=inverter"),
        page("/products/?sessionid=8f2a91"),
        page("/products;jsessionid=ABC123"),
        page("/events/calendar/2026/05/"),
        page("/events/?month=2026-05"),
        page("/news/?date=2026-05-01"),
        page("/a/b/a/b/a/b/a/"),
        page("/products/?replytocom=12"),
        page("/p/" + "x" * 600),
    ],
    ids=lambda link: link.url.removeprefix(HOST)[:40] or link.kind,
)
def test_follow_score_refuses_other_sites_non_pages_and_traps(link):
    assert follow_score(link, SITE) is None


def test_follow_score_ranks_screening_topics_first():
    def score(path: str, text: str = "") -> int:
        value = follow_score(page(path, text), SITE)
        assert value is not None
        return value

    home = score("/")
    assert score("/products/inv-5k.html") > home
    assert score("/sustainability/carbon-footprint.html") > score("/products/")
    assert score("/x/12", text="Product passport") > home
    assert score("/downloads/datasheets/") > home
    assert score("/certifications/iso-14067/") > home
    assert score("/tag/solar/") == 1
    assert score("/2024/05/trade-fair-news/") == 1
    assert score("/products/?sort=price") < score("/products/")


def test_follow_score_accepts_a_subdomain_of_the_start_host():
    link = PageLink(url="https://shop.acme-inverters.example/products/", kind="page")

    assert follow_score(link, SITE) is not None


@pytest.mark.parametrize(
    "path",
    [
        "/sustainability/epd-register/",
        "/products/printed-circuit-boards.html",
        "/investors/shareholders/",
        "/standards/accounting-rules/",
        "/products/page/2/",
    ],
)
def test_follow_score_trap_words_must_be_whole_segments(path):
    assert follow_score(page(path), SITE) is not None


def test_links_malformed_urls_are_dropped_not_raised():
    html = (
        '<a href="http://[::1/x">bad IPv6</a>'
        '<a href="http:///no-host">no host</a>'
        '<a href="/ok">ok</a>'
    )

    assert [link.url for link in classify_links(html, PAGE)] == [f"{HOST}/ok"]


def test_links_non_http_base_is_ignored():
    html = '<base href="javascript:void(0)"><a href="a.html">A</a>'

    (link,) = classify_links(html, PAGE)

    assert link.url == f"{HOST}/catalogue/a.html"


def test_same_site_distinguishes_services_on_one_host_by_port():
    from crawler.extract.site import same_site

    assert same_site("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/")
    assert not same_site("http://127.0.0.1:8002/a", "http://127.0.0.1:8001/")
    assert same_site("http://acme.example:80/a", "http://acme.example/")
