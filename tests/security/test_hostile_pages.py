"""Hostile supplier pages, crawled for real: bounded, refused, or reported.

Fixture sites are written to a temporary directory and served on 127.0.0.1
(:func:`crawler.fixtureserver.serve_sites`, one port per site, ``_headers.json``
for statuses, redirects and content types); scripted servers stream endless
bodies, build an infinite calendar and stand as canaries that must never be
asked anything. Two real ``greengate scan`` runs cover them: one with
``--allow-host 127.0.0.1`` (as for any fixture crawl), one without.
"""

from __future__ import annotations

import gzip
import html
import json
import random
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.extract.jsonld import MAX_BLOCK_VALUES, MAX_DEPTH
from crawler.fixtureserver import serve_sites
from crawler.normalise.expand import MAX_EXPANSION_SECONDS
from crawler.normalise.tree import MAX_DEPTH as NORMALISE_MAX_DEPTH
from crawler.settings import MAX_RESPONSE_BYTES

from .conftest import Request, Scan, Server, scan, serve, write_site

MAX_PAGES = 15
METADATA = "http://169.254.169.254/latest/meta-data/"


def _block(data: object) -> str:
    return f'<script type="application/ld+json">\n{json.dumps(data)}\n</script>\n'


def _product(name: str) -> str:
    return _block({"@context": "https://schema.org", "@type": "Product", "name": name})


def _page(head: str = "", body: str = "", meta: str = "") -> str:
    return f"<!doctype html><html><head>{meta}{head}</head><body>{body}</body></html>"


def _links(*paths: str) -> str:
    return " ".join(f'<a href="{html.escape(p)}">{html.escape(p)}</a>' for p in paths)


def _deep(depth: int) -> str:
    text = '{"@type": "Product", "isPartOf": ' * depth + "null" + "}" * depth
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _line_of(page: str, needle: str) -> int:
    return page[: page.index(needle)].count("\n") + 1


# --- the sites ------------------------------------------------------------------------

DEEP_PAGE = _page(
    _product("Deep Widget") + "<!-- hostile -->\n" + _deep(200) + _deep(100_000)
)
WIDE_PAGE = _page(
    _block({"@context": "https://schema.org", "@graph": list(range(MAX_BLOCK_VALUES))})
    + _product("Wide Widget")
)
# 9 000 UNTP nodes: a type-scoped context costs about 1 ms a node in pyld.
GRAPH_PAGE = _page(
    _block(
        {
            "@context": "https://test.uncefact.org/vocabulary/untp/dpp/0.6.0/",
            "@graph": [
                {"@id": f"#n{i}", "@type": "Product", "isRelatedTo": {"@id": f"#n{i}"}}
                for i in range(9000)
            ],
        }
    )
)
ENTITY_PAGE = _page(
    '<script type="application/ld+json">'
    + html.escape(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "Product",
                "name": "Entity Widget",
            }
        )
    )
    + "</script>"
)
CHARSETS = {
    # path: (name, encoding, content type or None for the server's utf-8, meta)
    "bom-utf16.html": ("Wärmepumpe 16", "utf-16", None, ""),
    "utf16le.html": ("Ladegerät LE", "utf-16-le", "text/html", ""),
    "cp1252.html": ("Kühlschrank €", "cp1252", None, ""),
    "meta-latin1.html": ("Wärme Ü8", "utf-8", "text/html", '<meta charset="latin-1">'),
    "sjis.html": ("太陽光インバーター", "shift_jis", "text/html", ""),
}


