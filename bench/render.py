"""Benchmark: pages per second and peak memory, rendered versus static.

Usage::

    .venv/bin/python bench/render.py [--pages 200] [--timeout 10]

Generates two sites of N product pages each in a temporary directory (one
server-rendered, one whose JSON-LD is written by a script on
DOMContentLoaded), serves them on 127.0.0.1 with greengate's fixture server,
and crawls each in a fresh process with the real Scrapy engine:

* ``static, --render never``: no browser machinery at all;
* ``static, --render auto``: nothing to render, Playwright's driver idles;
* ``js, --render auto``: every product page fetched, then rendered in Chromium;
* ``js, --render never``: what a screener that does not render sees.

For each run it prints the pages crawled per second (crawl time only, not
process start-up), how many were rendered, and the peak memory of the crawl
process plus all its children (Playwright's driver, every Chromium process),
sampled from /proc every 50 ms: RSS summed (overcounts memory the Chromium
processes share) and PSS summed (shares counted once).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = (
    ("static", "never"),
    ("static", "auto"),
    ("js", "auto"),
    ("js", "never"),
)


def write_sites(root: Path, pages: int) -> None:
    """Write the ``static`` and ``js`` sites of ``pages`` product pages each."""
    for kind in ("static", "js"):
        site = root / kind
        (site / "p").mkdir(parents=True)
        links = "".join(
            f'<a href="/p/{i:04d}.html">Product {i}</a>' for i in range(pages)
        )
        (site / "index.html").write_text(
            "<!DOCTYPE html><html><body><h1>Catalogue of micro-inverters</h1>"
            f"<p>Rooftop and balcony micro-inverters, all models.</p>{links}"
            "</body></html>",
            "utf-8",
        )
        for i in range(pages):
            (site / "p" / f"{i:04d}.html").write_text(_page(kind, i), "utf-8")


def _page(kind: str, i: int) -> str:
    data = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "@id": f"urn:example:bench:{i}",
            "name": f"Micro-inverter {i}",
            "gtin13": "6978000000013",
        }
    )
    if kind == "static":
        head = f'<script type="application/ld+json">{data}</script>'
    else:
        head = (
            '<script>document.addEventListener("DOMContentLoaded", () => {'
            ' const s = document.createElement("script");'
            ' s.type = "application/ld+json";'
            f" s.textContent = JSON.stringify({data});"
            " document.head.appendChild(s); });</script>"
        )
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body><h1>Micro-inverter {i}</h1>"
        "<p>Specifications, warranty and certificates of this micro-inverter."
        "</p></body></html>"
    )


def tree_memory(pid: int) -> tuple[int, int]:
    """Return the summed RSS and PSS, in bytes, of ``pid`` and its descendants."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    rss = pss = 0
    for member in tree:
        try:
            rollup = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                kib = int(value.split()[0]) * 1024
                rss += kib if name == "Rss" else 0
                pss += kib if name == "Pss" else 0
    return rss, pss


def child(url: str, mode: str, pages: int, timeout: float) -> None:
    """Crawl ``url`` in this process and print one JSON line of figures."""
    from crawler.crawl import CrawlOptions, run_crawl
    from crawler.normalise import ContextRegistry
    from crawler.processing import PageProcessor
    from crawler.render.browser import RenderOptions
    from crawler.spiders.supplier import Budget
    from crawler.suppliers import SupplierSpec

    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = tree_memory(os.getpid())
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)

    options = CrawlOptions(
        budget=Budget(max_pages=pages + 1, max_depth=2, max_linked=0),
        allow_hosts=("127.0.0.1",),
        render=RenderOptions(mode=mode, timeout=timeout),  # type: ignore[arg-type]
    )
    processor = PageProcessor(ContextRegistry.bundled())
    spec = SupplierSpec(id="bench", name="bench", url=url)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    crawl = run_crawl([spec], options, processor)["bench"]
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pages": len(crawl.visits),
                "rendered": sum(v.rendered for v in crawl.visits),
                "products": sum(len(d.products) for d in crawl.disclosures),
                "peak_rss": peak[0],
                "peak_pss": peak[1],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--child", nargs=2, metavar=("URL", "MODE"), help="internal")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.pages, args.timeout)
        return

    from crawler.fixtureserver import serve_sites

    print(f"{args.pages} product pages per site, {os.cpu_count()} CPUs")
    print(
        f"{'site':<7} {'--render':<9} {'pages':>5} {'rendered':>8} {'products':>8}"
        f" {'seconds':>8} {'pages/s':>8} {'peak RSS':>9} {'peak PSS':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        write_sites(Path(tmp), args.pages)
        with serve_sites(Path(tmp)) as sites:
            for kind, mode in RUNS:
                command = [sys.executable, __file__, "--pages", str(args.pages)]
                command += ["--timeout", str(args.timeout), "--child"]
                command += [sites.url(kind), mode]
                result = subprocess.run(
                    command, capture_output=True, text=True, check=True, cwd=ROOT
                )
                r: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
                print(
                    f"{kind:<7} {mode:<9} {r['pages']:>5} {r['rendered']:>8}"
                    f" {r['products']:>8} {r['seconds']:>8.1f}"
                    f" {r['pages'] / r['seconds']:>8.1f}"
                    f" {r['peak_rss'] / 2**20:>7.0f}MB {r['peak_pss'] / 2**20:>7.0f}MB"
                )


if __name__ == "__main__":
    main()
