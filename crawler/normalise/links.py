"""Links found on a page: documents, machine-readable endpoints, trace links."""

from __future__ import annotations

import mimetypes
from urllib.parse import urlsplit

from crawler.model import PageLink
from crawler.normalise.labels import document_topic
from rules.disclosure import DocumentLink, Endpoint, Provenance, TraceLink


def documents(links: tuple[PageLink, ...], page_url: str) -> tuple[DocumentLink, ...]:
    """Return the downloadable documents linked from a page, with a topic guess."""
    return tuple(
        DocumentLink(
            url=link.url,
            label=link.text.strip(),
            media_type=link.media_type or _guess_type(link.url),
            topic=document_topic(link.text, urlsplit(link.url).path),
            page_url=page_url,
        )
        for link in links
        if link.kind == "document"
    )


def endpoints(links: tuple[PageLink, ...], page_url: str) -> tuple[Endpoint, ...]:
    """Return the page's alternates and declared data APIs."""
    return tuple(
        Endpoint(
            url=link.url,
            media_type=link.media_type,
            rel=link.rel or link.kind,
            page_url=page_url,
        )
        for link in links
        if link.kind in ("alternate", "api")
    )


def trace_links(links: tuple[PageLink, ...], page_url: str) -> tuple[TraceLink, ...]:
    """Return the page's links to traceability records (read as hyperlinks)."""
    return tuple(
        TraceLink(
            url=link.url,
            provenance=Provenance(
                url=page_url,
                syntax="link",
                vocabulary="html",
                pointer=f'a[href="{link.url}"]',
            ),
        )
        for link in links
        if link.kind == "trace"
    )


def _guess_type(url: str) -> str | None:
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed
