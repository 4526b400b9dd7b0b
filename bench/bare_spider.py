"""The baseline crawl: bare Scrapy following the links greengate follows.

Usage: ``python -m bench.bare_spider URL --max-pages N --max-depth D --stats FILE``

It uses greengate's own politeness and concurrency settings
(:func:`crawler.settings.crawl_settings`, without greengate's host-guard
middleware), requests the start URL and ``/sitemap.xml`` like
``SupplierSpider``, keeps the same per-site seen-set and page and depth budget,
and follows every same-origin ``<a href>``. It does nothing else with a page,
so the difference from ``greengate scan`` on the same site is what extraction,
normalisation, rules and reporting cost.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from crawler.settings import crawl_settings


class BareSpider(scrapy.Spider):
    """Follow same-origin links within a page and depth budget; keep nothing."""

    name = "bench-bare"

    def __init__(
        self, *, start_url: str, max_pages: int, max_depth: int, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.origin = _origin(start_url)
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.seen = {start_url}
        self.scheduled = 1
        self.fetched = 0

    async def start(self) -> Any:
        """Yield the start URL and the sitemap, as greengate's spider does."""
        yield self._request(self.start_url, 0)
        yield scrapy.Request(
            urljoin(self.origin, "/sitemap.xml"),
            callback=self.parse_sitemap,
            errback=self.ignore,
            priority=5,
            dont_filter=True,
        )

    def _request(self, url: str, depth: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.ignore,
            meta={"bench_depth": depth},
            dont_filter=True,  # the seen-set is the filter, as in greengate
        )

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        """Count the page and schedule its unseen same-origin links."""
        self.fetched += 1
        depth = response.meta["bench_depth"] + 1
        if depth > self.max_depth:
            return
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip()).partition("#")[0]
            if url in self.seen or _origin(url) != self.origin:
                continue
            if self.scheduled >= self.max_pages:
                return
            self.seen.add(url)
            self.scheduled += 1
            yield self._request(url, depth)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Read nothing from a sitemap: the benchmark site has none."""
        return iter(())

    def ignore(self, failure: Any) -> None:
        """Drop a failed fetch (the sitemap's 404); it is not a page."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def bare_settings() -> dict[str, Any]:
    """Return greengate's crawl settings without greengate's own components."""
    settings = crawl_settings(allow_hosts=(), timeout=30.0, log_level="ERROR")
    settings.pop("GREENGATE_ALLOW_HOSTS", None)
    settings["DOWNLOADER_MIDDLEWARES"] = {}
    return settings


def main(argv: list[str] | None = None) -> int:
    """Crawl the site named on the command line and write the page count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--max-pages", type=int, required=True)
    parser.add_argument("--max-depth", type=int, required=True)
    parser.add_argument("--stats", type=Path, required=True)
    args = parser.parse_args(argv)
    process = CrawlerProcess(settings=bare_settings())
    crawler = process.create_crawler(BareSpider)
    process.crawl(
        crawler,
        start_url=args.url,
        max_pages=args.max_pages,
        max_depth=args.max_depth,
    )
    process.start()
    spider = crawler.spider
    assert isinstance(spider, BareSpider)
    args.stats.write_text(json.dumps({"pages": spider.fetched}), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
