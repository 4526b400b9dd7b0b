"""Polite Scrapy settings for screening crawls."""

from __future__ import annotations

from typing import Any

from crawler import __version__

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
"""Responses larger than this are dropped while streaming, never buffered."""


def crawl_settings(
    *,
    allow_hosts: tuple[str, ...],
    timeout: float,
    concurrency_per_site: int = 4,
    log_level: str = "WARNING",
) -> dict[str, Any]:
    """Return the Scrapy settings for one screening run.

    Args:
        allow_hosts: ``--allow-host`` entries (hosts or CIDRs) the guard lets through.
        timeout: seconds before a download counts as failed.
        concurrency_per_site: parallel requests per site.
        log_level: Scrapy's log level; screening reports, not logs, carry results.
    """
    return {
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
        "RETRY_TIMES": 2,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "DEPTH_LIMIT": 0,  # the spider enforces depth per supplier
        "LOG_LEVEL": log_level,
        "LOG_ENABLED": True,
        "STATS_DUMP": False,
        "GREENGATE_ALLOW_HOSTS": list(allow_hosts),
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.HostGuardMiddleware": 50,
        },
        "EXTENSIONS": {"scrapy.extensions.telnet.TelnetConsole": None},
    }
