"""Retry politely: wait as long as a 429 or 503 answer's ``Retry-After`` asks.

Scrapy's own ``RetryMiddleware`` retries the codes in ``RETRY_HTTP_CODES``
(408, 429, 500, 502, 503, 504, 522, 524) and connection failures up to
``RETRY_TIMES`` times, but at once: it ignores ``Retry-After``. This subclass
(which replaces it in :func:`crawler.settings.crawl_settings`) waits before
retrying a 429 or 503 answer for as long as the header asks, in seconds or as
an HTTP date, up to :data:`MAX_RETRY_AFTER`. A server asking for longer is not
retried at all: the page's error says what it asked
(:func:`crawler.failures.fetch_failure`) and CORE-FETCH-01 fails it. Without
the header Scrapy's behaviour is kept. Only the throttled request waits (its
download slot is free meanwhile); the site's other requests go on under
AutoThrottle.
"""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

MAX_RETRY_AFTER = 10.0
"""Longest ``Retry-After`` (seconds) greengate waits for; longer is not retried."""

THROTTLED = frozenset({429, 503})
"""The statuses whose ``Retry-After`` is honoured."""


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, honouring ``Retry-After`` within a bound."""

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Wait as asked before a 429/503 retry; do not retry a longer wait."""
        if (
            response.status in THROTTLED
            and response.status in self.retry_http_codes
            and not request.meta.get("dont_retry", False)
        ):
            delay = retry_after(response.headers.get(b"Retry-After"))
            if delay is not None and delay > MAX_RETRY_AFTER:
                return response  # HttpErrorMiddleware turns it into the errback
            if delay and self._retries_left(request):
                await asyncio.sleep(delay)
        return super().process_response(request, response)

    def _retries_left(self, request: Request) -> bool:
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        done: int = request.meta.get("retry_times", 0)
        return bool(done < limit)


def retry_after(value: bytes | None, now: datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks for, or None if unreadable.

    Args:
        value: the header's value: delta-seconds (``"120"``) or an HTTP date.
        now: the current time (for tests); default the clock.
    """
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None
