"""SupplierSpider: crawls each supplier's site within its own budget."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from crawler.extract import decode
from crawler.extract.site import origin, same_site
from crawler.failures import ROBOTS_REFUSAL as ROBOTS_REFUSAL
from crawler.failures import fetch_failure, redirected_from
from crawler.model import FetchedPage
from crawler.pool import PagePool
from crawler.processing import Follow, PageProcessor, PageWork, ProcessedPage, Role
from crawler.render import (
    RenderReason,
    ServedPage,
    builds_jsonld,
    decide,
    rendered_only_blocks,
)
from crawler.render.browser import Renderer, RenderOptions, failure_reason
from rules.disclosure import Issue, PageVisit

if TYPE_CHECKING:
    from playwright.async_api import Page
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.journal import JournalPage
    from crawler.suppliers import SupplierSpec

MAX_SCRIPT_FILES = 20
"""Distinct script files per supplier fetched to see whether they write JSON-LD."""


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
    scripts: dict[str, asyncio.Future[bool]] = field(default_factory=dict)


class SupplierSpider(scrapy.Spider):
    """Crawl every supplier from its start URL and its sitemap.

    Each supplier has its own seen-set and budget, so one large or hostile
    site cannot starve the others. Every fetch, success or failure, becomes a
    :class:`ProcessedPage` item: nothing is dropped silently. Each request's
    ``gg_url`` meta is the URL it was scheduled for (its seen-set entry), which
    redirects and rendering keep.

    ``resume`` maps a supplier id to the fetches an interrupted crawl finished
    (from its journal, :mod:`crawler.journal`): those are not fetched again.

    Pages are processed by ``pool`` (worker processes, :mod:`crawler.pool`),
    or by ``processor`` in the crawl's own process when there is none.
    """

    name = "greengate-supplier"
    custom_settings: dict[str, Any] = {  # noqa: RUF012 (Scrapy's own class attribute)
        # Scrapy handles a callback's output with this many asyncio tasks per
        # response (100 by default). Items go to signal handlers and requests
        # to the scheduler, neither of which waits, so one task suffices and
        # spares the crawl's thread about a hundred tasks per page.
        "CONCURRENT_ITEMS": 1,
    }

    def __init__(
        self,
        *,
        suppliers: list[SupplierSpec],
        budget: Budget,
        processor: PageProcessor,
        render: RenderOptions | None = None,
        allow_hosts: tuple[str, ...] = (),
        resume: Mapping[str, Sequence[JournalPage]] | None = None,
        pool: PagePool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.budget = budget
        self.resume = resume or {}
        self.processor = processor
        self.pool = pool or PagePool(processor, 0)
        self.render = render or RenderOptions(mode="never")
        self.renderer = (
            Renderer(self.render, allow_hosts) if self.render.enabled else None
        )
        self.states = {
            s.id: _SupplierState(spec=s, origin=origin(s.url)) for s in suppliers
        }

    async def start(self) -> AsyncIterator[Any]:
        """Yield each supplier's start URL and its sitemap (what is left, resumed)."""
        for state in self.states.values():
            for request in self._frontier(state, self.resume.get(state.spec.id, ())):
                yield request

    def _frontier(
        self, state: _SupplierState, done: Sequence[JournalPage]
    ) -> Iterator[scrapy.Request]:
        """Return the requests a supplier's crawl still needs.

        A fresh crawl (nothing ``done``) needs its start URL and its sitemap.
        A resumed one first counts every fetch it finished against the
        supplier's seen-set and budgets, then replays those fetches' follow-ups
        through :meth:`_follow`, exactly as the live crawl would have: what
        they lead to that was not finished is requested (again). A sitemap
        leaves no journal entry unless it failed, so it is read again.
        """
        start = state.spec.url
        state.seen.add(start)
        state.pages += 1
        for record in done:
            if record.key in state.seen or record.page.role == "sitemap":
                continue
            state.seen.add(record.key)
            if record.page.role == "page":
                state.pages += 1
            else:
                state.linked += 1
        if all(record.key != start for record in done):
            yield self._request(state, start, "page", depth=0, user_url=True)
        if all(record.page.role != "sitemap" for record in done):
            sitemap = urljoin(state.origin, "/sitemap.xml")
            yield self._request(state, sitemap, "sitemap", depth=0, priority=5)
        for record in done:
            yield from self._follows(state, record.page, record.depth)

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
            "gg_url": url,
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

    def closed(self, reason: str) -> None:
        """Record the browser pages opened and closed and the pool's work (stats)."""
        stats = self.crawler.stats
        if stats is not None and self.pool.processes:
            stats.set_value("greengate/pool/processes", self.pool.processes)
            stats.set_value("greengate/pool/pages", self.pool.processed_in_pool)
            stats.set_value("greengate/pool/reused", self.pool.reused)
            stats.set_value("greengate/pool/fallbacks", self.pool.fallbacks)
            stats.set_value("greengate/pool/restarts", self.pool.restarts)
            stats.set_value("greengate/pool/most_queued", self.pool.most_queued)
        if self.renderer is not None and stats is not None:
            stats.set_value("greengate/render/pages_opened", self.renderer.pages_opened)
            stats.set_value("greengate/render/pages_closed", self.renderer.pages_closed)
            for why, count in self.renderer.blocked.items():
                stats.set_value(f"greengate/render/blocked/{why}", count)

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """Process a page or linked record, then schedule what it links to.

        A page that needs JavaScript (see :mod:`crawler.render.detect`) is
        re-requested through the browser: its item comes from
        :meth:`parse_rendered` (or :meth:`on_render_error`), while the links
        of the served HTML are followed at once.
        """
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
        work = await self.pool.work(
            page,
            supplier_id=state.spec.id,
            site_url=state.origin,
            role=role,
            inspect_render=self._inspects(state, page),
        )
        result = work.processed
        plan = await self._render_plan(state, page, work)
        if plan is None:
            yield result
        else:
            yield self._render_request(response, result, *plan)
        for request in self._follows(state, result, depth):
            yield request

    async def parse_rendered(
        self,
        response: Response,
        served: ProcessedPage,
        served_html: str,
        served_page: ServedPage,
        reason: RenderReason,
    ) -> AsyncIterator[Any]:
        """Read a page after JavaScript ran; keep the served result if that fails."""
        html, error = await self._read_rendered(response, served_page, reason)
        if html is None:
            yield _render_failed(served, reason, error or "no content")
            return
        state = self.states[response.meta["supplier"]]
        depth: int = response.meta["gg_depth"]
        url = served.visit.url  # the served URL, whatever the page's script did
        page = FetchedPage(
            url=url,
            status=response.status,
            body=html.encode("utf-8"),
            content_type="text/html; charset=utf-8",
            encoding="utf-8",
            rendered=True,
            depth=depth,
            role=served.role,
        )
        work = await self.pool.work(
            page, supplier_id=state.spec.id, site_url=state.origin, role=served.role
        )
        result = work.processed
        visit = replace(
            result.visit,
            content_type=served.visit.content_type,  # the server's, not the DOM's
            render_reason=reason.value,
            rendered_only_blocks=rendered_only_blocks(served_html, html, url),
        )
        # The item lists every follow-up taken from this URL, the served page's
        # first (parse_page took those), so a resumed crawl can replay them all.
        follows: dict[str, Follow] = {}
        for follow in (*served.follows, *result.follows):
            follows.setdefault(follow.url, follow)
        yield replace(result, visit=visit, follows=tuple(follows.values()))
        for request in self._follows(state, result, depth):
            yield request

    async def on_render_error(self, failure: Failure) -> AsyncIterator[ProcessedPage]:
        """Close the render's page and keep the served result, saying why."""
        request = failure.request  # type: ignore[attr-defined]
        if self.renderer is not None:
            await self.renderer.close(request.meta)
        exc = failure.value
        if isinstance(exc, HttpError):
            why = f"the browser got HTTP {exc.response.status}"
        else:
            why = failure_reason(exc or Exception("unknown failure"), self.render)
        yield _render_failed(
            request.cb_kwargs["served"], request.cb_kwargs["reason"], why
        )

    async def _read_rendered(
        self, response: Response, served: ServedPage, reason: RenderReason
    ) -> tuple[str | None, str | None]:
        """Return the rendered DOM or why it could not be read; close the page."""
        assert self.renderer is not None  # render requests exist only then
        page: Page | None = response.meta.get("playwright_page")
        try:
            if page is None:
                return None, "the browser handed back no page"
            html = await self.renderer.read(
                page,
                served_jsonld=served.jsonld_scripts,
                expect_jsonld=reason.expects_jsonld,
            )
        except Exception as exc:  # any browser failure: screen the page as served
            return None, failure_reason(exc, self.render)
        finally:
            await self.renderer.close(response.meta)
        return html, None

    def _inspects(self, state: _SupplierState, page: FetchedPage) -> bool:
        """Tell whether a page's served HTML must be read to decide on rendering."""
        if self.renderer is None or not _html_page(page):
            return False
        return not (self.render.mode == "auto" and state.spec.render == "never")

    async def _render_plan(
        self, state: _SupplierState, page: FetchedPage, work: PageWork
    ) -> tuple[str, ServedPage, RenderReason] | None:
        """Return the served HTML, what it shows and why to render it, or None."""
        served = work.served
        if served is None or work.processed.visit.error is not None:
            return None
        mode, hint = self.render.mode, state.spec.render
        writes = False
        if not (served.app_shell or served.inline_writes_jsonld):
            for url in served.script_files:
                if await self._script_writes_jsonld(state, url):
                    writes = True
                    break
        reason = decide(served, mode=mode, hint=hint, script_file_writes_jsonld=writes)
        if reason is None:
            return None
        html, _ = decode(page.body, page.content_type)
        return html, served, reason

    async def _script_writes_jsonld(self, state: _SupplierState, url: str) -> bool:
        """Tell whether a script file writes JSON-LD, fetching it once per supplier."""
        known = state.scripts.get(url)
        if known is None:
            if len(state.scripts) >= MAX_SCRIPT_FILES:
                return False
            known = asyncio.ensure_future(self._fetch_script(url))
            state.scripts[url] = known
        return await known

    async def _fetch_script(self, url: str) -> bool:
        engine = self.crawler.engine
        assert engine is not None  # callbacks run while the engine does
        request = scrapy.Request(url, dont_filter=True, priority=10)
        try:
            response = await engine.download_async(request)
        except Exception:  # an unreadable script is no sign either way
            return False
        if response.status != 200:
            return False
        return builds_jsonld(response.body.decode("utf-8", errors="replace"))

    def _render_request(
        self,
        response: Response,
        served: ProcessedPage,
        html: str,
        page: ServedPage,
        reason: RenderReason,
    ) -> scrapy.Request:
        assert self.renderer is not None  # _render_plan returns None otherwise
        meta: dict[str, Any] = {
            key: response.meta[key]
            for key in ("supplier", "role", "gg_depth", "gg_url", "greengate_user_url")
            if key in response.meta
        }
        meta.update(self.renderer.request_meta())
        return scrapy.Request(
            served.visit.url,
            callback=self.parse_rendered,
            errback=self.on_render_error,
            meta=meta,
            cb_kwargs={
                "served": served,
                "served_html": html,
                "served_page": page,
                "reason": reason,
            },
            dont_filter=True,
        )

    def _follows(
        self, state: _SupplierState, result: ProcessedPage, depth: int
    ) -> Iterator[scrapy.Request]:
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
        max_bytes = self.settings.getint("DOWNLOAD_MAXSIZE")
        exc = failure.value or Exception("unknown failure")
        status, reason = fetch_failure(exc, max_bytes=max_bytes)
        if role == "sitemap" and status == 404:
            return  # a missing sitemap is normal, not a failed fetch
        url = request.url
        first = redirected_from(request)
        if first is not None and reason != ROBOTS_REFUSAL:
            # Name the URL the crawl needed; the hop that failed is the reason.
            url, reason = first, f"redirected to {request.url}: {reason}"
        yield ProcessedPage(
            supplier_id=request.meta["supplier"],
            visit=PageVisit(url=url, status=status, error=reason),
            role=role,
        )


def _html_page(page: FetchedPage) -> bool:
    """Tell whether a fetch is an HTML page that a browser could render."""
    media = (page.content_type or "").split(";", 1)[0].strip().lower()
    return (
        page.role == "page"
        and 200 <= page.status < 300
        and media in ("text/html", "application/xhtml+xml")
    )


def _render_failed(
    served: ProcessedPage, reason: RenderReason, why: str
) -> ProcessedPage:
    """Return the served result of a page whose rendering failed, saying why."""
    url = served.visit.url
    issue = Issue(
        kind="render",
        url=url,
        message=f"{url}: rendering failed ({reason.value}): {why};"
        " the page was screened as served",
        detail=why,
    )
    visit = replace(served.visit, render_reason=reason.value, render_error=why)
    disclosure = served.disclosure
    if disclosure is not None:
        disclosure = disclosure.with_issues((issue,))
    return replace(served, visit=visit, disclosure=disclosure)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
