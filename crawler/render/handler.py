"""scrapy-playwright's download handler, starting Playwright on the first render.

scrapy-playwright starts its Playwright driver (a Node process) when the
engine starts, once per URL scheme it handles (``http`` and ``https``: two
drivers), whether or not any page is ever rendered. With ``--render auto``
most sites need no browser at all, so :class:`LazyPlaywrightHandler` starts
the driver only when the first request that must be rendered reaches it;
requests that need no browser go through Scrapy's HTTP/1.1 handler as before,
and a crawl that renders nothing starts no driver and no browser. Chromium
itself is launched by scrapy-playwright with the first browser context, as
before. Only :mod:`crawler.render.browser`'s settings name this module, so
``--render never`` never imports it (nor scrapy-playwright).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
    """Download handler that starts Playwright when a page first needs it."""

    def __init__(self, crawler: Crawler) -> None:
        """Set the handler up; Playwright is not started here, nor on engine start."""
        super().__init__(crawler)
        self._start_lock = asyncio.Lock()
        self.playwright_started = False

    async def _maybe_launch_in_thread(self) -> None:
        """Start nothing when the engine starts (scrapy-playwright would)."""

    async def _download_request(
        self, request: Request, spider: Spider | None = None
    ) -> Response:
        await self._start_playwright()
        response: Response = await super()._download_request(request, spider)
        return response

    async def _start_playwright(self) -> None:
        if self.playwright_started:
            return
        async with self._start_lock:
            if not self.playwright_started:
                await self._launch()
                self.playwright_started = True
