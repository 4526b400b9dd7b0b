"""Benchmark ``greengate scan`` against bare Scrapy on a generated local site.

Usage: ``python -m bench.run --pages N --rounds R``

The site (:mod:`bench.make_site`) is served by nginx on 127.0.0.1 and a free
port. Each round runs the bare crawl (:mod:`bench.bare_spider`) and then
``greengate scan`` on it, alternating A B A B so that drift in the machine's
speed hits both alike. Every run is a subprocess; its CPU time and peak RSS
come from ``os.wait4`` (the child and the descendants it reaped), and a
sampler adds up the RSS of the whole process tree while it runs, in case
greengate starts helpers (a Playwright driver, say). A run that did not crawl
all N pages makes the benchmark fail: its figures would mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.make_site import write_site

REPO = Path(__file__).resolve().parent.parent


def max_depth(pages: int) -> int:
    """Return the depth budget for both crawls of a site of ``pages`` pages.

    The site's shortest paths are at most 3 links long up to 65 000 pages, but
    Scrapy's default scheduler goes depth-first and a page keeps the depth it
    was first reached at, so chains of "related product" links reach pages at
    depths far beyond 3; those pages' own links would then not be followed. A
    budget of ``pages`` can never cut the crawl short.
    """
    return max(10, pages)


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ text/html html; text/plain txt; }}
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


class BenchError(RuntimeError):
    """The benchmark cannot give meaningful figures."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    """One crawl of the site by one tool."""

    tool: str
    round: int
    pages: int
    wall_s: float
    cpu_s: float
    maxrss_mib: float
    tree_peak_mib: float

    @property
    def pages_per_s(self) -> float:
        """Return the crawl's throughput."""
        return self.pages / self.wall_s

    @property
    def cpu_ms_per_page(self) -> float:
        """Return user plus system CPU per page, in milliseconds."""
        return 1000 * self.cpu_s / max(self.pages, 1)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def nginx(root: Path, tmp: Path) -> Iterator[str]:
    """Serve ``root`` with nginx on 127.0.0.1; yield the site URL, then stop.

    Raises:
        BenchError: nginx is not installed or did not start.
    """
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise BenchError("nginx not found: apt-get install -y nginx")
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        _NGINX_CONF.format(tmp=tmp, port=port, root=root.resolve(), user=user), "utf-8"
    )
    proc = subprocess.Popen(
        [binary, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_listening(port, proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _wait_listening(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise BenchError(f"nginx exited with {proc.returncode}: {err.strip()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise BenchError(f"nginx did not listen on port {port} within 10 s")


class TreeSampler:
    """Sample the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss(self.pid))
            self._stop.wait(self.interval)


def tree_rss(root: int) -> int:
    """Return the resident bytes of ``root`` and its descendants (0 if gone)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces and parentheses; fields follow ")".
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * _PAGE_SIZE


def measure(
    tool: str, round_: int, argv: Sequence[str], log: Path
) -> tuple[float, float, float, float]:
    """Run one crawl; return wall seconds, CPU seconds, max RSS and tree peak (MiB).

    Raises:
        BenchError: the command failed.
    """
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        with TreeSampler(proc.pid) as sampler:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-2000:]
        raise BenchError(f"{tool} round {round_} exited {proc.returncode}:\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    maxrss = usage.ru_maxrss / 1024  # KiB on Linux
    tree = sampler.peak_bytes / 2**20
    return wall, cpu, maxrss, tree


def bare_argv(url: str, pages: int, stats: Path) -> list[str]:
    """Return the command line of the bare Scrapy crawl."""
    return [
        sys.executable,
        "-m",
        "bench.bare_spider",
        url,
        "--max-pages",
        str(pages),
        "--max-depth",
        str(max_depth(pages)),
        "--stats",
        str(stats),
    ]


def greengate_argv(
    url: str, pages: int, out: Path, extra: Sequence[str] = ()
) -> list[str]:
    """Return the ``greengate scan`` command line (the installed console script)."""
    script = Path(sys.executable).with_name("greengate")
    if script.exists():
        launcher = [str(script)]
    else:
        launcher = [sys.executable, "-m", "crawler.cli"]
    return [
        *launcher,
        "scan",
        url,
        "--allow-host",
        "127.0.0.1",
        "--max-pages",
        str(pages),
        "--max-depth",
        str(max_depth(pages)),
        "--timeout",
        "30",
        "--out",
        str(out),
        "--quiet",
        # Every round is a first inspection: a warm re-inspection cache would
        # flatter greengate against bare Scrapy (bench/reinspect.py measures it).
        "--no-cache",
        *extra,
    ]


_COUNT_PAGES = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    pages = json.load(f)["suppliers"][0]["pages"]
print(sum(1 for p in pages if p["status"] == 200 and not p["error"]))
"""


def report_pages(out: Path) -> int:
    """Return how many pages greengate's report.json says were fetched with 200.

    The report is read in a subprocess: at 5 000 pages it is ~100 MB, and
    loading it here would raise this process's peak RSS, which Linux then
    reports as the ``ru_maxrss`` of every child started afterwards.
    """
    result = subprocess.run(
        [sys.executable, "-c", _COUNT_PAGES, str(out / "report.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)


def run_round(
    round_: int, url: str, pages: int, work: Path, extra: Sequence[str] = ()
) -> list[Measurement]:
    """Run the bare crawl, then greengate; check both fetched every page."""
    results = []
    stats = work / f"bare-{round_}.json"
    wall, cpu, rss, tree = measure(
        "bare", round_, bare_argv(url, pages, stats), work / f"bare-{round_}.log"
    )
    got = json.loads(stats.read_text("utf-8"))["pages"]
    results.append(_checked("bare", round_, pages, got, wall, cpu, rss, tree))
    out = work / f"greengate-{round_}"
    argv = greengate_argv(url, pages, out, extra)
    wall, cpu, rss, tree = measure(
        "greengate", round_, argv, work / f"greengate-{round_}.log"
    )
    got = report_pages(out)
    results.append(_checked("greengate", round_, pages, got, wall, cpu, rss, tree))
    shutil.rmtree(out)  # 20 000-page reports are large
    return results


def _checked(
    tool: str,
    round_: int,
    expected: int,
    got: int,
    wall: float,
    cpu: float,
    rss: float,
    tree: float,
) -> Measurement:
    if got != expected:
        raise BenchError(f"{tool} round {round_} crawled {got} of {expected} pages")
    return Measurement(
        tool=tool,
        round=round_,
        pages=got,
        wall_s=wall,
        cpu_s=cpu,
        maxrss_mib=rss,
        tree_peak_mib=tree,
    )


def table(results: Sequence[Measurement]) -> str:
    """Format per-round rows, medians per tool and greengate/bare ratios."""
    header = (
        f"{'tool':<16}{'round':>6}{'pages':>7}{'wall s':>9}{'pages/s':>9}"
        f"{'CPU ms/page':>13}{'RSS MiB':>9}{'tree MiB':>10}"
    )
    lines = [header, "-" * len(header)]
    for m in results:
        lines.append(_row(m.tool, str(m.round), m))
    medians = {tool: _median(results, tool) for tool in ("bare", "greengate")}
    lines.append("-" * len(header))
    for tool, m in medians.items():
        lines.append(_row(tool, "med", m))
    bare, gg = medians["bare"], medians["greengate"]
    lines.append(
        f"{'greengate/bare':<16}{'':>6}{'':>7}{gg.wall_s / bare.wall_s:>9.2f}"
        f"{gg.pages_per_s / bare.pages_per_s:>9.2f}"
        f"{gg.cpu_ms_per_page / bare.cpu_ms_per_page:>13.2f}"
        f"{gg.maxrss_mib / bare.maxrss_mib:>9.2f}"
        f"{gg.tree_peak_mib / bare.tree_peak_mib:>10.2f}"
    )
    return "\n".join(lines)


def _row(tool: str, round_: str, m: Measurement) -> str:
    return (
        f"{tool:<16}{round_:>6}{m.pages:>7}{m.wall_s:>9.2f}{m.pages_per_s:>9.1f}"
        f"{m.cpu_ms_per_page:>13.2f}{m.maxrss_mib:>9.1f}{m.tree_peak_mib:>10.1f}"
    )


def _median(results: Sequence[Measurement], tool: str) -> Measurement:
    """Return a measurement whose every figure is that tool's median."""
    runs = [m for m in results if m.tool == tool]
    if not runs:
        raise BenchError(f"no {tool} run")
    return Measurement(
        tool=tool,
        round=0,
        pages=runs[0].pages,
        wall_s=statistics.median(m.wall_s for m in runs),
        cpu_s=statistics.median(m.cpu_s for m in runs),
        maxrss_mib=statistics.median(m.maxrss_mib for m in runs),
        tree_peak_mib=statistics.median(m.tree_peak_mib for m in runs),
    )


def benchmark(
    pages: int,
    rounds: int,
    work: Path,
    site: Path | None = None,
    extra: Sequence[str] = (),
) -> list[Measurement]:
    """Generate (unless given) and serve the site, then run ``rounds`` rounds."""
    if site is None:
        site = work / "site"
        write_site(pages, site)
    results: list[Measurement] = []
    with nginx(site, work / "nginx") as url:
        for round_ in range(1, rounds + 1):
            results.extend(run_round(round_, url, pages, work, extra))
            print(f"round {round_}/{rounds} done", file=sys.stderr, flush=True)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark named on the command line and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--site", type=Path, help="serve this generated site instead of a new one"
    )
    parser.add_argument("--workdir", type=Path, help="keep logs here (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument(
        "--greengate-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for greengate scan (repeatable), e.g. --render=never",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gg-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        try:
            results = benchmark(
                args.pages, args.rounds, work, args.site, args.greengate_arg
            )
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    print(f"N={args.pages} pages, {args.rounds} round(s), bare then greengate")
    print(table(results))
    if args.json is not None:
        rows = [asdict(m) for m in results]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
