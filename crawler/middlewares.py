"""Scrapy downloader middleware that applies the :class:`HostGuard` to every request."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.extract.site import origin
from crawler.hostguard import HostGuard, HostRefused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class HostRefusedRequest(IgnoreRequest):
    """The host guard refused a request; the message says why."""


class HostGuardMiddleware:
    """Refuse requests to private, loopback, link-local or non-HTTP targets.

    Runs before every other downloader middleware, so it sees robots.txt
    requests, retries and every hop of a redirect chain (Scrapy reschedules a
    redirect as a new request, which passes through here again). Exempt are
    the exact start URLs the user typed, and the robots.txt and sitemap.xml
    the crawl derives from them (they are not links a page chose).
    """

    def __init__(self, guard: HostGuard) -> None:
        self.guard = guard
        self.user_origins: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        """Build the middleware from the ``GREENGATE_ALLOW_HOSTS`` setting."""
        entries = crawler.settings.getlist("GREENGATE_ALLOW_HOSTS")
        return cls(HostGuard.from_allow_list(entries))

    def process_request(self, request: Request) -> Response | None:
        """Raise :class:`HostRefusedRequest` when the guard refuses the URL."""
        if request.meta.get("greengate_user_url") == request.url:
            self.user_origins.add(origin(request.url))
            return None
        if _is_derived(request.url) and origin(request.url) in self.user_origins:
            return None
        try:
            self.guard.check(request.url)
        except HostRefused as exc:
            raise HostRefusedRequest(f"refused by the host guard: {exc}") from exc
        return None


def _is_derived(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("/robots.txt", "/sitemap.xml") and not parts.query
