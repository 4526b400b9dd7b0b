"""Turn one fetched page into its disclosure and the links worth following."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from crawler.credentials import (
    RawCredential,
    find_credentials,
    jwt_document_as_json,
    resource_urls,
)
from crawler.extract import decode, extract_parsed
from crawler.extract.links import follow_score
from crawler.model import ExtractedPage, FetchedPage
from crawler.normalise import ContextRegistry, PageDisclosure, normalise_page
from crawler.render.detect import ServedPage, inspect
from crawler.verify import resources_needed
from rules.disclosure import Issue, PageVisit

Role = Literal[
    "page", "endpoint", "trace", "credential", "anchor", "sitemap", "resource"
]
"""Why a URL is fetched; ``resource`` is what verifying a credential reads
(a ``did:web`` document, a status list credential): kept as bytes, not read."""

LINKED_ROLES: dict[str, Role] = {
    "alternate": "endpoint",
    "api": "endpoint",
    "trace": "trace",
    "credential": "credential",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Follow:
    """A URL the crawl may fetch next, and why."""

    url: str
    role: Role
    priority: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessedPage:
    """What one fetch contributed to a supplier's screening.

    Attributes:
        credentials: the secured credentials it holds, as received, for
            verification after the crawl.
        resource: the body of a ``resource`` fetch (``None`` otherwise, and
            when that fetch failed).
    """

    supplier_id: str
    visit: PageVisit
    role: Role = "page"
    disclosure: PageDisclosure | None = None
    follows: tuple[Follow, ...] = ()
    credentials: tuple[RawCredential, ...] = ()
    resource: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class PageWork:
    """A processed page and, when asked for, what its served HTML shows.

    Attributes:
        served: the signs of client-side structured data in the page as
            served (:func:`crawler.render.detect.inspect`), or ``None`` when
            they were not asked for.
    """

    processed: ProcessedPage
    served: ServedPage | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessorRecipe:
    """What builds an equal :class:`PageProcessor` in another process (picklable).

    Attributes:
        contexts: the user's JSON-LD context files (URL, file), besides the
            bundled ones.
        page_cache: the page cache's directory and fingerprint
            (:mod:`crawler.pagecache`), or ``None`` for no cache.
    """

    contexts: tuple[tuple[str, Path], ...] = ()
    page_cache: tuple[Path, str] | None = None

    def build(self) -> PageProcessor:
        """Return a processor with these contexts and this page cache."""
        contexts = ContextRegistry.bundled(extra=dict(self.contexts))
        if self.page_cache is None:
            return PageProcessor(contexts)
        from crawler.pagecache import CachingPageProcessor, PageCache

        return CachingPageProcessor(contexts, PageCache(*self.page_cache))


class PageProcessor:
    """Extract and normalise pages; one instance per process (contexts cached)."""

    def __init__(self, contexts: ContextRegistry) -> None:
        self.contexts = contexts

    def recipe(self) -> ProcessorRecipe:
        """Return what builds an equal processor in a worker process."""
        return ProcessorRecipe(contexts=tuple(sorted(self.contexts.extra.items())))

    def reuses_results(self) -> bool:
        """Tell whether earlier results are at hand (a filled page cache)."""
        return False

    def stored(
        self,
        page: FetchedPage,
        *,
        supplier_id: str,
        site_url: str,
        role: Role,
        inspect_render: bool = False,
    ) -> PageWork | None:
        """Return an earlier, complete result for this page, if one is kept.

        Cheap next to :meth:`work`: the page pool asks here first, in the
        crawl's own process, and sends only the pages it answers ``None`` for.
        """
        return None

    def process(
        self, page: FetchedPage, *, supplier_id: str, site_url: str, role: Role
    ) -> ProcessedPage:
        """Extract, normalise and list follow-ups for one fetched page.

        Never raises on bad input: a failure inside extraction or
        normalisation becomes an issue on the page, so one broken page cannot
        abort a supplier's crawl. A ``resource`` fetch is kept as bytes and
        not read; a compact VC-JWT document is read as an enveloped credential.
        """
        work = self.work(page, supplier_id=supplier_id, site_url=site_url, role=role)
        return work.processed

    def work(
        self,
        page: FetchedPage,
        *,
        supplier_id: str,
        site_url: str,
        role: Role,
        inspect_render: bool = False,
    ) -> PageWork:
        """Process a page as :meth:`process` does, and inspect it for rendering.

        With ``inspect_render``, the page as served is also read for signs of
        client-side structured data (:func:`crawler.render.detect.inspect`),
        reusing the tree that extraction parsed. That inspection may raise,
        as it does when called on its own.
        """
        digest = _sha256(page)
        if role == "resource":
            return PageWork(processed=_resource(page, supplier_id, digest))
        served_type = page.content_type
        served_page = page
        page = jwt_document_as_json(page) or page
        tree = None
        try:
            extracted, tree = extract_parsed(page)
            disclosure = normalise_page(extracted, self.contexts)
        except Exception as exc:  # one broken page must not abort the crawl
            extracted = ExtractedPage(url=page.url, status=page.status)
            disclosure = normalise_page(extracted, self.contexts)
            issue = Issue(
                kind="extraction",
                url=page.url,
                message=f"{page.url}: could not be read: {type(exc).__name__}: {exc}",
            )
            disclosure = disclosure.with_issues((issue,))
        visit = PageVisit(
            url=page.url,
            status=page.status,
            syntaxes=extracted.syntaxes,
            rendered=page.rendered,
            content_type=served_type,
            sha256=digest,
        )
        follows = {f.url: f for f in _follows(extracted, disclosure, site_url)}
        try:
            credentials = find_credentials(extracted)
            needed = resource_urls(credentials)
        except Exception as exc:  # a hostile credential must not abort the crawl
            credentials, needed = (), ()
            disclosure = disclosure.with_issues(
                (
                    Issue(
                        kind="extraction",
                        url=page.url,
                        message=f"{page.url}: its credentials could not be read:"
                        f" {type(exc).__name__}: {exc}",
                    ),
                )
            )
        # What verification reads is fetched as a resource, whatever else links it.
        follows.update((f.url, f) for f in _resource_follows(needed))
        processed = ProcessedPage(
            supplier_id=supplier_id,
            visit=visit,
            role=role,
            disclosure=disclosure,
            follows=tuple(follows.values()),
            credentials=credentials,
        )
        if not inspect_render:
            return PageWork(processed=processed)
        if page is not served_page:  # read as a JWT: its tree is not the page's
            tree = None
        return PageWork(processed=processed, served=inspect_served(served_page, tree))


def inspect_served(page: FetchedPage, tree: Any = None) -> ServedPage:
    """Return what a page as served shows about client-side structured data.

    Args:
        page: the page as fetched.
        tree: its HTML as extraction parsed it, or None to parse it here.
    """
    if tree is not None:  # inspect reads the tree, not the text, when given one
        return inspect("", page.url, tree=tree)
    html, _ = decode(page.body, page.content_type)
    return inspect(html, page.url)


def _sha256(page: FetchedPage) -> str | None:
    """Return the hex SHA-256 of a body as served (not of a rendered DOM)."""
    if page.rendered or not 200 <= page.status < 300:
        return None
    return hashlib.sha256(page.body).hexdigest()


def _resource(page: FetchedPage, supplier_id: str, digest: str | None) -> ProcessedPage:
    """Keep a verification resource's bytes; follow what it needs in turn.

    A status list credential is verified like any credential, so its own
    issuer's ``did:web`` document is fetched too.
    """
    body = page.body if 200 <= page.status < 300 else None
    try:
        follows = _resource_follows(resources_needed(body or b""))
    except Exception:  # an unreadable resource needs nothing more
        follows = ()
    return ProcessedPage(
        supplier_id=supplier_id,
        visit=PageVisit(
            url=page.url,
            status=page.status,
            content_type=page.content_type,
            sha256=digest,
        ),
        role="resource",
        follows=follows,
        resource=body,
    )


def _resource_follows(urls: tuple[str, ...]) -> tuple[Follow, ...]:
    """Return follows for verification resources (HTTP(S) URLs only)."""
    return tuple(
        Follow(url=url, role="resource")
        for url in urls
        if urlsplit(url).scheme in ("http", "https")
    )


def _follows(
    extracted: ExtractedPage, disclosure: PageDisclosure, site_url: str
) -> tuple[Follow, ...]:
    follows: dict[str, Follow] = {}
    for link in extracted.links:
        if link.kind == "page":
            score = follow_score(link, site_url)
            if score is not None:
                follows.setdefault(
                    link.url, Follow(url=link.url, role="page", priority=score)
                )
        elif link.kind in LINKED_ROLES:
            follows.setdefault(
                link.url, Follow(url=link.url, role=LINKED_ROLES[link.kind])
            )
    for product in disclosure.products:
        for trace in product.trace_links:
            follows.setdefault(trace.url, Follow(url=trace.url, role="trace"))
        for footprint in product.footprints:
            for source in footprint.emission_factor_sources:
                if source.anchor_url:
                    url = source.anchor_url
                    follows.setdefault(url, Follow(url=url, role="anchor"))
        for certification in product.certifications:
            for url in certification.evidence_links:
                if _machine_readable(url):
                    follows.setdefault(url, Follow(url=url, role="credential"))
    for endpoint in disclosure.endpoints:
        follows.setdefault(endpoint.url, Follow(url=endpoint.url, role="endpoint"))
    for record in disclosure.trace_links:
        follows.setdefault(record.url, Follow(url=record.url, role="trace"))
    return tuple(follows.values())


def _machine_readable(url: str) -> bool:
    """Tell whether an evidence link names a credential rather than a document."""
    path = urlsplit(url).path.lower()
    return path.endswith((".json", ".jsonld", ".jwt", ".vc"))
