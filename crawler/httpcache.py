"""Scrapy's HTTP cache, made to revalidate every page with the site.

A screening must see what a site serves today, so a cached response is never
used on its own: every request is sent again, with ``If-None-Match`` /
``If-Modified-Since`` taken from the cached response's ``ETag`` /
``Last-Modified``, and the cached response is used only when the site answers
``304 Not Modified`` (Scrapy's ``HttpCacheMiddleware`` then hands the spider
the cached ``200`` with its body). Unlike Scrapy's :class:`RFC2616Policy`, a
cached page is not served for a 5xx answer either: an outage is reported as
one. Browser requests (scrapy-playwright, meta ``playwright``) are never
cached: the spider needs the live browser page they carry.

A 304 that names the validators the request sent (the same ``ETag`` and
``Last-Modified``) leaves the cache entry as it is: Scrapy would write the
whole entry again (seven files, the body among them) for every page of an
unchanged site, only to refresh headers that a cache which always revalidates
never reads.

Scrapy's AutoThrottle never lowers a site's delay for an answer other than
200 (error pages are small and fast, it reasons), so a scan answered with
304s would keep whatever delay its slowest first answers set:
:class:`RevalidatingThrottle` counts a 304 as the 200 it stands for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.extensions.throttle import AutoThrottle

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.http import Response


class RevalidatingPolicy(RFC2616Policy):
    """RFC 2616 caching that always asks the site whether a page changed."""

    def should_cache_request(self, request: Request) -> bool:
        """Leave browser requests out; otherwise as RFC 2616 says."""
        if request.meta.get("playwright"):
            return False
        return super().should_cache_request(request)

    def is_cached_response_fresh(
        self, cachedresponse: Response, request: Request
    ) -> bool:
        """Never fresh: add the cached validators and revalidate."""
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(
        self, cachedresponse: Response, response: Response, request: Request
    ) -> bool:
        """Use the cached response only when the site says 304 Not Modified."""
        return response.status == 304

    def should_cache_response(self, response: Response, request: Request) -> bool:
        """Store afresh, except a cached response the site confirmed unchanged.

        After a 304, Scrapy offers the cached response (its headers updated
        from the 304) for storing again; when its validators are still the
        ones the request sent, the stored entry already holds it.
        """
        if "cached" in response.flags and _validators_sent(response, request):
            return False
        return super().should_cache_response(response, request)


def _validators_sent(response: Response, request: Request) -> bool:
    headers, sent = response.headers, request.headers
    return headers.get(b"ETag") == sent.get(b"If-None-Match") and headers.get(
        b"Last-Modified"
    ) == sent.get(b"If-Modified-Since")


class RevalidatingThrottle(AutoThrottle):
    """AutoThrottle that adjusts the delay on a 304 as it would on a 200."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)


def http_cache_settings(directory: Path) -> dict[str, Any]:
    """Return the Scrapy settings that keep the HTTP cache in ``directory``."""
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": str(directory.resolve()),
        "HTTPCACHE_POLICY": "crawler.httpcache.RevalidatingPolicy",
        "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage",
        "HTTPCACHE_EXPIRATION_SECS": 0,  # kept until the site says it changed
        "HTTPCACHE_IGNORE_SCHEMES": ["file", "data", "ftp", "s3"],
    }


HTTP_CACHE_EXTENSIONS: dict[str, int | None] = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.httpcache.RevalidatingThrottle": 0,
}
"""Scrapy extensions to switch (None: off) along with the cache."""
