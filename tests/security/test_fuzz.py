"""Whatever a page holds, PageProcessor.process answers and says what went wrong.

Hypothesis feeds arbitrary bytes, HTML with script blocks and JSON-LD-shaped
documents (deep nesting, long arrays, ``@context`` chains, ``@graph``, mixed
``@type`` / ``type``, entity-encoded blocks, UTF-16 and lying charsets) through
the same path a fetched page takes (:class:`crawler.processing.PageProcessor`).

The default run is bounded (``FUZZ``: a few dozen examples per strategy, a
per-example deadline). For a long manual run::

    GREENGATE_FUZZ=long .venv/bin/python -m pytest tests/security/test_fuzz.py
"""

from __future__ import annotations

import html
import json
import os
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry
from crawler.normalise.expand import MAX_EXPANSION_SECONDS
from crawler.processing import PageProcessor, ProcessedPage

LONG = os.environ.get("GREENGATE_FUZZ") == "long"
FUZZ = settings(
    max_examples=3000 if LONG else 40,
    deadline=None,  # time is asserted per call instead (SECONDS): no flaky reruns
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not LONG,  # the suite stays reproducible; long runs explore
)
HEAVY = settings(FUZZ, max_examples=300 if LONG else 12)
SECONDS = MAX_EXPANSION_SECONDS + 3.0
"""The most one page may take: its expansion budget, plus extraction and mapping."""
URL = "https://supplier.example/products/inv-5k"
SITE = "https://supplier.example"

# --- JSON-LD-shaped documents -------------------------------------------------

CONTEXT_URLS = [
    "https://schema.org",
    "http://schema.org/",
    "https://www.w3.org/ns/credentials/v2",
    "https://test.uncefact.org/vocabulary/untp/dpp/0.6.0/",
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    "https://evil.example/context.jsonld",  # never fetched: refused
    "http://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    "ctx.jsonld",  # relative
    "",
]
KEYS = [
    "@id", "@type", "type", "id", "@graph", "@value", "@list", "@set",
    "@reverse", "@included", "@nest", "@language", "@index", "@json",
    "name", "gtin", "gtin13", "sku", "hasCertification", "carbonFootprint",
    "credentialSubject", "proof", "issuer", "url", "sameAs", "value",
    "unitCode", "subjectOf", "isPartOf", "hasPart", "additionalProperty",
]  # fmt: skip
TYPES = [
    "Product", "Certification", "Organization", "ProductModel",
    "VerifiableCredential", "DigitalProductPassport", "ObjectEvent",
    "EnvelopedVerifiableCredential", "schema:Product", "https://schema.org/Offer",
]  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(TYPES + CONTEXT_URLS + ["06923456700019", "ISO 14067"])
)


def _context() -> st.SearchStrategy[Any]:
    term = st.one_of(
        st.sampled_from(["@id", "@vocab", "https://schema.org/name", None]),
        st.fixed_dictionaries(
            {"@id": st.sampled_from(["@type", "https://schema.org/gtin", "x:y"])},
            optional={
                "@type": st.sampled_from(["@id", "@vocab", "@json"]),
                "@container": st.sampled_from(["@list", "@set", "@index", "@graph"]),
                "@context": st.sampled_from(CONTEXT_URLS),
                "@protected": st.booleans(),
            },
        ),
    )
    inline = st.dictionaries(
        st.sampled_from(["@vocab", "@base", "@import", "@version", *KEYS[11:20]]),
        term | st.sampled_from(CONTEXT_URLS) | st.just(1.1),
        max_size=5,
    )
    one = st.sampled_from(CONTEXT_URLS) | inline
    return one | st.lists(one, max_size=4)


def _node(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.dictionaries(
        st.sampled_from(KEYS) | st.text(max_size=8),
        children | st.sampled_from(TYPES) | st.lists(st.sampled_from(TYPES)),
        max_size=6,
    )


JSON_LD = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | _node(inner),
    max_leaves=40,
)
DOCUMENT = st.builds(
    lambda ctx, body: {"@context": ctx, **body} if isinstance(body, dict) else body,
    _context(),
    JSON_LD,
)


SHAPES = [
    ('{"@type": "Product", "isPartOf": ', "}"),
    ("[", "]"),
    ('[{"@type": ["Product"], "hasPart": ', "}]"),
]


def deep_text(depth: int, shape: int, leaf: object) -> str:
    """JSON text nesting objects or arrays ``depth`` levels deep.

    Built as text: ``json.dumps`` itself cannot write 100 000 levels.
    """
    opener, closer = SHAPES[shape]
    body = opener * depth + json.dumps(leaf) + closer * depth
    return f'{{"@context": "https://schema.org", "@graph": [{body}]}}'


def wide_doc(count: int, key: str, context: object) -> dict[str, Any]:
    """A long @graph: many nodes, each referencing the next."""
    nodes = [
        {"@id": f"#n{i}", key: "Product", "isRelatedTo": {"@id": f"#n{i + 1}"}}
        for i in range(count)
    ]
    return {"@context": context, "@graph": nodes}


