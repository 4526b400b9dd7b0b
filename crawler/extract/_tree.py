"""Parse pages into lxml trees for the extractors that need a DOM.

lxml ships without type information, so its values are ``Any`` here and this
module is the only place that imports it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from w3lib.html import strip_html5_whitespace


def parse_html(html: str) -> Any:
    """Parse a decoded page into an lxml HTML tree.

    Args:
        html: the decoded page.

    Returns:
        The root element.

    Raises:
        lxml.etree.ParserError: the page holds no element at all.
    """
    # lxml refuses str input that carries an XML encoding declaration
    # (XHTML pages often do), so hand it UTF-8 bytes with the encoding stated.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    return lxml.html.fromstring(_utf8(html), parser=parser)


def parse_xmldom_html(html: str) -> Any:
    """Parse a decoded page into the DOM-flavoured tree that pyRdfa reads.

    Args:
        html: the decoded page.

    Returns:
        The root element, built by extruct's ``XmlDomHTMLParser``.
    """
    # Imported here: importing extruct loads pyRdfa and rdflib, which only
    # pages carrying RDFa need.
    from extruct.utils import parse_xmldom_html as parse

    return parse(_utf8(html), encoding="utf-8")


def document_base(tree: Any, url: str) -> str:
    """Return the URL that relative links resolve against: ``<base href>`` or the page.

    Args:
        tree: a parsed page.
        url: the page URL.

    Returns:
        The first ``<base href>`` resolved against ``url`` when it is an
        http(s) URL, else ``url`` (also when the href is not a URL at all).
    """
    # Only the first <base> with an href counts (HTML spec). Iterating the
    # <base> elements of the whole document is what "(//base[@href])[1]"
    # selects, without XPath walking every node.
    hrefs = (b.get("href") for b in tree.getroottree().iter("base"))
    href = next((h for h in hrefs if h is not None), None)
    if href is not None:
        try:
            base = urljoin(url, strip_html5_whitespace(str(href)))
            scheme = urlsplit(base).scheme
        except ValueError:  # "http://[::1": one bad tag must not lose the page
            return url
        if scheme in ("http", "https"):
            return base
    return url


def _utf8(html: str) -> bytes:
    """Encode a page for lxml, replacing what UTF-8 cannot hold (lone surrogates)."""
    return html.encode("utf-8", errors="replace")
