"""What flows from the crawl into extraction and normalisation.

The disclosure model that rules read lives in :mod:`rules.disclosure`; these
are the crawler's own intermediate values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from rules.disclosure import Issue

LinkKind = Literal["page", "document", "alternate", "trace", "credential", "api"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """A response as the spider received it (or the reason it got none)."""

    url: str
    status: int  # 0 when no response was received
    body: bytes = field(default=b"", repr=False)
    content_type: str | None = None
    encoding: str | None = None  # the encoding Scrapy decided on
    rendered: bool = False
    error: str | None = None
    depth: int = 0
    role: str = "page"  # "page", or what a followed link was for: "trace", ...

    @property
    def text(self) -> str:
        """Return the body decoded with the declared encoding (lenient)."""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


@dataclass(frozen=True, slots=True, kw_only=True)
class JsonLdBlock:
    """One ``<script type="application/ld+json">`` block, parsed on its own.

    ``line`` / ``column`` locate the start of the block's text in the page
    (1-based), so errors inside it can be reported at page positions.
    """

    index: int
    line: int
    column: int
    data: Any  # parsed JSON: a dict or a list


@dataclass(frozen=True, slots=True, kw_only=True)
class StructuredItem:
    """A microdata or RDFa item as extruct returns it."""

    syntax: Literal["microdata", "rdfa"]
    index: int
    data: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class PageLink:
    """A link found on a page, classified by what it leads to."""

    url: str
    kind: LinkKind
    text: str = ""
    rel: str | None = None
    media_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractedPage:
    """Everything extraction read from one page, before normalisation."""

    url: str
    status: int
    jsonld: tuple[JsonLdBlock, ...] = ()
    microdata: tuple[StructuredItem, ...] = ()
    rdfa: tuple[StructuredItem, ...] = ()
    links: tuple[PageLink, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def syntaxes(self) -> tuple[str, ...]:
        """Return the structured-data syntaxes present on the page."""
        found = []
        if self.jsonld:
            found.append("json-ld")
        if self.microdata:
            found.append("microdata")
        if self.rdfa:
            found.append("rdfa")
        return tuple(found)
