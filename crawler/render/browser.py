"""Render pages in the system Chromium through scrapy-playwright, within bounds.

Only this module and the spider touch Playwright. What it bounds:

* pages: at most ``max_pages`` open at once, across contexts: a render waits
  in :class:`RenderLimitMiddleware` until a page is free, and frees it when
  the spider has closed the page, on success, failure and timeout alike
  (``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT`` and a download slot of their own
  bound each context and the downloads as well);
* contexts: renders share one context at a time; after ``pages_per_context``
  pages the next render opens a fresh one, and the old one is closed as soon
  as its last page is done (:class:`ContextRotation`);
* what the browser fetches: images, fonts and media are aborted, and so is
  any request the host guard refuses, unless it goes to the rendered page's
  own origin (which the guard already let through);
* the browser itself: the system Chromium, launched on the first render only,
  with a fresh temporary profile (Playwright's ``launch`` always makes one and
  deletes it on close), and not at all with ``--render never``, which does not
  even load scrapy-playwright;
* the Playwright driver (a Node process): started on the first render too
  (:mod:`crawler.render.handler`), so a crawl that renders nothing starts no
  process at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from crawler.extract.site import origin
from crawler.hostguard import HostGuard, HostRefused
from crawler.render.detect import RenderMode

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page, Route
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request
    from scrapy.crawler import Crawler

CHROMIUM_ENV = "GREENGATE_CHROMIUM"
"""Environment variable naming the Chromium executable (``--chromium`` wins)."""

DEFAULT_CHROMIUM = "/usr/bin/chromium"
"""Debian's ``chromium`` package; Playwright cannot download its own build here."""

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
"""Resource types the browser never fetches: structured data needs none."""

RENDER_SLOT = "greengate-render"
"""The Scrapy download slot every render request goes through."""

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
_HANDLER = "crawler.render.handler.LazyPlaywrightHandler"
_LIMIT = "crawler.render.browser.RenderLimitMiddleware"
_HELD = "greengate_render_page_held"
_COUNT_JSONLD = """n => Array.from(document.scripts).filter(
  s => (s.type || "").split(";")[0].trim().toLowerCase() === "application/ld+json"
).length > n"""


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderOptions:
    """When and how to render pages with a browser.

    Attributes:
        mode: ``auto`` renders pages that show signs of client-side data,
            ``always`` every HTML page, ``never`` none (no browser at all).
        timeout: seconds for the page to load, and again for JSON-LD to appear.
        chromium: the Chromium executable; ``None`` reads ``GREENGATE_CHROMIUM``
            and falls back to ``/usr/bin/chromium``.
        max_pages: pages rendered at once.
        pages_per_context: renders before a fresh browser context is used.
    """

    mode: RenderMode = "auto"
    timeout: float = 10.0
    chromium: str | None = None
    max_pages: int = 4
    pages_per_context: int = 50

    @property
    def enabled(self) -> bool:
        """Tell whether any page may be rendered (a browser may start)."""
        return self.mode != "never"

    def executable(self) -> str:
        """Return the Chromium executable to launch."""
        return self.chromium or os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM


def playwright_settings(options: RenderOptions) -> dict[str, Any]:
    """Return the Scrapy settings that let the crawl render pages.

    Empty with ``--render never``: scrapy-playwright is not loaded, no
    Playwright driver or browser is started, and Scrapy keeps its defaults.
    """
    if not options.enabled:
        return {}
    return {
        "TWISTED_REACTOR": ASYNCIO_REACTOR,  # scrapy-playwright needs it
        "DOWNLOAD_HANDLERS": {"http": _HANDLER, "https": _HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": options.executable(),
            "headless": True,
            "args": list(CHROMIUM_FLAGS),
            "chromium_sandbox": False,
            "timeout": options.timeout * 1000,
        },
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": options.max_pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": options.timeout * 1000,
        "DOWNLOAD_SLOTS": {RENDER_SLOT: {"concurrency": options.max_pages, "delay": 0}},
        "DOWNLOADER_MIDDLEWARES": {_LIMIT: 950},  # after robots, retry, redirect
    }


@dataclass(slots=True)
class ContextRotation:
    """Name the browser context each render uses; say when an old one may close.

    A render is counted from the moment its request is made until its callback
    or errback has closed its page, so a context is closed only once nothing
    assigned to it can still open a page there.
    """

    pages_per_context: int
    generation: int = 0
    assigned: int = 0
    in_flight: dict[str, int] = field(default_factory=dict)

    def assign(self) -> str:
        """Return the context name for a new render."""
        if self.assigned >= self.pages_per_context:
            self.generation += 1
            self.assigned = 0
        self.assigned += 1
        name = self.current
        self.in_flight[name] = self.in_flight.get(name, 0) + 1
        return name

    @property
    def current(self) -> str:
        """Return the name of the context new renders go to."""
        return f"greengate-{self.generation}"

    def release(self, name: str) -> None:
        """Count one render of context ``name`` as done (its page is closed)."""
        left = self.in_flight.get(name, 0) - 1
        if left > 0:
            self.in_flight[name] = left
        else:
            self.in_flight.pop(name, None)

    def retired(self, name: str) -> bool:
        """Tell whether context ``name`` takes no new render and has none left."""
        return name != self.current and name not in self.in_flight


