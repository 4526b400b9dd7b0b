"""Crawl fixture sites with a page pool and print what every page gave, as JSON.

Run as a script (each crawl needs a fresh process: Twisted's reactor cannot
restart): ``python -m tests.crawler.pool_probe --processes N [--kill-at K]
URL...``. With ``--kill-at K``, one pool worker is killed (SIGKILL) when the
K-th page comes back, so the test sees what a crawl does when a worker dies.
With ``--cache DIR``, pages go through a page cache there (a re-inspection).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
from pathlib import Path
from typing import Any


def main() -> None:
    """Crawl the URLs given and print the pages, their results and the stats."""
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--processes", type=int, required=True)
    parser.add_argument("--kill-at", type=int, default=0)
    parser.add_argument("--render", default="never")
    parser.add_argument("--cache", default=None)
    args = parser.parse_args()

    from crawler import codec
    from crawler.crawl import CrawlOptions, run_crawl
    from crawler.normalise import ContextRegistry
    from crawler.pagecache import CachingPageProcessor, PageCache, fingerprint
    from crawler.pool import PagePool
    from crawler.processing import PageProcessor, ProcessedPage
    from crawler.render.browser import RenderOptions
    from crawler.spiders.supplier import Budget
    from crawler.suppliers import SupplierSpec

    specs = [
        SupplierSpec(id=f"s{i}", name=f"s{i}", url=url)
        for i, url in enumerate(args.urls)
    ]
    options = CrawlOptions(
        budget=Budget(max_pages=50, max_depth=3, max_linked=20),
        allow_hosts=("127.0.0.1",),
        render=RenderOptions(mode=args.render),
        processes=args.processes,
    )
    seen: list[str] = []
    killed: list[int] = []
    pools: list[PagePool] = []
    starts: list[int] = []
    original_start = PagePool.start

    def remember(pool: PagePool) -> None:
        starts.append(1)
        if pool not in pools:
            pools.append(pool)
        original_start(pool)

    PagePool.start = remember  # type: ignore[method-assign,assignment]

    def progress(page: ProcessedPage) -> None:
        seen.append(page.visit.url)
        if len(seen) == args.kill_at and not killed:
            for pid in pools[0].worker_pids()[:1]:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    stats: dict[str, Any] = {}
    processor = PageProcessor(ContextRegistry.bundled())
    if args.cache is not None:
        cache = PageCache(Path(args.cache), fingerprint({}))
        processor = CachingPageProcessor(ContextRegistry.bundled(), cache)
    crawls = run_crawl(specs, options, processor, progress, stats)
    pages: list[Any] = []
    for crawl in crawls.values():
        pages.extend(codec.encode(visit) for visit in crawl.visits)
        pages.extend(codec.encode(disclosure) for disclosure in crawl.disclosures)
        pages.extend(codec.encode(issue) for issue in crawl.issues)
    pages.sort(key=lambda value: json.dumps(value, sort_keys=True))
    pool_stats = {k: v for k, v in stats.items() if k.startswith("greengate/pool/")}
    print(
        json.dumps(
            {
                "pages": pages,
                "killed": killed,
                "stats": pool_stats,
                "pool_starts": len(starts),
            }
        )
    )


if __name__ == "__main__":
    main()
