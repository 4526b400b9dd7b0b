"""SupplierSpider: crawls each supplier's site within its own budget."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.extract.site import origin, same_site
from crawler.middlewares import HostRefusedRequest
from crawler.model import FetchedPage
from crawler.processing import Follow, PageProcessor, ProcessedPage, Role
from rules.disclosure import PageVisit

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.suppliers import SupplierSpec

ROBOTS_REFUSAL = "disallowed by robots.txt"


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """Per-supplier limits on what the crawl fetches."""

    max_pages: int
    max_depth: int
    max_linked: int


@dataclass(slots=True)
class _SupplierState:
    spec: SupplierSpec
    origin: str
    seen: set[str] = field(default_factory=set)
    pages: int = 0
    linked: int = 0


class SupplierSpider(scrapy.Spider):
    """Crawl every supplier from its start URL and its sitemap.

    Each supplier has its own seen-set and budget, so one large or hostile
    site cannot starve the others. Every fetch, success or failure, becomes a
    :class:`ProcessedPage` item: nothing is dropped silently.
    """

    name = "greengate-supplier"

    def __init__(
        self,
        *,
        suppliers: list[SupplierSpec],
        budget: Budget,
        processor: PageProcessor,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.budget = budget
        self.processor = processor
        self.states = {
            s.id: _SupplierState(spec=s, origin=origin(s.url)) for s in suppliers
        }

    async def start(self) -> AsyncIterator[Any]:
        """Yield each supplier's start URL and its sitemap."""
        for state in self.states.values():
            state.seen.add(state.spec.url)
            state.pages += 1
            yield self._request(state, state.spec.url, "page", depth=0, user_url=True)
            sitemap = urljoin(state.origin, "/sitemap.xml")
            yield self._request(state, sitemap, "sitemap", depth=0, priority=5)

    def _request(
        self,
        state: _SupplierState,
        url: str,
        role: Role,
        *,
        depth: int,
        priority: int = 0,
        user_url: bool = False,
    ) -> scrapy.Request:
        meta: dict[str, Any] = {
            "supplier": state.spec.id,
            "role": role,
            "gg_depth": depth,
        }
        if user_url:
            meta["greengate_user_url"] = url
        callback = self.parse_sitemap if role == "sitemap" else self.parse_page
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            priority=priority,
            dont_filter=True,  # the per-supplier seen-set is the filter
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Process a page or linked record, then schedule what it links to."""
        state = self.states[response.meta["supplier"]]
        depth: int = response.meta["gg_depth"]
        role: Role = response.meta["role"]
        page = FetchedPage(
            url=response.url,
            status=response.status,
            body=response.body,
            content_type=_header(response, b"Content-Type"),
            encoding=getattr(response, "encoding", None),
            depth=depth,
            role=role,
        )
        result = self.processor.process(
            page, supplier_id=state.spec.id, site_url=state.origin, role=role
        )
        yield result
        for follow in result.follows:
            request = self._follow(state, follow, depth + 1)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """Schedule the supplier's own pages listed in its sitemap."""
        state = self.states[response.meta["supplier"]]
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # a broken sitemap is no reason to stop
            return
        for entry in sitemap:
            url = entry.get("loc", "")
            if same_site(url, state.origin):
                request = self._follow(
                    state, Follow(url=url, role="page", priority=1), 1
                )
                if request is not None:
                    yield request

    def _follow(
        self, state: _SupplierState, follow: Follow, depth: int
    ) -> scrapy.Request | None:
        url = follow.url.split("#", 1)[0]
        if url in state.seen:
            return None
        if follow.role == "page":
            if depth > self.budget.max_depth or state.pages >= self.budget.max_pages:
                return None
            if not same_site(url, state.origin):
                return None
            state.pages += 1
        else:
            if state.linked >= self.budget.max_linked:
                return None
            state.linked += 1
        state.seen.add(url)
        return self._request(
            state, url, follow.role, depth=depth, priority=follow.priority
        )

    def on_error(self, failure: Failure) -> Iterator[ProcessedPage]:
        """Record a fetch that failed, with the reason, as a page visit."""
        request = failure.request  # type: ignore[attr-defined]
        role: Role = request.meta["role"]
        status, reason = _failure_reason(failure)
        if role == "sitemap" and status == 404:
            return  # a missing sitemap is normal, not a failed fetch
        yield ProcessedPage(
            supplier_id=request.meta["supplier"],
            visit=PageVisit(url=request.url, status=status, error=reason),
            role=role,
        )


def _failure_reason(failure: Failure) -> tuple[int, str]:
    """Return the HTTP status (0 when none) and a plain reason for a failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        response = exc.response
        return response.status, f"HTTP {response.status}"
    if isinstance(exc, HostRefusedRequest):
        return 0, str(exc)
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return 0, ROBOTS_REFUSAL
        return 0, message or "request ignored"
    if isinstance(exc, DNSLookupError):
        return 0, f"DNS lookup failed: {exc}"
    if isinstance(exc, TimeoutError | TCPTimedOutError):
        return 0, "timed out"
    return 0, f"{type(exc).__name__}: {exc}".strip()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
