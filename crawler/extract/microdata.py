"""Read the HTML microdata items of a page with extruct.

Most pages carry no microdata, so extraction (a DOM parse plus extruct's
walk) runs only when the page contains an ``itemscope`` attribute at all.
"""

from __future__ import annotations

from typing import Any

from crawler.extract._tree import document_base, parse_html
from crawler.model import StructuredItem
from rules.disclosure import Issue


def has_microdata(html: str) -> bool:
    """Tell whether a page may carry microdata (an ``itemscope`` attribute).

    Args:
        html: the decoded page.

    Returns:
        False only when the page certainly has no microdata item.
    """
    # Attribute names are case-insensitive; lowering once is three times
    # faster than a case-insensitive pattern. A match in a script or in text
    # costs one useless parse, never a missed item.
    return "itemscope" in html.lower()


def extract(
    html: str, url: str, *, tree: Any = None
) -> tuple[tuple[StructuredItem, ...], tuple[Issue, ...]]:
    """Extract the top-level microdata items of a page.

    Items are extruct's nested microdata JSON (``type``, ``properties``,
    ``id``) in its default, non-strict shape, as ``extruct.extract`` returns
    it: a single type or property value is written without a list around it.
    Relative URLs are resolved against ``<base href>`` or ``url``.

    Args:
        html: the decoded page.
        url: the page URL.
        tree: ``html`` already parsed by :func:`~crawler.extract._tree.parse_html`
            (extruct only reads it); None parses it here when needed.

    Returns:
        The items in document order, and an ``extraction`` issue instead of
        an exception when extruct fails on the page.
    """
    if not has_microdata(html):
        return (), ()
    # Imported here: importing extruct loads pyRdfa and rdflib as well.
    from extruct.w3cmicrodata import MicrodataExtractor

    try:
        if tree is None:
            tree = parse_html(html)
        raw = MicrodataExtractor().extract_items(tree, document_base(tree, url))
    except Exception as error:  # extruct and lxml raise many unrelated types
        return (), (_failure(url, error),)
    items = tuple(
        StructuredItem(syntax="microdata", index=index, data=data)
        for index, data in enumerate(raw)
    )
    return items, ()


def _failure(url: str, error: Exception) -> Issue:
    """Describe a failed microdata extraction."""
    return Issue(
        kind="extraction",
        url=url,
        message=f"{url}: microdata could not be extracted: {error!r}",
        detail=type(error).__name__,
    )
