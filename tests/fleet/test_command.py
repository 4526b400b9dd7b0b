"""``greengate worker`` and ``scan --frontier`` as commands: usage, stop, failure."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from crawler.fixtureserver import FixtureSites, serve_sites
from crawler.fleet import Frontier
from crawler.render.browser import RenderOptions
from crawler.screening import ScreenOptions
from crawler.suppliers import SupplierSpec
from reports.history import open_store
from tests.conftest import SITES, load_report, run_greengate
from tests.fleet._processes import alive, children, leased_by, start, stop, until
from tests.reports._runs import high_risk


def test_frontier_without_a_postgresql_store_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.delenv("GREENGATE_STORE", raising=False)
    base = ["scan", "https://a.example/", "--out", str(tmp_path)]
    frontier = ["--frontier", "redis://127.0.0.1:1/0"]
    missing = run_greengate(*base, *frontier)
    assert missing.returncode == 2
    assert "--frontier needs --store postgresql://" in missing.stderr
    sqlite = run_greengate(*base, *frontier, "--store", str(tmp_path / "h.sqlite3"))
    assert sqlite.returncode == 2
    assert "postgresql:// URL" in sqlite.stderr
    resume = run_greengate(*base, *frontier, "--store", "postgresql://h/db", "--resume")
    assert resume.returncode == 2
    assert "--resume does not apply" in resume.stderr


def test_an_unreachable_frontier_is_named_without_its_password(postgres_url, tmp_path):
    for command in (
        ["scan", "https://a.example/", "--out", str(tmp_path), "--store", postgres_url],
        ["worker", "--store", postgres_url],
    ):
        result = run_greengate(
            *command, "--frontier", "redis://:hunter2@127.0.0.1:1/0", timeout=60
        )
        assert result.returncode == 2, result.stderr
        assert "redis://:***@127.0.0.1:1/0" in result.stderr
        assert "hunter2" not in result.stderr


def test_worker_help_documents_every_option():
    result = run_greengate("worker", "--help")
    for option in ("--frontier", "--store", "--queue", "--batch", "--lease"):
        assert option in result.stdout
    assert "--exit-when-idle" in result.stdout
    assert "--quiet" in result.stdout


@pytest.fixture
def slow_site() -> Iterator[FixtureSites]:
    with serve_sites(SITES, ["acme-inverters"], delay=0.5) as running:
        yield running


def _begin(url: str) -> str:
    with open_store(url) as store:
        return store.begin_run(
            generated_at=datetime(2027, 3, 1, tzinfo=UTC),
            as_of=date(2027, 3, 1),
            tool_version="test",
            score_formula="test",
            packs=[],
        )


@pytest.mark.slow
def test_a_stopped_worker_gives_its_batch_back_at_once(
    slow_site, redis_url, postgres_url, queue_name
):
    run_id = _begin(postgres_url)
    spec = SupplierSpec(id="acme", name="Acme", url=slow_site.url("acme-inverters"))
    options = ScreenOptions(
        as_of=date(2027, 3, 1),
        allow_hosts=("127.0.0.1",),
        render=RenderOptions(mode="never"),
    )
    with Frontier(redis_url, queue_name) as frontier:
        (job,) = frontier.enqueue(run_id, options, [spec])
        worker = start(
            "worker",
            "--frontier",
            redis_url,
            "--store",
            postgres_url,
            "--queue",
            queue_name,
            "--lease",
            "60",
        )
        try:
            until(lambda: leased_by(frontier, worker.pid), "the worker's lease")
            (child,) = until(lambda: children(worker.pid), "the worker's child")
            worker.send_signal(signal.SIGTERM)
            _, err = worker.communicate(timeout=30)
        finally:
            stop(worker)
        assert worker.returncode == 130, err
        assert not alive(child)
        assert frontier.holders() == {}  # given back at once, not after 60 s
        assert frontier._redis.lrange(frontier.key("pending"), 0, -1) == [job.key]
        assert frontier._redis.hget(frontier.key("attempts"), job.key) == "0"
        frontier.forget(run_id, 1)


def test_a_supplier_failing_every_attempt_is_named_and_the_rest_reported(
    redis_url, postgres_url, queue_name, tmp_path
):
    scan = start(
        "scan",
        "https://good.example/",
        "https://bad.example/",
        "--out",
        str(tmp_path),
        "--frontier",
        redis_url,
        "--queue",
        queue_name,
        "--store",
        postgres_url,
        "--as-of",
        "2027-03-01",
        "--format",
        "json",
    )
    try:
        with Frontier(redis_url, queue_name) as frontier:
            # this test is the worker: it records the first, fails the second
            first = until(lambda: frontier.claim("t", batch=1, lease=30), "a job")
            (good,) = first
            with open_store(postgres_url) as store:
                store.record_inspection(good.run_id, 0, high_risk())
            frontier.ack(good, "t")
            for _ in range(3):
                (bad,) = until(lambda: frontier.claim("t", batch=1, lease=30), "bad")
                frontier.release("t", [bad.key], "SomeError: the site broke us")
        _, err = scan.communicate(timeout=60)
    finally:
        stop(scan)
    assert scan.returncode == 4, err
    assert "bad.example (https://bad.example/) was not screened" in err
    assert "SomeError: the site broke us" in err
    (supplier,) = load_report(tmp_path)["suppliers"]
    assert supplier["name"] == "Acme Inverters"


def test_a_stopped_scan_takes_its_suppliers_off_the_frontier(
    redis_url, postgres_url, queue_name, tmp_path
):
    scan = start(
        *("scan", "https://a.example/", "https://b.example/", "--out", str(tmp_path)),
        *("--frontier", redis_url, "--queue", queue_name, "--store", postgres_url),
    )
    with Frontier(redis_url, queue_name) as frontier:
        pending = frontier.key("pending")
        try:
            until(lambda: frontier._redis.llen(pending) == 2, "the jobs")
            scan.send_signal(signal.SIGTERM)
            _, err = scan.communicate(timeout=30)
        finally:
            stop(scan)
        assert scan.returncode == 130, err
        assert "distributed scan stopped" in err
        assert frontier._redis.keys(f"{queue_name}:*") == []
    assert not (tmp_path / "report.json").exists()


def test_a_worker_of_another_version_fails_the_job_with_the_reason(
    redis_url, postgres_url, queue_name
):
    options = ScreenOptions(as_of=date(2027, 3, 1))
    spec = SupplierSpec(id="a", name="Acme", url="https://acme.example/")
    with Frontier(redis_url, queue_name) as frontier:
        frontier.enqueue("run-x", options, [spec])
        run_key = frontier.key("run:run-x")
        run = json.loads(frontier._redis.get(run_key))
        frontier._redis.set(run_key, json.dumps({**run, "version": "0.0.1-older"}))
        worker = start(
            *("worker", "--frontier", redis_url, "--store", postgres_url),
            *("--queue", queue_name, "--lease", "30"),
        )
        try:
            state = until(
                lambda: frontier.progress("run-x", 1).failed, "the job to fail", 30
            )
            worker.send_signal(signal.SIGTERM)
            _, err = worker.communicate(timeout=30)
        finally:
            stop(worker)
        ((position, reason),) = state
        assert position == 0
        assert "the scan runs greengate 0.0.1-older" in reason
        assert "run one version everywhere" in err
        assert worker.returncode == 130
        frontier.forget("run-x", 1)
