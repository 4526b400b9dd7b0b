"""Run one real crawl in this process and report what it started (a test helper).

Usage::

    python -m tests.crawler.render_probe URL [--render auto] [--hint auto] ...

Prints one JSON object: the visits, the crawl's stats, and the browser and
Playwright-driver processes seen under this process (read from /proc) while
the crawl ran and once it had returned. A process that outlived the crawl
would be listed in ``browsers_after`` or ``leftover``, even if re-parented.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

PROC = Path("/proc")


def processes() -> dict[int, tuple[int, str]]:
    """Return every live process: pid -> (parent pid, command line)."""
    found: dict[int, tuple[int, str]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        if state in ("Z", "X"):  # exited, not yet reaped: holds no resources
            continue
        found[int(entry.name)] = (int(ppid), cmdline.replace(b"\0", b" ").decode())
    return found


def descendants(pid: int) -> list[str]:
    """Return the command lines of every live descendant of ``pid``."""
    table = processes()
    children: dict[int, list[int]] = {}
    for child, (parent, _) in table.items():
        children.setdefault(parent, []).append(child)
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(table[child][1])
            stack.append(child)
    return found


def is_browser(cmd: str) -> bool:
    return "chromium" in cmd or "chrome" in cmd


def is_driver(cmd: str) -> bool:
    return "playwright" in cmd and not is_browser(cmd)


class Watcher(threading.Thread):
    """Sample this process's descendants every 50 ms while the crawl runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.max_browsers = 0
        self.max_renderers = 0
        self.drivers_seen = 0
        self.profiles: set[str] = set()

    def run(self) -> None:
        while not self.stop.is_set():
            commands = descendants(os.getpid())
            browsers = [c for c in commands if is_browser(c)]
            self.max_browsers = max(self.max_browsers, len(browsers))
            renderers = [c for c in browsers if "--type=renderer" in c]
            self.max_renderers = max(self.max_renderers, len(renderers))
            self.drivers_seen = max(
                self.drivers_seen, len([c for c in commands if is_driver(c)])
            )
            for cmd in browsers:
                for arg in cmd.split():
                    if arg.startswith("--user-data-dir="):
                        self.profiles.add(arg.split("=", 1)[1])
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--render", default="auto")
    parser.add_argument("--hint", default="auto")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--chromium")
    parser.add_argument("--max-pages", type=int, default=50)
    parser.add_argument("--pages-per-context", type=int, default=50)
    parser.add_argument("--allow-host", action="append", default=[])
    args = parser.parse_args()

    from crawler.crawl import CrawlOptions, run_crawl
    from crawler.normalise import ContextRegistry
    from crawler.processing import PageProcessor
    from crawler.render.browser import RenderOptions
    from crawler.spiders.supplier import Budget
    from crawler.suppliers import SupplierSpec

    spec = SupplierSpec(id="probe", name="probe", url=args.url, render=args.hint)
    options = CrawlOptions(
        budget=Budget(max_pages=args.max_pages, max_depth=3, max_linked=10),
        allow_hosts=tuple(args.allow_host),
        render=RenderOptions(
            mode=args.render,
            timeout=args.timeout,
            chromium=args.chromium,
            pages_per_context=args.pages_per_context,
        ),
    )
    processor = PageProcessor(ContextRegistry.bundled())
    before = [c for c in descendants(os.getpid()) if is_browser(c)]
    watcher = Watcher()
    watcher.start()
    stats: dict[str, Any] = {}
    started = time.monotonic()
    crawl = run_crawl([spec], options, processor, stats=stats)["probe"]
    seconds = time.monotonic() - started
    watcher.stop.set()
    watcher.join()
    # Give processes that are on their way out a moment to be reaped.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        is_browser(c) or is_driver(c) for c in descendants(os.getpid())
    ):
        time.sleep(0.1)
    after = descendants(os.getpid())
    leftover = [
        cmd
        for _, cmd in processes().values()
        if any(profile in cmd for profile in watcher.profiles)
    ]
    report = {
        "seconds": seconds,
        "visits": [
            {
                "url": v.url,
                "status": v.status,
                "syntaxes": list(v.syntaxes),
                "rendered": v.rendered,
                "render_reason": v.render_reason,
                "render_error": v.render_error,
                "rendered_only_blocks": list(v.rendered_only_blocks),
            }
            for v in crawl.visits
        ],
        "products": sum(len(d.products) for d in crawl.disclosures),
        "stats": {
            k: v
            for k, v in stats.items()
            if k.startswith(("greengate/", "playwright/"))
        },
        "browsers_before": len(before),
        "browsers_during": watcher.max_browsers,
        "renderers_during": watcher.max_renderers,
        "drivers_during": watcher.drivers_seen,
        "browsers_after": len([c for c in after if is_browser(c)]),
        "drivers_after": len([c for c in after if is_driver(c)]),
        "leftover": leftover,
        "profiles": sorted(watcher.profiles),
        "profiles_left": sorted(p for p in watcher.profiles if Path(p).exists()),
        "handler_loaded": "scrapy_playwright.handler" in sys.modules,
        "remote_control_loaded": "scrapy.extensions.remote_control" in sys.modules,
        "aiohttp_loaded": "aiohttp" in sys.modules,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