# Drawn as parameters, built in the test: a failing example stays readable.
DEEP = st.builds(
    deep_text,
    st.sampled_from([40, 63, 64, 65, 66, 200, 3000, 100_000]),
    st.integers(0, len(SHAPES) - 1),
    SCALARS,
)
WIDE = st.builds(
    wide_doc,
    st.integers(min_value=500, max_value=4000),
    st.sampled_from(["@type", "type"]),
    _context(),
)


# --- pages ---------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "shift_jis"]
CONTENT_TYPES = [
    None,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=utf-16",
    "text/html; charset=iso-8859-1",
    "text/html; charset=bogus-charset",
    "application/ld+json",
    "application/json; charset=utf-16",
    "application/vc+jwt",
    "application/octet-stream",
    "image/png",
    "text/plain",
]


def _script(text: str, mode: str) -> str:
    if mode == "entities":
        text = html.escape(text)
    elif mode == "cdata":
        text = f"//<![CDATA[\n{text}\n//]]>"
    elif mode == "comment":
        text = f"<!--\n{text}\n-->"
    elif mode == "truncated":
        text = text[: len(text) // 2]
    elif mode == "close":  # a "</script" inside a string ends the element early
        text = text.replace('"name"', '"</script><script>name"', 1)
    kind = "application/ld+json" if mode != "typo" else "application/ld+jsn"
    return f'<script type="{kind}">{text}</script>'


HREFS = st.sampled_from(
    [
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "javascript:alert(1)",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1",
        "http://xn--/",
        "//evil.example/trace/epcis",
        "/cal?page=2&sessionid=abc",
        "certificate.json",
        "../" * 30,
        "\x00\n\t http://a b/",
    ]
) | st.text(max_size=30)


@st.composite
def markup(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """An HTML page of JSON-LD scripts, microdata, RDFa and links, encoded."""
    parts = ["<!doctype html><html><head>"]
    if draw(st.booleans()):
        parts.append(f'<base href="{html.escape(draw(HREFS))}">')
    for _ in range(draw(st.integers(0, 3))):
        doc = draw(DOCUMENT | st.text(max_size=40))
        text = doc if isinstance(doc, str) else json.dumps(doc)
        modes = ["plain", "entities", "cdata", "comment", "truncated", "close", "typo"]
        parts.append(_script(text, draw(st.sampled_from(modes))))
    parts.append("</head><body>")
    if draw(st.booleans()):
        parts.append(
            '<div itemscope itemtype="https://schema.org/Product">'
            f'<span itemprop="name">{html.escape(draw(st.text(max_size=20)))}</span>'
            '<div itemprop="hasCertification" itemscope></div></div>'
        )
    if draw(st.booleans()):
        parts.append(
            '<div vocab="https://schema.org/" typeof="Product">'
            f'<span property="gtin">{html.escape(draw(st.text(max_size=14)))}</span>'
            "</div>"
        )
    for _ in range(draw(st.integers(0, 4))):
        href = html.escape(draw(HREFS), quote=True)
        rel = draw(st.sampled_from(["", "alternate", "describedby", "trace"]))
        parts.append(f'<a href="{href}" rel="{rel}" type="application/ld+json">x</a>')
    parts.append(draw(st.text(max_size=40)))
    text = "".join(parts)
    encoding = draw(st.sampled_from(ENCODINGS))
    body = text.encode(encoding, errors="replace")
    return body, draw(st.sampled_from(CONTENT_TYPES))


# --- the property ------------------------------------------------------------------


@pytest.fixture(scope="module")
def processor() -> PageProcessor:
    return PageProcessor(ContextRegistry.bundled())


def _process(processor: PageProcessor, body: bytes, ctype: str | None) -> ProcessedPage:
    page = FetchedPage(url=URL, status=200, body=body, content_type=ctype)
    started = time.monotonic()
    result = processor.process(page, supplier_id="s", site_url=SITE, role="page")
    assert time.monotonic() - started < SECONDS
    assert result.visit.url == URL
    assert result.disclosure is not None
    for issue in result.disclosure.issues:
        assert issue.url == URL, issue
        assert issue.message, issue
        # The catch-all in PageProcessor.process is a last resort: a fuzzed
        # page must give specific issues, not lose all its evidence at once.
        assert "could not be read" not in issue.message, issue.message
    for follow in result.follows:
        assert follow.url.startswith(("http://", "https://")), follow
    return result


@FUZZ
@given(body=st.binary(max_size=2048), ctype=st.sampled_from(CONTENT_TYPES))
def test_arbitrary_bytes_never_raise(processor, body, ctype):
    _process(processor, body, ctype)


@FUZZ
@given(page=markup())
def test_html_with_script_blocks_never_raises(processor, page):
    _process(processor, *page)


@FUZZ
@given(doc=DOCUMENT, ctype=st.sampled_from(["application/ld+json", None]))
def test_jsonld_documents_never_raise(processor, doc, ctype):
    _process(processor, json.dumps(doc).encode(), ctype)


@HEAVY
@given(doc=DEEP | WIDE, encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_deep_and_wide_documents_are_bounded(processor, doc, encoding):
    text = doc if isinstance(doc, str) else json.dumps(doc)
    _process(processor, text.encode(encoding), "application/ld+json")
    page = f'<script type="application/ld+json">{text}</script>'
    _process(processor, page.encode(encoding), None)
