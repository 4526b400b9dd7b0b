"""Read the RDFa of a page with extruct (pyRdfa), only when the page carries RDFa.

RDFa extraction is the most expensive step of extraction (about 13 ms a page),
so :func:`has_rdfa` decides cheaply, from the attributes alone, whether it is
worth running.

A page is written by the party being screened: one carrying more than
:data:`MAX_RDFA_ATTRIBUTES` ``typeof`` / ``property`` attributes is not
processed (an ``extraction`` issue says so), since pyRdfa takes about 0.2 ms
per attribute in the crawl's event loop.

OpenGraph meta tags (``<meta property="og:title" ...>``) are RDFa to a
processor, and nearly every product page has them. They carry titles, images
and prices, nothing a disclosure rule reads, so a page whose only RDFa-looking
markup is OpenGraph (and its Facebook / Twitter relatives) is not processed:
that keeps RDFa off almost every page. A ``typeof`` attribute, any other
``property`` value, or a ``rel`` / ``rev`` holding a CURIE or IRI turns
extraction on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from crawler.extract._tree import document_base, parse_xmldom_html
from crawler.model import StructuredItem
from rules.disclosure import Issue

# One literal-prefixed pattern per attribute: a single alternation is ten
# times slower, because the regex engine then has no literal to search for.
# vocab, about and resource are left out on purpose: without typeof, property
# or rel/rev they produce no statement about anything.
_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
_TYPEOF = re.compile(r"typeof\s*=")
_PROPERTY_NAME = re.compile(r"property\s*=")
_PROPERTY = re.compile(r"property" + _VALUE)
_REL = re.compile(r"re[lv]" + _VALUE)
# What may precede an attribute name, so "data-property=", ":typeof=" (Vue) or
# "obj.property =" in a script do not count.
_ATTR_BOUNDARY = frozenset(" \t\n\r\f\"'/")
MAX_RDFA_ATTRIBUTES = 5_000
"""``typeof`` and ``property`` attributes a page may carry and have its RDFa read."""

_OPENGRAPH_PREFIXES = frozenset(
    {
        "og",
        "fb",
        "al",
        "article",
        "book",
        "books",
        "business",
        "music",
        "place",
        "product",
        "profile",
        "twitter",
        "video",
        "website",
    }
)


def has_rdfa(html: str) -> bool:
    """Tell whether a page carries RDFa worth extracting.

    Args:
        html: the decoded page.

    Returns:
        True when a ``typeof`` attribute, a ``property`` other than OpenGraph
        or a ``rel`` / ``rev`` holding a CURIE or IRI is present.
    """
    # Attribute names are case-insensitive; lowering once is cheaper than
    # case-insensitive patterns.
    low = html.lower()
    if any(_at_boundary(low, m.start()) for m in _TYPEOF.finditer(low)):
        return True
    for match in _PROPERTY.finditer(low):
        if _at_boundary(low, match.start()) and any(
            _is_rdfa_property(token) for token in _value(match).split()
        ):
            return True
    # Plain link types ("stylesheet", "nofollow") are HTML, not RDFa.
    return any(
        _at_boundary(low, m.start()) and ":" in _value(m) for m in _REL.finditer(low)
    )


def extract(
    html: str, url: str
) -> tuple[tuple[StructuredItem, ...], tuple[Issue, ...]]:
    """Extract a page's RDFa as expanded JSON-LD node objects.

    Args:
        html: the decoded page.
        url: the page URL, the base for relative IRIs unless ``<base href>``
            says otherwise.

    Returns:
        One item per node of the RDFa graph (extruct's expanded output), and
        an ``extraction`` issue instead of an exception when pyRdfa fails or
        the page carries more than :data:`MAX_RDFA_ATTRIBUTES` attributes.
    """
    if not has_rdfa(html):
        return (), ()
    attributes = _rdfa_attributes(html)
    if attributes > MAX_RDFA_ATTRIBUTES:
        return (), (_too_many(url, attributes),)
    # Imported here: pyRdfa and rdflib take a while to load and most pages
    # never need them.
    from extruct.rdfa import RDFaExtractor

    try:
        tree = parse_xmldom_html(html)
        nodes = RDFaExtractor().extract_items(
            tree, base_url=document_base(tree, url), expanded=True
        )
    except Exception as error:  # pyRdfa and rdflib raise many unrelated types
        return (), (_failure(url, error),)
    items = tuple(
        StructuredItem(syntax="rdfa", index=index, data=node)
        for index, node in enumerate(_stable(nodes))
    )
    return items, ()


def _stable(nodes: list[Any]) -> list[Any]:
    """Order nodes and relabel blank nodes so one page always gives one output.

    pyRdfa builds an rdflib graph, a set: node order and blank-node labels
    change from run to run, which would make golden tests and inspection
    history diffs flap.
    """

    def key(node: Any) -> str:
        return json.dumps(_rename_blank_ids(node, lambda _: "_:"), sort_keys=True)

    labels: dict[str, str] = {}
    return [
        _rename_blank_ids(node, lambda old: labels.setdefault(old, f"_:b{len(labels)}"))
        for node in sorted(nodes, key=key)
    ]


def _rename_blank_ids(value: Any, rename: Callable[[str], str]) -> Any:
    """Return a copy of expanded JSON-LD with every blank-node ``@id`` renamed."""
    if isinstance(value, list):
        return [_rename_blank_ids(item, rename) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: rename(item)
        if key == "@id" and isinstance(item, str) and item.startswith("_:")
        else _rename_blank_ids(item, rename)
        for key, item in value.items()
    }


def _at_boundary(low: str, pos: int) -> bool:
    """Tell whether an attribute name found at ``pos`` starts a real attribute."""
    return pos > 0 and low[pos - 1] in _ATTR_BOUNDARY


def _value(match: re.Match[str]) -> str:
    """Return the attribute value captured by a quoted or unquoted alternative."""
    return next((group for group in match.groups() if group is not None), "")


def _is_rdfa_property(token: str) -> bool:
    """Tell whether a ``property`` token is RDFa other than OpenGraph."""
    prefix, colon, _ = token.partition(":")
    return not colon or prefix not in _OPENGRAPH_PREFIXES


def _rdfa_attributes(html: str) -> int:
    """Count the ``typeof`` and ``property`` attributes of a page (its RDFa cost)."""
    low = html.lower()
    return sum(
        1
        for pattern in (_TYPEOF, _PROPERTY_NAME)
        for match in pattern.finditer(low)
        if _at_boundary(low, match.start())
    )


def _too_many(url: str, attributes: int) -> Issue:
    """Describe a page whose RDFa is too large to read."""
    return Issue(
        kind="extraction",
        url=url,
        message=(
            f"{url}: RDFa was not read: the page carries {attributes:,} typeof and"
            f" property attributes, more than {MAX_RDFA_ATTRIBUTES:,}"
        ),
        detail="limit",
    )


def _failure(url: str, error: Exception) -> Issue:
    """Describe a failed RDFa extraction."""
    return Issue(
        kind="extraction",
        url=url,
        message=f"{url}: RDFa could not be extracted: {error!r}",
        detail=type(error).__name__,
    )
