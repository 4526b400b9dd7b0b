"""Polite Scrapy settings for screening crawls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.settings.default_settings import EXTENSIONS_BASE

from crawler import __version__
from crawler.httpcache import HTTP_CACHE_EXTENSIONS, http_cache_settings
from crawler.render.browser import RenderOptions, playwright_settings

USER_AGENT = (
    f"greengate/{__version__} (+https://greengate.invalid/bot; compliance screening)"
)

DEFAULT_MAX_PAGES = 50
"""Pages (HTML, not linked records) fetched per supplier unless ``--max-pages``."""

DEFAULT_MAX_DEPTH = 3
"""Link depth from the start URL unless ``--max-depth``."""

DEFAULT_MAX_LINKED = 100
"""Linked records (traceability, endpoints, credentials) fetched per supplier."""

MAX_RESPONSE_BYTES = 10 * 1024 * 1024
"""Responses larger than this are dropped while streaming, never buffered.

Scrapy's DOWNLOAD_MAXSIZE: it also bounds a compressed body once decompressed
(a gzip bomb), and the page's error then says it was too large
(:mod:`crawler.failures`). Half of it is DOWNLOAD_WARNSIZE (a log line only).
"""

NON_HTTP_SCHEMES = ("file", "data", "ftp", "s3")
"""Schemes whose Scrapy download handlers are switched off (set to None)."""

RETRY_TIMES = 2
"""Retries after a failed download: three attempts in all (Scrapy's default).

Retried are timeouts, refused, reset and lost connections, and the HTTP codes
of Scrapy's RETRY_HTTP_CODES (408, 429, 500, 502, 503, 504, 522, 524); a 429 or
503 waits as its Retry-After asks, up to :data:`crawler.retry.MAX_RETRY_AFTER`.
"""


OFF_EXTENSIONS = (
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.remote_control.RemoteControl",
)
"""Scrapy extensions switched off: consoles that would let code into the crawl."""


def crawl_settings(
    *,
    allow_hosts: tuple[str, ...],
    timeout: float,
    concurrency_per_site: int = 4,
    log_level: str = "WARNING",
    render: RenderOptions | None = None,
    http_cache: Path | None = None,
) -> dict[str, Any]:
    """Return the Scrapy settings for one screening run.

    Args:
        allow_hosts: ``--allow-host`` entries (hosts or CIDRs) the guard lets through.
        timeout: seconds before a download counts as failed.
        concurrency_per_site: parallel requests per site.
        log_level: Scrapy's log level; screening reports, not logs, carry results.
        render: when pages are rendered with a browser; ``None`` or mode
            ``never`` leaves scrapy-playwright out entirely.
        http_cache: keep Scrapy's HTTP cache here and revalidate every page
            with the site (:mod:`crawler.httpcache`); ``None``: no cache.
    """
    settings: dict[str, Any] = {
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "TELNETCONSOLE_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 0.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(concurrency_per_site),
        "DOWNLOAD_DELAY": 0.0,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency_per_site,
        "DOWNLOAD_TIMEOUT": timeout,
        "DOWNLOAD_MAXSIZE": MAX_RESPONSE_BYTES,
        "DOWNLOAD_WARNSIZE": MAX_RESPONSE_BYTES // 2,
        "RETRY_TIMES": RETRY_TIMES,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "DEPTH_LIMIT": 0,  # the spider enforces depth per supplier
        "LOG_LEVEL": log_level,
        "LOG_ENABLED": True,
        "STATS_DUMP": False,
        "GREENGATE_ALLOW_HOSTS": list(allow_hosts),
        # Only http(s) is fetched: the host guard refuses other schemes first,
        # and without their handlers Scrapy could not fetch them anyway.
        "DOWNLOAD_HANDLERS": dict.fromkeys(NON_HTTP_SCHEMES),
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.HostGuardMiddleware": 50,
            # Scrapy's retry, honouring Retry-After (same slot in the chain)
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.retry.RetryAfterMiddleware": 550,
        },
        # Scrapy's remote control (2.19) would serve code execution over HTTP
        # on localhost and write a job file to the user's profile. Left out of
        # the base list rather than set to None: Scrapy imports every listed
        # extension, and this one pulls in aiohttp (about 0.1 s of start-up).
        "REMOTE_CONTROL_ENABLED": False,
        "EXTENSIONS_BASE": {
            name: order
            for name, order in EXTENSIONS_BASE.items()
            if name not in OFF_EXTENSIONS
        },
        "EXTENSIONS": {},
    }
    if http_cache is not None:
        settings.update(http_cache_settings(http_cache))
        settings["EXTENSIONS"].update(HTTP_CACHE_EXTENSIONS)
    if render is not None:
        extra = playwright_settings(render)
        middlewares = extra.pop("DOWNLOADER_MIDDLEWARES", {})
        settings["DOWNLOADER_MIDDLEWARES"] = {
            **settings["DOWNLOADER_MIDDLEWARES"],
            **middlewares,
        }
        handlers = extra.pop("DOWNLOAD_HANDLERS", {})
        settings["DOWNLOAD_HANDLERS"] = {**settings["DOWNLOAD_HANDLERS"], **handlers}
        settings.update(extra)
    return settings
