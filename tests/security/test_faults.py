"""Servers that fail: the crawl retries politely, finishes, and says what failed.

One real ``greengate scan`` (the Scrapy engine, a fresh process) crawls four
scripted suppliers on 127.0.0.1 with ``--timeout 1``:

- ``faulty``: a page that answers too late, one that resets the connection,
  one that always answers 503, one that answers 503 once, one throttled with
  429 + ``Retry-After: 1``, one throttled with ``Retry-After: 3600``;
- ``error-page``: every URL answers 200 with an error page;
- ``gone``: the server goes away after serving the start page;
- ``dead``: nothing listens on the port.

Each failure must reach the report as a page visit with a plain reason and a
CORE-FETCH-01 failure naming the page, never as a pass on missing evidence.
"""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)

from crawler.failures import fetch_failure
from crawler.render.browser import RenderOptions
from crawler.retry import MAX_RETRY_AFTER, retry_after
from crawler.settings import (
    MAX_RESPONSE_BYTES,
    NON_HTTP_SCHEMES,
    RETRY_TIMES,
    crawl_settings,
)

from .conftest import Request, Scan, Server, scan, serve

PRODUCT = (
    '<script type="application/ld+json">{"@context": "https://schema.org",'
    ' "@type": "Product", "name": "Widget", "gtin": "06923456700019"}</script>'
)
FAULTS = ("slow", "reset", "down", "flaky", "throttled", "later")
ATTEMPTS = RETRY_TIMES + 1


def _page(*links: str) -> str:
    anchors = " ".join(f'<a href="{link}">{link}</a>' for link in links)
    return f"<html><head>{PRODUCT}</head><body>{anchors}</body></html>"


def _faulty(req: Request) -> None:
    path = req.path.split("?", 1)[0]
    seen = sum(1 for hit in req.state.hits if hit.path == req.path)
    if path in ("/robots.txt", "/sitemap.xml"):
        req.reply(404, "not found", "text/plain")
    elif path == "/":
        req.reply(200, _page(*(f"/products/{name}.html" for name in FAULTS)))
    elif path == "/products/slow.html":
        time.sleep(2.5)  # past --timeout 1
        req.reply(200, _page())
    elif path == "/products/reset.html":
        req.reset()
    elif path == "/products/down.html":
        req.reply(503, "maintenance", "text/plain")
    elif path == "/products/flaky.html":
        req.reply(503, "busy") if seen == 1 else req.reply(200, _page())
    elif path == "/products/throttled.html":
        if seen == 1:
            req.reply(429, "slow down", headers={"Retry-After": "1"})
        else:
            req.reply(200, _page())
    elif path == "/products/later.html":
        req.reply(429, "come back tomorrow", headers={"Retry-After": "3600"})
    else:
        req.reply(404, "not found", "text/plain")


def _error_page(req: Request) -> None:
    req.reply(200, "<html><body><h1>Error 500</h1>Database unavailable</body></html>")


def _going_away(req: Request) -> None:
    if req.path == "/":
        req.reply(200, _page("/products/a.html", "/products/b.html"))
        req.state.go_away()
    else:
        req.reply(404, "not found", "text/plain")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> tuple[Scan, dict[str, Server]]:
    with (
        serve(_faulty) as faulty,
        serve(_error_page) as error,
        serve(_going_away) as gone,
    ):
        servers = {"faulty": faulty, "error-page": error, "gone": gone}
        suppliers = {name: server.url("/") for name, server in servers.items()}
        suppliers["dead"] = f"http://127.0.0.1:{_free_port()}/"
        result = scan(
            tmp_path_factory.mktemp("faults"),
            suppliers,
            "--allow-host",
            "127.0.0.1",
            "--timeout",
            "1",
        )
    return result, servers


def _hits(server: Server, path: str) -> list[float]:
    return [hit.at for hit in server.hits if hit.path == path]


