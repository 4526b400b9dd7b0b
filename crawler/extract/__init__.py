"""Extract what a fetched page embeds: JSON-LD, microdata, RDFa and its links.

Each syntax has its own module (:mod:`.jsonld`, :mod:`.microdata`,
:mod:`.rdfa`); :mod:`.links` classifies the page's links and :mod:`.site`
ranks them for the crawl. :func:`extract_page` runs them all on one response
and never raises: what cannot be read becomes an :class:`~rules.disclosure.Issue`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from crawler.extract import jsonld, microdata, rdfa
from crawler.extract._media import JSON_TYPES
from crawler.extract._tree import parse_html
from crawler.extract.encoding import decode
from crawler.extract.links import classify_links
from crawler.extract.site import follow_score, same_site
from crawler.model import ExtractedPage, FetchedPage

__all__ = [
    "classify_links",
    "decode",
    "extract_page",
    "extract_parsed",
    "follow_score",
    "same_site",
]

# Types that may carry a page as HTML; servers label HTML oddly, so anything
# textual or untyped is tried, and binary types (PDF, images) are not.
_MARKUP_HINTS = ("html", "xml", "text/", "octet-stream")
_FIRST_CHARACTER = re.compile(r"\s*(\S)")


def extract_page(page: FetchedPage) -> ExtractedPage:
    """Extract the structured data and links of one fetched page.

    A JSON response (``application/ld+json``, ``application/json``, any
    ``+json`` type, or an HTML-or-untyped body that starts with ``{`` or
    ``[``) is read as a single JSON-LD block (index 0, line 1) with no links.
    Responses without a 2xx status, empty bodies and binary types give an
    empty result: the page's status is kept, and reporting why it could not
    be fetched is the crawl's job.

    Args:
        page: the response as the spider received it.

    Returns:
        The page's JSON-LD blocks, microdata and RDFa items, classified links
        and every issue met while reading them.
    """
    extracted, _ = extract_parsed(page)
    return extracted


def extract_parsed(page: FetchedPage) -> tuple[ExtractedPage, Any]:
    """Extract a page as :func:`extract_page` does; also return its lxml tree.

    The tree (from :func:`~crawler.extract._tree.parse_html`, which the
    extractors only read) lets a caller inspect the page further without
    parsing it again; it is ``None`` when the page was not read as HTML or
    lxml refused it.
    """
    empty = ExtractedPage(url=page.url, status=page.status)
    if not page.body or not 200 <= page.status < 300:
        return empty, None
    text, _ = decode(page.body, page.content_type)
    body = _body_kind(_media_type(page.content_type), text)
    if body == "json":
        block, issue = jsonld.parse_block(text, url=page.url)
        json_page = ExtractedPage(
            url=page.url,
            status=page.status,
            jsonld=() if block is None else (block,),
            issues=() if issue is None else (issue,),
        )
        return json_page, None
    if body == "other":
        return empty, None
    return _extract_markup(page, text)


def _extract_markup(page: FetchedPage, text: str) -> tuple[ExtractedPage, Any]:
    """Run every extractor on an HTML page."""
    # One lxml parse serves links and microdata (neither changes the tree);
    # when lxml refuses the page, each extractor reports that as before.
    tree = _parsed(text)
    blocks, jsonld_issues = jsonld.extract(text, page.url)
    micro, micro_issues = microdata.extract(text, page.url, tree=tree)
    rdfa_items, rdfa_issues = rdfa.extract(text, page.url)
    extracted = ExtractedPage(
        url=page.url,
        status=page.status,
        jsonld=blocks,
        microdata=micro,
        rdfa=rdfa_items,
        links=classify_links(text, page.url, tree=tree),
        issues=jsonld_issues + micro_issues + rdfa_issues,
    )
    return extracted, tree


def _parsed(text: str) -> Any:
    """Return the page's lxml tree, or None when lxml cannot parse it."""
    try:
        return parse_html(text)
    except Exception:  # lxml refuses documents without any element
        return None


def _media_type(content_type: str | None) -> str:
    """Return the lower-case media type of a Content-Type header, or ""."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def _body_kind(media: str, text: str) -> Literal["json", "markup", "other"]:
    """Tell whether a body is JSON, markup to extract from, or neither."""
    if media in JSON_TYPES or media.endswith("+json"):
        return "json"
    first = _FIRST_CHARACTER.match(text)
    opens_json = first is not None and first.group(1) in "{["
    if not media or any(hint in media for hint in _MARKUP_HINTS):
        return "json" if opens_json else "markup"
    return "other"
