"""Say in plain words why a fetch failed, for page visits and CORE-FETCH-01.

Scrapy 2.13 and later wrap Twisted's download errors in their own exceptions
(:class:`~scrapy.exceptions.DownloadTimeoutError`,
:class:`~scrapy.exceptions.CannotResolveHostError`, ...); both spellings are
recognised. A response larger than ``DOWNLOAD_MAXSIZE`` is cancelled by Scrapy
(while streaming, with no message at all, or up front from its
``Content-Length``) or dropped while being decompressed; each case reads "too
large" with the limit, never as an empty or internal error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.internet.error import ConnectionRefusedError as TxConnectionRefused

from crawler.middlewares import HostRefusedRequest
from crawler.retry import MAX_RETRY_AFTER, THROTTLED, retry_after

if TYPE_CHECKING:
    from scrapy import Request

ROBOTS_REFUSAL = "disallowed by robots.txt"

_TIMEOUT = re.compile(r"longer than ([\d.]+) seconds")  # Scrapy's message


def fetch_failure(exc: BaseException, *, max_bytes: int) -> tuple[int, str]:
    """Return the HTTP status (0 when none) and a plain reason for a failed fetch.

    Args:
        exc: what the request's errback received.
        max_bytes: the crawl's ``DOWNLOAD_MAXSIZE``, named in "too large".
    """
    if isinstance(exc, HttpError):
        status, headers = exc.response.status, exc.response.headers
        location = headers.get(b"Location")
        if 300 <= status < 400 and location:
            # Scrapy follows http(s) redirects only: file:, data:, ... stay here
            target = location.decode("latin-1")
            return status, f"HTTP {status}: a redirect to {target} is not followed"
        return status, _http_error(status, headers.get(b"Retry-After"))
    if isinstance(exc, HostRefusedRequest):
        return 0, str(exc)
    if isinstance(exc, IgnoreRequest):
        return 0, _ignored(str(exc), max_bytes)
    return 0, _download_error(exc, max_bytes)


def redirected_from(request: Request) -> str | None:
    """Return the URL the crawl asked for when ``request`` is a redirect's target."""
    chain: list[str] = request.meta.get("redirect_urls") or []
    return chain[0] if chain and chain[0] != request.url else None


def too_large(max_bytes: int) -> str:
    """Return the reason given for a response over the size limit."""
    return (
        f"the response is larger than {_size(max_bytes)}, the most greengate"
        " downloads (DOWNLOAD_MAXSIZE): not read"
    )


def _http_error(status: int, header: bytes | None) -> str:
    """Say what an error status means, with what its ``Retry-After`` asked."""
    if not header or status not in THROTTLED:
        return f"HTTP {status}"
    delay = retry_after(header)
    if delay is None:
        return f"HTTP {status} (with an unreadable Retry-After)"
    if delay > MAX_RETRY_AFTER:
        return (
            f"HTTP {status}: the site asked to retry after {delay:g} s, longer than"
            f" the {MAX_RETRY_AFTER:g} s greengate waits"
        )
    return f"HTTP {status}, still, after waiting the {delay:g} s its Retry-After asked"


def _ignored(message: str, max_bytes: int) -> str:
    if "robots.txt" in message:
        return ROBOTS_REFUSAL
    if "DOWNLOAD_MAXSIZE" in message:  # a compressed body too large once unpacked
        return f"{too_large(max_bytes)} (it was compressed)"
    if "max redirections" in message:
        return "too many redirects (a redirect loop?): " + message
    return message or "request ignored"


def _download_error(exc: BaseException, max_bytes: int) -> str:
    message = str(exc).strip()
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download for its size (timeouts have their own
        # error): up front it says so, mid-stream it says nothing at all.
        if not message or "max size" in message:
            return too_large(max_bytes)
        return f"download cancelled: {message}"
    if isinstance(exc, DownloadTimeoutError | TimeoutError | TCPTimedOutError):
        limit = _TIMEOUT.search(message)
        return f"timed out after {limit[1]} s" if limit else "timed out"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return f"DNS lookup failed: {message}"
    if isinstance(exc, DownloadConnectionRefusedError | TxConnectionRefused):
        return "connection refused: the server is not listening (or went away)"
    if isinstance(exc, ResponseDataLossError):
        return "the connection closed before the whole response arrived"
    if isinstance(exc, DownloadFailedError | ConnectionLost):
        return "the connection was reset or lost before a response arrived"
    return f"{type(exc).__name__}: {message}".strip()


def _size(count: int) -> str:
    mib = count / (1024 * 1024)
    return f"{mib:g} MiB" if mib >= 1 else f"{count} bytes"