def _fetch_failures(result: Scan, supplier: str) -> dict[str, str]:
    """Return CORE-FETCH-01's failures of one supplier: page URL -> message."""
    return {
        evidence["url"]: finding["message"]
        for finding in result.findings(supplier, "CORE-FETCH-01")
        if finding["status"] == "fail"
        for evidence in finding["evidence"][:1]
    }


def test_crawl_finishes_in_bounded_time(crawled):
    result, _ = crawled
    assert result.seconds < 40
    assert result.returncode == 3  # "dead" is unreachable; the report is written
    assert set(result.suppliers) == {"faulty", "error-page", "gone", "dead"}


def test_timeout_is_retried_then_reported(crawled):
    result, servers = crawled
    url = servers["faulty"].url("/products/slow.html")
    assert len(_hits(servers["faulty"], "/products/slow.html")) == ATTEMPTS
    assert result.visits("faulty")[url]["error"] == "timed out after 1.0 s"
    assert "timed out after 1.0 s" in _fetch_failures(result, "faulty")[url]


def test_reset_connection_is_retried_then_reported(crawled):
    result, servers = crawled
    url = servers["faulty"].url("/products/reset.html")
    # Twisted's connection pool retries a GET once on a fresh connection, so
    # each of Scrapy's attempts may reach the server twice: bounded either way.
    assert (
        ATTEMPTS
        <= len(_hits(servers["faulty"], "/products/reset.html"))
        <= 2 * ATTEMPTS
    )
    assert "reset or lost" in result.visits("faulty")[url]["error"]
    assert url in _fetch_failures(result, "faulty")


def test_server_error_is_retried_then_fails(crawled):
    result, servers = crawled
    url = servers["faulty"].url("/products/down.html")
    assert len(_hits(servers["faulty"], "/products/down.html")) == ATTEMPTS
    visit = result.visits("faulty")[url]
    assert (visit["status"], visit["error"]) == (503, "HTTP 503")
    assert _fetch_failures(result, "faulty")[url].endswith(
        "could not be fetched: HTTP 503"
    )


def test_page_fetched_on_a_retry_does_not_fail(crawled):
    result, servers = crawled
    url = servers["faulty"].url("/products/flaky.html")
    assert len(_hits(servers["faulty"], "/products/flaky.html")) == 2
    assert result.visits("faulty")[url]["status"] == 200
    assert url not in _fetch_failures(result, "faulty")


def test_throttled_page_is_retried_after_retry_after(crawled):
    result, servers = crawled
    url = servers["faulty"].url("/products/throttled.html")
    first, second = _hits(servers["faulty"], "/products/throttled.html")
    assert second - first >= 0.95  # Retry-After: 1 (Scrapy alone retries at once)
    assert result.visits("faulty")[url]["status"] == 200
    assert url not in _fetch_failures(result, "faulty")


def test_throttled_page_asking_too_long_is_not_retried(crawled):
    result, servers = crawled
    url = servers["faulty"].url("/products/later.html")
    assert len(_hits(servers["faulty"], "/products/later.html")) == 1
    reason = result.visits("faulty")[url]["error"]
    assert reason == (
        "HTTP 429: the site asked to retry after 3600 s,"
        f" longer than the {MAX_RETRY_AFTER:g} s greengate waits"
    )
    assert reason in _fetch_failures(result, "faulty")[url]


def test_every_failed_page_is_named_by_core_fetch(crawled):
    result, servers = crawled
    failed = {servers["faulty"].url(f"/products/{n}.html") for n in FAULTS}
    failed -= {
        servers["faulty"].url(f"/products/{n}.html") for n in ("flaky", "throttled")
    }
    assert set(_fetch_failures(result, "faulty")) == failed
    assert result.suppliers["faulty"]["rule_status"]["CORE-FETCH-01"] == "fail"


def test_error_page_served_as_200_fails_on_missing_evidence(crawled):
    result, _ = crawled
    supplier = result.suppliers["error-page"]
    assert supplier["verdict"] == "high-risk"
    assert supplier["products"] == []
    (footprint,) = result.findings("error-page", "RCEP-ECO-01")
    assert footprint["status"] == "fail"
    assert "no carbon-emission data" in footprint["message"]


