"""Find a page's links and tell what each one leads to.

A link is a ``document`` (PDF, office file, archive), an ``alternate``
machine-readable version of the page, a ``trace`` link to a traceability
record, a ``credential`` (a verifiable credential or certificate as JSON or
JWT), an ``api`` endpoint, or an ordinary ``page``. Stylesheets, scripts,
images and resource hints are dropped, and so is every URL that is not
http(s). Which page links the crawl follows, and in what order, is decided by
:func:`follow_score` (in :mod:`crawler.extract.site`, re-exported here).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urljoin, urlsplit

from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from crawler.extract import _media
from crawler.extract._tree import document_base, parse_html
from crawler.extract.site import follow_score, same_site
from crawler.model import PageLink

if TYPE_CHECKING:
    from crawler.model import LinkKind

__all__ = ["classify_links", "follow_score"]

_API_RELS = frozenset({"service-desc", "service-doc", "service-meta", "api"})
# <link> types that fetch a sub-resource of the page, never a destination.
_RESOURCE_RELS = frozenset(
    {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch"}
    | {"modulepreload", "manifest", "apple-touch-icon", "mask-icon", "pingback"}
)
# Word starts only on the left, so "certificat" matches certificate(s) and
# certification while "svc" is not "vc" and "update" is not "dte".
_CREDENTIAL_WORDS = re.compile(
    r"(?<![a-z])(?:vcs?(?![a-z])|credentials?|certificat|certs?(?![a-z])|attestation)"
)
_TRACE_WORDS = re.compile(
    r"(?<![a-z])(?:trac(?:e|es|ing|eability|eable)(?![a-z])|provenance|batch"
    r"|epcis|dte(?![a-z])|chain[-_ ]?of[-_ ]?custody)"
)
_API_WORDS = re.compile(r"(?<![a-z])(?:api|graphql|openapi|swagger)(?![a-z])")
_UNSAFE = re.compile(r'[^\x21-\x7e]|["<>\\^`{|}]')
# GS1 Digital Link resolvers announce the kind of record in "linkType".
_GS1_TRACE = re.compile(r"linktype=gs1(?::|%3a)(?:traceability|epcis)")
# Most specific first: a URL seen as a page and as a trace link is a trace link.
_PRIORITY: tuple[LinkKind, ...] = (
    "credential",
    "trace",
    "alternate",
    "document",
    "api",
    "page",
)


def classify_links(html: str, url: str, *, tree: Any = None) -> tuple[PageLink, ...]:
    """Return a page's http(s) links, resolved, without fragments and classified.

    Args:
        html: the decoded page.
        url: the page URL; ``<base href>`` overrides it for resolution.
        tree: ``html`` already parsed by :func:`~crawler.extract._tree.parse_html`,
            so that a page is parsed once for all extractors; None parses it here.

    Returns:
        One link per URL in order of first appearance. A URL found several
        times keeps the most specific kind (credential, trace, alternate,
        document, api, page) and its first non-empty text.
    """
    if tree is None:
        try:
            tree = parse_html(html)
        except Exception:  # lxml refuses documents without any element
            return ()
    base = document_base(tree, url)
    site_base = _site_base(base)
    found: dict[str, PageLink] = {}
    for element in tree.iter("a", "area", "link"):
        href = element.get("href")
        target = None if href is None else _resolve(href, base, site_base)
        link = None if target is None else _link(element, target, url)
        if link is not None:
            found[link.url] = _merge(found.get(link.url), link)
    return tuple(found.values())


def _link(element: Any, target: SplitResult, page_url: str) -> PageLink | None:
    """Classify one ``<a>``, ``<area>`` or ``<link>`` element, or drop it."""
    rel = " ".join((element.get("rel") or "").lower().split())
    media = (element.get("type") or "").split(";", 1)[0].strip().lower()
    text = _label(element)
    url = target.geturl()
    off_site = not same_site(url, page_url)
    kind = _kind(target, rel, media, text, off_site=off_site)
    if kind == "page" and element.get("download") is not None:
        kind = "document"
    if kind is None or (element.tag == "link" and kind == "page"):
        # A <link> to a page is canonical / hreflang / pagination noise: the
        # page's anchors reach the same pages.
        return None
    guessed = None if kind == "page" else _media.guess_type(_media.extension(target))
    return PageLink(
        url=url,
        kind=kind,
        text=text,
        rel=rel or None,
        media_type=media or guessed,
    )


def _site_base(base: str) -> str:
    """Return ``scheme://netloc`` of a base URL (its host as written), or the URL.

    An absolute-path href resolves against these alone (``urljoin``).
    """
    try:
        parts = urlsplit(base)
    except ValueError:  # resolving against the URL itself reports it as before
        return base
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else base


def _resolve(href: str, base: str, site_base: str) -> SplitResult | None:
    """Resolve an href to an absolute http(s) URL without fragment, or None."""
    href = strip_html5_whitespace(href)
    if href.startswith("/") and not href.startswith("//"):
        # An absolute path keeps only the base's scheme and host: one cache
        # entry then serves every page of the site.
        return _resolved(href, site_base)
    return _resolved(href, base)


@lru_cache(maxsize=16384)  # menus repeat the same hrefs on every page
def _resolved(href: str, base: str) -> SplitResult | None:
    try:
        absolute = urljoin(base, href).partition("#")[0]
        if _UNSAFE.search(absolute):
            # Percent-encode spaces and non-ASCII (and IDNA-encode the host)
            # so that one resource has one spelling; most URLs need nothing.
            absolute = safe_url_string(absolute)
        parts = urlsplit(absolute)
        host = parts.hostname
    except ValueError:  # e.g. "http://[::1" (a broken IPv6 host) or a bad IDN
        return None
    return parts if parts.scheme in ("http", "https") and host else None


@lru_cache(maxsize=16384)  # menus and related links repeat across a site's pages
def _kind(
    target: SplitResult, rel: str, media: str, text: str, *, off_site: bool
) -> LinkKind | None:
    """Decide what a link leads to; None for sub-resources such as images."""
    rels = set(rel.split())
    ext = _media.extension(target)
    if rels & _RESOURCE_RELS or _media.is_asset(ext):
        return None
    if "describedby" in rels or ("alternate" in rels and media in _media.JSON_TYPES):
        return "alternate"
    if _media.is_document(ext, media):
        return "document"
    data = _media.is_data(ext, media)
    if _media.is_credential(ext, media) or (
        data and _CREDENTIAL_WORDS.search(f"{target.path.lower()} {text.lower()}")
    ):
        return "credential"
    if _is_trace(target, rel, text, data=data, off_site=off_site):
        return "trace"
    if data or rels & _API_RELS or _is_api_address(target):
        return "api"
    return "page"


def _is_trace(
    target: SplitResult, rel: str, text: str, *, data: bool, off_site: bool
) -> bool:
    """Tell whether a link leads to a traceability record rather than a page."""
    if _TRACE_WORDS.search(rel):
        return True
    address = f"{target.hostname} {target.path} {target.query}".lower()
    if _GS1_TRACE.search(address):
        return True
    if not _TRACE_WORDS.search(f"{address} {text.lower()}"):
        return False
    # A page about traceability on the supplier's own site stays a page (it is
    # crawled with high priority); a record is data, or lives on a network.
    return data or (off_site and not _media.is_html(_media.extension(target)))


def _is_api_address(target: SplitResult) -> bool:
    """Tell whether a URL names an API (api host or path) and not an HTML page."""
    address = f"{target.hostname} {target.path.lower()}"
    return bool(_API_WORDS.search(address)) and not _media.is_html(
        _media.extension(target)
    )


def _merge(old: PageLink | None, new: PageLink) -> PageLink:
    """Combine two sightings of one URL: most specific kind, first label."""
    if old is None:
        return new
    winner = min(old, new, key=lambda link: _PRIORITY.index(link.kind))
    return PageLink(
        url=old.url,
        kind=winner.kind,
        text=old.text or new.text,
        rel=winner.rel or old.rel or new.rel,
        media_type=winner.media_type or old.media_type or new.media_type,
    )


def _label(element: Any) -> str:
    """Return a link's visible text, else its title, aria-label or image alt."""
    text = " ".join(element.text_content().split()) if element.tag == "a" else ""
    for name in ("title", "aria-label", "alt"):
        if text:
            break
        text = " ".join((element.get(name) or "").split())
    if not text and element.tag == "a":
        alts = " ".join(img.get("alt") or "" for img in element.iter("img"))
        text = " ".join(alts.split())
    return text
