"""Two real ``greengate worker`` processes, one killed mid-run, and the report.

Real processes all the way: redis-server, PostgreSQL, the fixture sites on
127.0.0.1 (answering 50 ms late, so a kill lands mid-crawl), ``greengate
scan --frontier ... --store ...`` and two workers. One worker is SIGKILLed
while it holds a lease; its child must die with it, its suppliers must come
back once the lease expires, and the report must hold every supplier exactly
once, with the verdicts of a plain single-process scan.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from crawler.fixtureserver import FixtureSites, serve_sites
from crawler.fleet import Frontier
from tests.conftest import SITES, load_report, run_greengate, unordered
from tests.fleet._processes import alive, children, leased_by, start, stop, until

AS_OF = "2027-03-01"
LEASE = "3"


@pytest.fixture(scope="module")
def slow_sites() -> Iterator[FixtureSites]:
    with serve_sites(SITES, delay=0.05) as running:
        yield running


def _listing(sites: FixtureSites, path: Path) -> Path:
    """The fixture supplier list, without the one that needs a browser."""
    header, *rows = (SITES / "suppliers.csv").read_text("utf-8").splitlines()
    rows = [r for r in rows if "js-solar" not in r]
    path.write_text(sites.expand("\n".join([header, *rows]) + "\n"), "utf-8")
    return path


def _scan_args(listing: Path, out: Path) -> list[str]:
    return [
        "scan",
        "--suppliers",
        str(listing),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--allow-host",
        "127.0.0.1",
        "--render",
        "never",
        "--no-cache",
    ]


def _worker(redis_url: str, store: str, queue: str, *extra: str):
    return start(
        "worker",
        "--frontier",
        redis_url,
        "--store",
        store,
        "--queue",
        queue,
        "--batch",
        "2",
        "--lease",
        LEASE,
        *extra,
    )


def _stored(url: str) -> list[tuple[str, int, str]]:
    with psycopg.connect(url) as db:
        rows = db.execute(
            "SELECT run_id, position, supplier_key FROM inspections ORDER BY position"
        ).fetchall()
    return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]


@pytest.mark.slow
def test_two_workers_one_killed_every_supplier_reported_once(
    slow_sites, tmp_path, redis_url, postgres_url, queue_name
):
    listing = _listing(slow_sites, tmp_path / "suppliers.csv")
    suppliers = len(listing.read_text("utf-8").splitlines()) - 1
    started = time.monotonic()
    plain = run_greengate(*_scan_args(listing, tmp_path / "plain"), "--quiet")
    assert plain.returncode in (0, 3), plain.stderr
    plain_seconds = time.monotonic() - started

    frontier = Frontier(redis_url, queue_name)
    started = time.monotonic()
    scan = start(
        *_scan_args(listing, tmp_path / "fleet"),
        "--frontier",
        redis_url,
        "--queue",
        queue_name,
        "--store",
        postgres_url,
    )
    workers = []
    try:
        pending = frontier.key("pending")
        until(lambda: frontier._redis.llen(pending) == suppliers, "the jobs")
        doomed = _worker(redis_url, postgres_url, queue_name)
        workers.append(doomed)
        until(lambda: leased_by(frontier, doomed.pid), "a lease of the first worker")
        (child,) = until(lambda: children(doomed.pid), "the first worker's child")
        survivor = _worker(redis_url, postgres_url, queue_name, "--exit-when-idle")
        workers.append(survivor)
        doomed.send_signal(signal.SIGKILL)
        doomed.communicate(timeout=30)
        until(lambda: not alive(child), "the killed worker's child to die", 1)

        _, err = scan.communicate(timeout=120)
        fleet_seconds = time.monotonic() - started
        assert scan.returncode == plain.returncode, err
        _, survivor_err = survivor.communicate(timeout=60)
        assert survivor.returncode == 0, survivor_err
    finally:
        stop(scan, *workers)
        frontier.close()

    report, expected = load_report(tmp_path / "fleet"), load_report(tmp_path / "plain")
    ids = [s["id"] for s in report["suppliers"]]
    assert len(ids) == len(set(ids)) == suppliers
    verdicts = {s["id"]: s["verdict"] for s in report["suppliers"]}
    assert verdicts == {s["id"]: s["verdict"] for s in expected["suppliers"]}
    assert unordered(report) == unordered(expected)

    rows = _stored(postgres_url)
    assert [position for _, position, _ in rows] == list(range(suppliers))
    assert len({run for run, _, _ in rows}) == 1
    assert f"Recorded run {rows[0][0]}" in err
    print(f"plain scan {plain_seconds:.1f} s, two workers {fleet_seconds:.1f} s")


@pytest.mark.slow
def test_a_worker_started_before_the_scan_waits_for_it_then_exits(
    sites, tmp_path, redis_url, postgres_url, queue_name
):
    worker = _worker(redis_url, postgres_url, queue_name, "--exit-when-idle")
    try:
        time.sleep(1.5)  # idle, but it has seen no work yet: it must not leave
        assert worker.poll() is None
        scan = run_greengate(
            "scan",
            sites.url("acme-inverters"),
            *_scan_args(tmp_path / "unused.csv", tmp_path / "out")[3:],
            "--frontier",
            redis_url,
            "--queue",
            queue_name,
            "--store",
            postgres_url,
            "--quiet",
        )
        assert scan.returncode == 0, scan.stderr
        _, err = worker.communicate(timeout=30)
    finally:
        stop(worker)
    assert worker.returncode == 0, err
    assert "recorded" in err  # the worker screened it, not the scan
    (supplier,) = load_report(tmp_path / "out")["suppliers"]
    assert supplier["start_url"] == sites.url("acme-inverters")