def test_server_going_away_mid_crawl(crawled):
    result, servers = crawled
    gone = servers["gone"]
    visits = result.visits("gone")
    assert visits[gone.url("/")]["status"] == 200
    failures = _fetch_failures(result, "gone")
    for path in ("/products/a.html", "/products/b.html"):
        url = gone.url(path)
        assert visits[url]["status"] == 0
        assert url in failures
        assert (
            "connection refused" in failures[url] or "reset or lost" in failures[url]
        ), failures[url]
    assert (
        result.suppliers["gone"]["verdict"] != "unreachable"
    )  # its start page was read


def test_unreachable_supplier_is_reported_not_skipped(crawled):
    result, _ = crawled
    supplier = result.suppliers["dead"]
    assert supplier["verdict"] == "unreachable"
    start = supplier["start_url"]
    assert result.visits("dead")[start]["error"] == (
        "connection refused: the server is not listening (or went away)"
    )
    assert start in _fetch_failures(result, "dead")


# --- the reasons and the Retry-After parser, without a crawl ---------------------


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (DownloadCancelledError(), "larger than 10 MiB"),
        (
            DownloadCancelledError(
                "Expected to receive 11534349 bytes which is larger than download"
                " max size (10485760) in request <GET http://x/>."
            ),
            "larger than 10 MiB",
        ),
        (
            IgnoreRequest(
                "Ignored response <200 http://x/> because its body (4 B compressed,"
                " 10551296 B decompressed so far) exceeded DOWNLOAD_MAXSIZE"
                " (10485760 B) during decompression."
            ),
            "larger than 10 MiB, the most greengate downloads (DOWNLOAD_MAXSIZE):"
            " not read (it was compressed)",
        ),
        (
            DownloadTimeoutError("Getting http://x/ took longer than 30.0 seconds."),
            "timed out after 30.0 s",
        ),
        (DownloadConnectionRefusedError("111"), "connection refused"),
        (DownloadFailedError("[<Failure ConnectionLost>]"), "reset or lost"),
        (IgnoreRequest("max redirections reached"), "too many redirects"),
        (IgnoreRequest("Forbidden by robots.txt"), "disallowed by robots.txt"),
    ],
)
def test_fetch_failure_reasons_are_plain(exc, reason):
    status, message = fetch_failure(exc, max_bytes=MAX_RESPONSE_BYTES)
    assert status == 0
    assert reason in message


def test_retry_after_reads_seconds_and_dates():
    now = datetime(2027, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after(b"120", now) == 120.0
    assert retry_after(b"Mon, 01 Mar 2027 12:00:30 GMT", now) == 30.0
    assert retry_after(b"Mon, 01 Mar 2027 11:00:00 GMT", now) == 0.0  # past: at once
    assert retry_after(b"soon", now) is None
    assert retry_after(b"-5", now) is None
    assert retry_after(None, now) is None


def test_settings_cap_size_retry_politely_and_fetch_only_http():
    settings = crawl_settings(allow_hosts=(), timeout=5)
    assert settings["DOWNLOAD_MAXSIZE"] == MAX_RESPONSE_BYTES == 10 * 1024 * 1024
    assert settings["DOWNLOAD_WARNSIZE"] == MAX_RESPONSE_BYTES // 2
    assert settings["RETRY_TIMES"] == RETRY_TIMES
    for render in (None, RenderOptions(mode="always")):
        handlers = crawl_settings(allow_hosts=(), timeout=5, render=render)[
            "DOWNLOAD_HANDLERS"
        ]
        assert {s: handlers[s] for s in NON_HTTP_SCHEMES} == dict.fromkeys(
            NON_HTTP_SCHEMES
        )
    middlewares = settings["DOWNLOADER_MIDDLEWARES"]
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert middlewares["crawler.retry.RetryAfterMiddleware"] == 550