class Renderer:
    """Per-crawl browser bookkeeping: page set-up, contexts and closing."""

    def __init__(self, options: RenderOptions, allow_hosts: tuple[str, ...]) -> None:
        self.options = options
        self.guard = HostGuard.from_allow_list(allow_hosts)
        self.rotation = ContextRotation(pages_per_context=options.pages_per_context)
        self._contexts: dict[str, BrowserContext] = {}
        self._free_pages = asyncio.Semaphore(options.max_pages)
        self._hosts: dict[str, bool] = {}
        self.pages_opened = 0
        self.pages_closed = 0
        self.blocked: Counter[str] = Counter()  # aborted browser requests, by why

    def request_meta(self) -> dict[str, Any]:
        """Return the meta keys that make a request a bounded browser render."""
        return {
            "playwright": True,
            "playwright_include_page": True,
            "playwright_context": self.rotation.assign(),
            "playwright_page_goto_kwargs": {
                "wait_until": "domcontentloaded",
                "timeout": self.options.timeout * 1000,
            },
            "playwright_page_init_callback": self.init_page,
            "download_slot": RENDER_SLOT,
            "autothrottle_dont_adjust_delay": True,
            "dont_retry": True,
        }

    async def hold_page(self, request: Request) -> None:
        """Wait until fewer than ``max_pages`` pages are open; count this one."""
        await self._free_pages.acquire()
        request.meta[_HELD] = True

    async def init_page(self, page: Page, request: Request) -> None:
        """Set a new page up: record it for closing and filter what it fetches."""
        self.pages_opened += 1
        # Made available to the errback even when navigation fails early.
        request.meta["playwright_page"] = page
        self._contexts[request.meta["playwright_context"]] = page.context
        site = origin(request.url)

        async def route(route: Route, fetch: BrowserRequest) -> None:
            if fetch.resource_type in BLOCKED_RESOURCES:
                self.blocked[fetch.resource_type] += 1
                await route.abort("blockedbyclient")
            elif not await self._allowed(fetch.url, site):
                self.blocked["host-guard"] += 1
                await route.abort("blockedbyclient")
            else:
                await route.fallback()

        # Routes run newest first: this one decides before scrapy-playwright's.
        await page.route("**", route)

    async def _allowed(self, url: str, site: str) -> bool:
        if origin(url) == site:
            return True
        host = origin(url)
        if host not in self._hosts:
            try:
                await asyncio.to_thread(self.guard.check, url)  # resolves the name
                self._hosts[host] = True
            except HostRefused:
                self._hosts[host] = False
        return self._hosts[host]

    async def read(self, page: Page, *, served_jsonld: int, expect_jsonld: bool) -> str:
        """Wait for scripts to add JSON-LD (or the page to settle); return the DOM.

        Args:
            page: the loaded page.
            served_jsonld: JSON-LD blocks in the page as served.
            expect_jsonld: the page showed signs that scripts add JSON-LD; when
                none appears within the timeout, :class:`RenderTimeout` is
                raised. Otherwise the page gets until the network is idle.

        Raises:
            RenderTimeout: the expected JSON-LD did not appear in time.
        """
        ms = self.options.timeout * 1000
        if expect_jsonld:
            try:
                await page.wait_for_function(
                    _COUNT_JSONLD, arg=served_jsonld, timeout=ms
                )
            except PlaywrightTimeoutError:
                seconds = f"{self.options.timeout:g} s"
                raise RenderTimeout(
                    f"timed out: no JSON-LD block appeared within {seconds}"
                ) from None
        else:
            # A page that keeps polling is read as it is by then.
            with contextlib.suppress(PlaywrightTimeoutError):
                await page.wait_for_load_state("networkidle", timeout=ms)
        return await page.content()

    async def close(self, meta: dict[str, Any]) -> None:
        """Close a render's page (from its request meta), and retired contexts."""
        page: Page | None = meta.get("playwright_page")
        context_name: str | None = meta.get("playwright_context")
        try:
            if page is not None and not page.is_closed():
                # A browser or context that went away took the page with it.
                with contextlib.suppress(PlaywrightError):
                    await page.close()
        finally:
            if page is not None:
                self.pages_closed += 1
            if meta.pop(_HELD, False):
                self._free_pages.release()
            if context_name is not None:
                self.rotation.release(context_name)
            await self._close_retired()

    async def _close_retired(self) -> None:
        for name in [n for n in self._contexts if self.rotation.retired(n)]:
            context = self._contexts.pop(name)
            with contextlib.suppress(PlaywrightError):  # gone with the browser
                await context.close()


class RenderLimitMiddleware:
    """Downloader middleware: hold each render until a browser page is free."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderLimitMiddleware:
        """Build the middleware; the spider's :class:`Renderer` keeps the count."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Wait for a free page when ``request`` is a render."""
        renderer = getattr(self.crawler.spider, "renderer", None)
        if request.meta.get("playwright") and isinstance(renderer, Renderer):
            await renderer.hold_page(request)


class RenderTimeout(Exception):
    """The JSON-LD that a page's signs predicted did not appear in time."""


def failure_reason(exc: BaseException, options: RenderOptions) -> str:
    """Return a plain reason for a render that failed."""
    if isinstance(exc, RenderTimeout):
        return str(exc)
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, PlaywrightTimeoutError):
        return f"the page did not load within {options.timeout:g} s"
    if "xecutable doesn't exist" in message or "ENOENT" in message:
        return (
            f"Chromium not found at {options.executable()}: install it or set"
            f" --chromium / {CHROMIUM_ENV}"
        )
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
