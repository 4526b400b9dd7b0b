"""Fixtures of the distributed-scan tests: real Redis and PostgreSQL servers.

``redis_server`` starts Debian's ``redis-server`` on 127.0.0.1 with a free
port (no persistence, in a temporary directory) for the whole session and
stops it after; without the binary the tests fail in CI and are skipped
elsewhere. PostgreSQL comes from ``tests/reports/history_backends.py``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from crawler.fleet import Frontier
from tests.conftest import missing_system_package
from tests.reports.history_backends import (  # noqa: F401 (PostgreSQL fixtures)
    postgres_server,
    postgres_url,
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a redis-server of its own for the test session."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).is_file():
        missing_system_package(
            "redis-server not found; install redis-server"
            " (Debian/Ubuntu: apt-get install redis-server)"
        )
    base = tmp_path_factory.mktemp("redis")
    for _attempt in range(3):  # the free port may be taken before the server binds
        port = _free_port()
        url = f"redis://127.0.0.1:{port}/0"
        server = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(base),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None:
            if _answers(url):
                break
            time.sleep(0.05)
        if server.poll() is None and _answers(url):
            try:
                yield url
            finally:
                server.terminate()
                server.wait(timeout=10)
            return
        server.kill()
        server.wait()
    pytest.fail("redis-server did not start")


@pytest.fixture
def queue_name() -> str:
    """A frontier prefix of the test's own, so tests never see each other's jobs."""
    return f"gg-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def frontier(redis_url: str, queue_name: str) -> Iterator[Frontier]:
    with Frontier(redis_url, queue_name) as opened:
        yield opened