def _sites(root: Path, canary: Server, contexts: Server) -> None:
    write_site(
        root,
        "redirects",
        {
            "index.html": _page(
                _product("Redirect Widget"),
                _links("/products/r", "/products/loop1", "/products/away"),
            ),
            "products/r": "r",
            "products/loop1": "1",
            "products/loop2": "2",
            "products/away": "a",
            "go": "go",
            "_headers.json": json.dumps(
                {
                    "/products/r": {"status": 302, "headers": {"Location": METADATA}},
                    "/products/loop1": {
                        "status": 302,
                        "headers": {"Location": "/products/loop2"},
                    },
                    "/products/loop2": {
                        "status": 301,
                        "headers": {"Location": "/products/loop1"},
                    },
                    "/products/away": {
                        "status": 307,
                        "headers": {"Location": "file:///etc/passwd"},
                    },
                    "/go": {"status": 302, "headers": {"Location": canary.url("/in")}},
                }
            ),
        },
    )
    big = b"<html><body>" + b"x" * (MAX_RESPONSE_BYTES + 1024) + b"</body></html>"
    bomb = gzip.compress(b" " * (4 * MAX_RESPONSE_BYTES), compresslevel=9)
    write_site(
        root,
        "huge",
        {
            "index.html": _page(
                _product("Huge Widget"),
                _links("/products/big.html", "/products/bomb.html"),
            ),
            "products/big.html": big,
            "products/bomb.html": bomb,
            "_headers.json": json.dumps(
                {"/products/bomb.html": {"headers": {"Content-Encoding": "gzip"}}}
            ),
        },
    )
    cited = [canary_url + "ctx.jsonld" for canary_url in [contexts.url("/")]]
    write_site(
        root,
        "jsonld-bombs",
        {
            "index.html": _page(
                body=_links(
                    "/products/deep.html",
                    "/products/wide.html",
                    "/products/graph.html",
                    "/products/contexts.html",
                    "/products/entities.html",
                )
            ),
            "products/deep.html": DEEP_PAGE,
            "products/wide.html": WIDE_PAGE,
            "products/graph.html": GRAPH_PAGE,
            "products/entities.html": ENTITY_PAGE,
            "products/contexts.html": _page(
                _block(
                    {
                        "@context": [
                            *cited,
                            {
                                "@import": contexts.url("/import.jsonld"),
                                "label": {
                                    "@id": "https://schema.org/name",
                                    "@context": contexts.url("/scoped.jsonld"),
                                },
                            },
                            "https://schema.org",
                        ],
                        "@type": "Product",
                        "name": "Context Widget",
                    }
                )
            ),
        },
    )
    links = [
        "file:///etc/passwd",
        "FILE:///etc/shadow",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ja\tvascript:alert(1)",
        METADATA + "iam/certificate.json",
        "http://2852039166/latest/meta-data/certificate.json",  # 169.254.169.254
        "http://[::ffff:169.254.169.254]/cert/certificate.json",
        "http://[::1]:9/trace/epcis.json",
    ]
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:169.254.169.254",
        "credentialSubject": {"id": "urn:x"},
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "verificationMethod": "did:web:169.254.169.254#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": "z3",
        },
    }
    write_site(
        root,
        "hostile-links",
        {
            "index.html": _page(
                _product("Link Widget")
                + _block(credential)
                + '<link rel="alternate" type="application/ld+json"'
                ' href="file:///etc/passwd">'
                '<link rel="alternate" type="application/ld+json"'
                ' href="http://10.0.0.1/product.jsonld">',
                _links(*links),
            )
        },
    )
    charsets: dict[str, str | bytes] = {
        "index.html": _page(
            body=_links(*(f"/products/{p}" for p in [*CHARSETS, "entities.html"]))
        ),
        "products/entities.html": ENTITY_PAGE,
    }
    overrides = {}
    for path, (name, encoding, ctype, meta) in CHARSETS.items():
        charsets[f"products/{path}"] = _page(_product(name), meta=meta).encode(encoding)
        if ctype is not None:
            overrides[f"/products/{path}"] = {"content-type": ctype}
    charsets["_headers.json"] = json.dumps(overrides)
    write_site(root, "charsets", charsets)


