"""The page cache and the revalidating HTTP cache policy, without a crawl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings

from crawler.httpcache import RevalidatingPolicy, http_cache_settings
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry
from crawler.pagecache import CachingPageProcessor, PageCache, fingerprint

HTML = b"""<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Product", "name": "AP-5K"}
</script></head><body><a href="/b.html">b</a></body></html>"""


def _page(body: bytes) -> FetchedPage:
    return FetchedPage(
        url="https://shop.example/a.html",
        status=200,
        body=body,
        content_type="text/html; charset=utf-8",
    )


def test_a_hit_equals_processing_and_a_body_change_misses(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, fingerprint())
    processor = CachingPageProcessor(ContextRegistry.bundled(), cache)
    args: dict[str, Any] = {
        "supplier_id": "s",
        "site_url": "https://shop.example",
        "role": "page",
    }
    first = processor.process(_page(HTML), **args)
    again = processor.process(_page(HTML), **args)
    assert (cache.hits, cache.misses) == (1, 1)
    assert again == first
    changed = processor.process(
        _page(HTML.replace(b"AP-5K", b"AP-6K")),
        **args,
    )
    assert (cache.hits, cache.misses) == (1, 2)
    assert changed != first


def test_a_broken_entry_is_a_miss(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, fingerprint())
    key = cache.key(_page(HTML), supplier_id="s", site_url="x", role="page")
    path = tmp_path / key[:2] / f"{key}.json"
    path.parent.mkdir()
    path.write_text("{not json", "utf-8")
    assert cache.get(key) is None


def _policy(tmp_path: Path) -> RevalidatingPolicy:
    return RevalidatingPolicy(Settings(http_cache_settings(tmp_path)))


def test_every_cached_page_is_revalidated(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    request = Request("https://shop.example/a.html")
    cached = HtmlResponse(
        request.url,
        body=HTML,
        headers={"ETag": '"abc"', "Cache-Control": "max-age=86400"},
        request=request,
    )
    assert not policy.is_cached_response_fresh(cached, request)
    assert request.headers.get("If-None-Match") == b'"abc"'
    for status, valid in ((304, True), (200, False), (500, False), (503, False)):
        answer = Response(request.url, status=status, request=request)
        assert policy.is_cached_response_valid(cached, answer, request) is valid


def test_browser_requests_are_not_cached(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    assert policy.should_cache_request(Request("https://shop.example/"))
    rendered = Request("https://shop.example/", meta={"playwright": True})
    assert not policy.should_cache_request(rendered)
