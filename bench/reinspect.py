"""Time a first ``greengate scan`` against a second one of the unchanged site.

Usage: ``python -m bench.reinspect --pages N --rounds R``

The site (:mod:`bench.make_site`) is served by nginx as in :mod:`bench.run`
(nginx sends ``ETag`` and ``Last-Modified`` for static files and answers
conditional requests with 304). Each round starts from an empty
``--cache-dir``: the first scan fetches and normalises every page and fills
the cache, the second revalidates every page (304) and reuses the processed
pages. Both must report all N pages, or the benchmark fails. The table shows
each scan's wall and CPU time and the first/second ratio (the speed-up).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.make_site import write_site
from bench.run import BenchError, greengate_argv, measure, nginx, report_pages


def scan(
    url: str, pages: int, work: Path, name: str, cache: Path, extra: Sequence[str]
) -> tuple[float, float]:
    """Run one scan with ``cache``; return its wall and CPU seconds."""
    out = work / name
    # bench.run's scans are first inspections (--no-cache); these use the cache
    argv = [
        a
        for a in greengate_argv(url, pages, out, [f"--cache-dir={cache}", *extra])
        if a != "--no-cache"
    ]
    wall, cpu, _, _ = measure(name, 0, argv, work / f"{name}.log")
    got = report_pages(out)
    if got != pages:
        raise BenchError(f"{name} reported {got} of {pages} pages")
    shutil.rmtree(out)
    return wall, cpu


def benchmark(
    pages: int, rounds: int, work: Path, site: Path | None, extra: Sequence[str]
) -> list[tuple[float, float, float, float]]:
    """Return (first wall, first CPU, second wall, second CPU) per round."""
    if site is None:
        site = work / "site"
        write_site(pages, site)
    rows = []
    with nginx(site, work / "nginx") as url:
        for round_ in range(1, rounds + 1):
            cache = work / f"cache-{round_}"
            first = scan(url, pages, work, f"first-{round_}", cache, extra)
            second = scan(url, pages, work, f"second-{round_}", cache, extra)
            shutil.rmtree(cache)
            rows.append((*first, *second))
            print(f"round {round_}/{rounds} done", file=sys.stderr, flush=True)
    return rows


def table(rows: Sequence[tuple[float, float, float, float]]) -> str:
    """Format the rounds, their medians and the speed-ups."""
    lines = [
        f"{'round':<8}{'1st wall s':>11}{'1st CPU s':>11}"
        f"{'2nd wall s':>11}{'2nd CPU s':>11}{'speed-up':>10}"
    ]
    for i, (w1, c1, w2, c2) in enumerate(rows, 1):
        lines.append(
            f"{i:<8}{w1:>11.2f}{c1:>11.2f}{w2:>11.2f}{c2:>11.2f}{w1 / w2:>9.1f}x"
        )
    med = [statistics.median(r[k] for r in rows) for k in range(4)]
    lines.append(
        f"{'median':<8}{med[0]:>11.2f}{med[1]:>11.2f}{med[2]:>11.2f}{med[3]:>11.2f}"
        f"{med[0] / med[2]:>9.1f}x"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the re-inspection benchmark named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--site", type=Path, help="serve this generated site")
    parser.add_argument("--workdir", type=Path, help="keep logs here (default: temp)")
    parser.add_argument(
        "--greengate-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for both scans (repeatable), e.g. --render=never",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gg-reinspect-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        try:
            rows = benchmark(
                args.pages, args.rounds, work, args.site, args.greengate_arg
            )
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    print(f"N={args.pages} pages, {args.rounds} round(s), first scan then second")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