def _endless(req: Request) -> None:
    """Answer every URL with a body that never ends (no Content-Length)."""
    req.send_response(200)
    req.send_header("Content-Type", "text/html")
    req.send_header("Connection", "close")
    req.end_headers()
    req.close_connection = True
    chunk = b"<p>" + b"y" * 65536 + b"</p>\n"
    for _ in range(4 * MAX_RESPONSE_BYTES // len(chunk)):
        req.wfile.write(chunk)


def _calendar(req: Request) -> None:
    """An infinite calendar; every page also links a fresh session URL."""
    parts = urlsplit(req.path)
    if parts.path in ("/robots.txt", "/sitemap.xml"):
        req.reply(404, "not found", "text/plain")
        return
    page = int(parse_qs(parts.query).get("page", ["0"])[0])
    session = random.randrange(10**12)
    req.reply(
        200,
        _page(
            body=_links(
                f"/cal?page={page + 1}",
                f"/s/{session}/products/",
                f"/products/p?sid={session}",
                f"/products/p;jsessionid={session}",
            )
        ),
    )


def _canary(req: Request) -> None:
    req.reply(200, _page(_product("Canary")))


@pytest.fixture(scope="module")
def allowed(tmp_path_factory) -> dict[str, object]:
    """One scan with --allow-host 127.0.0.1 over every hostile site."""
    root = tmp_path_factory.mktemp("hostile-sites")
    with (
        serve(_canary) as canary,
        serve(_canary) as contexts,
        serve(_endless) as endless,
        serve(_calendar) as calendar,
    ):
        _sites(root, canary, contexts)
        with serve_sites(root) as sites:
            suppliers = {name: sites.url(name) for name in sites.origins}
            suppliers["redirect-allowed"] = sites.url("redirects", "/go")
            suppliers["endless"] = endless.url("/")
            suppliers["calendar"] = calendar.url("/cal?page=0")
            result = scan(
                tmp_path_factory.mktemp("hostile-report"),
                suppliers,
                "--allow-host",
                "127.0.0.1",
                "--max-pages",
                str(MAX_PAGES),
                "--max-depth",
                "100",
            )
            origins = dict(sites.origins)
    return {
        "scan": result,
        "origins": origins,
        "canary": canary,
        "contexts": contexts,
        "calendar": calendar,
    }


def _scan(allowed: dict[str, object]) -> Scan:
    result = allowed["scan"]
    assert isinstance(result, Scan)
    return result


def _url(allowed: dict[str, object], site: str, path: str) -> str:
    origins = allowed["origins"]
    assert isinstance(origins, dict)
    return str(origins[site]) + path


def _issues(result: Scan, supplier: str, url: str) -> list[dict[str, object]]:
    return [i for i in result.suppliers[supplier]["issues"] if i["url"] == url]


def _names(result: Scan, supplier: str) -> set[str]:
    return {p["name"] for p in result.suppliers[supplier]["products"]}


def _server(allowed: dict[str, object], name: str) -> Server:
    server = allowed[name]
    assert isinstance(server, Server)
    return server


def test_hostile_crawl_finishes_in_bounded_time(allowed):
    result = _scan(allowed)
    assert result.seconds < 45
    assert result.returncode == 3  # only "endless" is unreachable


# --- huge responses -------------------------------------------------------------------


def test_response_over_the_size_cap_is_refused_as_too_large(allowed):
    result = _scan(allowed)
    url = _url(allowed, "huge", "/products/big.html")
    visit = result.visits("huge")[url]
    assert visit["status"] == 0
    assert visit["error"].startswith("the response is larger than 10 MiB")
    fetch = result.findings("huge", "CORE-FETCH-01")
    assert any(
        url in f["message"] and "larger than 10 MiB" in f["message"] for f in fetch
    )


def test_gzip_bomb_is_refused_as_too_large(allowed):
    result = _scan(allowed)
    url = _url(allowed, "huge", "/products/bomb.html")
    error = result.visits("huge")[url]["error"]
    assert "larger than 10 MiB" in error
    assert error.endswith("(it was compressed)")


def test_endless_body_is_cut_at_the_cap_and_named_too_large(allowed):
    result = _scan(allowed)
    supplier = result.suppliers["endless"]
    assert supplier["verdict"] == "unreachable"
    start = supplier["start_url"]
    assert "larger than 10 MiB" in result.visits("endless")[start]["error"]
    # the start page still has its finding: never a silent gap
    assert any(
        start in f["message"] for f in result.findings("endless", "CORE-FETCH-01")
    )


# --- JSON-LD bombs --------------------------------------------------------------------


def test_deeply_nested_jsonld_is_an_issue_naming_page_block_and_line(allowed):
    result = _scan(allowed)
    url = _url(allowed, "jsonld-bombs", "/products/deep.html")
    issues = {i["block"]: i for i in _issues(result, "jsonld-bombs", url)}
    # a block's line is where its text starts: just after its <script> tag
    line = _line_of(DEEP_PAGE, '>\n{"@type": "Product", "isPartOf": ')
    limit = issues[1]
    assert (limit["kind"], limit["line"]) == ("jsonld-syntax", line)
    assert limit["message"] == (
        f"{url}: JSON-LD block 2 at line {line} was not read:"
        f" it nests deeper than {MAX_DEPTH} levels"
    )
    assert "nested too deeply" in issues[2]["message"]  # 100 000 levels: parser
    assert "Deep Widget" in _names(result, "jsonld-bombs")  # the page's other block
    failures = [
        f["message"]
        for f in result.findings("jsonld-bombs", "CORE-JSONLD-01")
        if f["status"] == "fail"
    ]
    assert any(f"block 2 at line {line}" in m and url in m for m in failures)


def test_enormous_jsonld_block_is_an_issue_and_the_rest_is_read(allowed):
    result = _scan(allowed)
    url = _url(allowed, "jsonld-bombs", "/products/wide.html")
    (issue,) = _issues(result, "jsonld-bombs", url)
    assert issue["block"] == 0
    assert f"holds more than {MAX_BLOCK_VALUES:,} JSON values" in issue["message"]
    assert "Wide Widget" in _names(result, "jsonld-bombs")


def test_costly_graph_stops_at_the_expansion_budget(allowed):
    result = _scan(allowed)
    url = _url(allowed, "jsonld-bombs", "/products/graph.html")
    messages = [i["message"] for i in _issues(result, "jsonld-bombs", url)]
    assert f"took more than {MAX_EXPANSION_SECONDS:g} s to expand" in " ".join(messages)


def test_remote_contexts_are_never_fetched_even_on_an_allowed_host(allowed):
    result = _scan(allowed)
    contexts = _server(allowed, "contexts")
    assert contexts.hits == []  # the host is allowed; contexts are still not fetched
    refused = {
        i["detail"]
        for i in result.suppliers["jsonld-bombs"]["issues"]
        if i["kind"] == "jsonld-context"
    }
    assert {
        contexts.url("/ctx.jsonld"),
        contexts.url("/import.jsonld"),
        contexts.url("/scoped.jsonld"),
    } <= refused
    assert result.suppliers["jsonld-bombs"]["rule_status"]["CORE-CONTEXT-01"] == "fail"
    assert "Context Widget" in _names(result, "jsonld-bombs")  # schema.org still read


def test_html_entity_encoded_jsonld_is_read(allowed):
    result = _scan(allowed)
    assert "Entity Widget" in _names(result, "jsonld-bombs")
    assert "Entity Widget" in _names(result, "charsets")


# --- links and redirects --------------------------------------------------------------


def test_file_data_and_javascript_links_are_never_followed(allowed):
    result = _scan(allowed)
    for supplier in result.suppliers.values():
        for page in supplier["pages"]:
            assert urlsplit(page["url"]).scheme in ("http", "https"), page


def test_links_to_metadata_private_and_loopback_are_refused(allowed):
    result = _scan(allowed)
    visits = result.visits("hostile-links")
    refused = {
        url: visit["error"]
        for url, visit in visits.items()
        if (visit["error"] or "").startswith("refused by the host guard")
    }
    expected = {
        METADATA + "iam/certificate.json": "link-local",
        "http://2852039166/latest/meta-data/certificate.json": "link-local",
        "http://[::ffff:169.254.169.254]/cert/certificate.json": "link-local",
        "http://10.0.0.1/product.jsonld": "private",
        "http://[::1]:9/trace/epcis.json": "loopback",
        # verifying the credential would read its issuer's did:web document
        "https://169.254.169.254/.well-known/did.json": "link-local",
    }
    for url, kind in expected.items():
        assert url in refused, (url, sorted(visits))
        assert f"a {kind} address" in refused[url]
    assert all(visits[url]["status"] == 0 for url in refused)


def test_redirect_to_metadata_is_refused_and_names_the_page(allowed):
    result = _scan(allowed)
    url = _url(allowed, "redirects", "/products/r")
    error = result.visits("redirects")[url]["error"]
    assert error.startswith(f"redirected to {METADATA}: refused by the host guard")
    assert "link-local" in error
    fetch = result.findings("redirects", "CORE-FETCH-01")
    assert any(
        f"{url} could not be fetched: redirected to" in f["message"] for f in fetch
    )


def test_redirect_to_a_file_url_is_not_followed(allowed):
    result = _scan(allowed)
    url = _url(allowed, "redirects", "/products/away")
    visit = result.visits("redirects")[url]
    assert visit["error"] == (
        "HTTP 307: a redirect to file:///etc/passwd is not followed"
    )
    assert all(not u.startswith("file:") for u in result.visits("redirects"))


def test_redirect_loop_ends_with_a_reason(allowed):
    result = _scan(allowed)
    url = _url(allowed, "redirects", "/products/loop1")
    assert "too many redirects" in result.visits("redirects")[url]["error"]


def test_redirect_to_an_allowed_host_is_followed(allowed):
    """The control of test_redirect_to_loopback_is_refused_without_allow_host."""
    canary = _server(allowed, "canary")
    assert "/in" in canary.paths()
    assert "Canary" in _names(_scan(allowed), "redirect-allowed")


# --- spider traps ---------------------------------------------------------------------


def test_infinite_calendar_and_session_urls_stop_at_the_page_budget(allowed):
    result = _scan(allowed)
    pages = result.suppliers["calendar"]["pages"]
    assert len(pages) <= MAX_PAGES
    calendar = _server(allowed, "calendar")
    fetched = [p for p in calendar.paths() if p not in ("/robots.txt", "/sitemap.xml")]
    assert len(fetched) <= MAX_PAGES
    # session-id URLs are recognised as traps and not followed at all
    assert not [p for p in fetched if "sid=" in p or "jsessionid" in p]


# --- charsets -------------------------------------------------------------------------


def test_wrong_and_missing_charsets_and_utf16_pages_are_decoded(allowed):
    result = _scan(allowed)
    names = _names(result, "charsets")
    assert {name for name, *_ in CHARSETS.values()} <= names
    assert not result.suppliers["charsets"]["issues"]


def test_extraction_refuses_the_depth_normalisation_refuses():
    assert MAX_DEPTH == NORMALISE_MAX_DEPTH


# --- without --allow-host -------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory) -> tuple[Scan, Server, dict[str, str]]:
    """One scan without --allow-host: only the typed start URLs are trusted."""
    root = tmp_path_factory.mktemp("guarded-sites")
    with serve(_canary) as canary:
        write_site(
            root,
            "redirect-start",
            {
                "go": "go",
                "_headers.json": json.dumps(
                    {"/go": {"status": 302, "headers": {"Location": canary.url("/in")}}}
                ),
            },
        )
        write_site(
            root,
            "links-to-canary",
            {
                "index.html": _page(
                    _product("Guarded Widget")
                    + '<link rel="alternate" type="application/ld+json"'
                    f' href="{canary.url("/api/product.jsonld")}">',
                    _links(
                        canary.url("/certificates/iso14001.json"), "/products/a.html"
                    ),
                ),
                "products/a.html": _page(_product("Other Widget")),
            },
        )
        with serve_sites(root) as sites:
            starts = {
                "redirect-start": sites.url("redirect-start", "/go"),
                "links-to-canary": sites.url("links-to-canary"),
            }
            result = scan(tmp_path_factory.mktemp("guarded-report"), starts)
    return result, canary, starts


def test_nothing_reaches_a_loopback_host_without_allow_host(guarded):
    _, canary, _ = guarded
    assert canary.hits == []


def test_redirect_to_loopback_is_refused_without_allow_host(guarded):
    result, canary, starts = guarded
    visit = result.visits("redirect-start")[starts["redirect-start"]]
    assert visit["error"].startswith(
        f"redirected to {canary.url('/in')}: refused by the host guard"
    )
    assert "a loopback address" in visit["error"]
    assert result.suppliers["redirect-start"]["verdict"] == "unreachable"


def test_links_to_loopback_are_refused_without_allow_host(guarded):
    result, canary, starts = guarded
    visits = result.visits("links-to-canary")
    assert visits[starts["links-to-canary"]]["status"] == 200  # typed: trusted
    for path in ("/api/product.jsonld", "/certificates/iso14001.json"):
        assert "refused by the host guard" in visits[canary.url(path)]["error"]
    # the same site's own pages are on 127.0.0.1 too: refused like any link
    own = starts["links-to-canary"] + "products/a.html"
    assert "a loopback address" in visits[own]["error"]
