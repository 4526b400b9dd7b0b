"""Fixtures of the history tests: a real PostgreSQL server, and a store per backend.

``postgres_server`` runs ``initdb`` into a temporary directory and starts the
server on 127.0.0.1 with a free port for the whole session, then stops it.
PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to
the ``postgres`` system user (or ``nobody``) and every server command goes
through ``runuser``. Without the server binaries the PostgreSQL tests fail
in CI (``CI=true``) and are skipped elsewhere.

The fixtures are registered by ``tests/reports/conftest.py`` importing them.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest

from tests.conftest import missing_system_package

BACKENDS = ["sqlite", "postgresql"]
APT_PACKAGES = "postgresql (Debian/Ubuntu: apt-get install postgresql)"


@dataclass(frozen=True)
class PostgresServer:
    """A running test server: connect as ``user`` to 127.0.0.1:``port``."""

    port: int
    user: str = "greengate"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"


def _pg_version(bindir: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", bindir.parent.name))


def pg_bindir() -> Path | None:
    """Return the directory of initdb, pg_ctl and postgres, newest version first."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    try:
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        candidates.append(Path(out))
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=_pg_version, reverse=True
    )
    candidates += [Path(p).resolve().parent for p in (shutil.which("initdb"),) if p]
    for candidate in candidates:
        if all((candidate / b).is_file() for b in ("initdb", "pg_ctl", "postgres")):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_user() -> tuple[list[str], str | None]:
    """Return the command prefix and user that run the server (root: runuser)."""
    if os.geteuid() != 0:
        return [], None
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.fail("running as root, but runuser(1) is missing to drop to a user")
        return [runuser, "-u", user, "--"], user
    pytest.fail("running as root and no 'postgres' or 'nobody' user to run the server")


def _missing_server() -> NoReturn:
    missing_system_package(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in"
        " /usr/lib/postgresql/*/bin, `pg_config --bindir`, $PG_BINDIR or PATH;"
        f" install {APT_PACKAGES}"
    )


def _run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def postgres_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[PostgresServer]:
    """A PostgreSQL server of its own for the test session."""
    bindir = pg_bindir()
    if bindir is None:
        _missing_server()
        raise AssertionError("unreachable")
    prefix, user = _server_user()
    if user is None:
        base = tmp_path_factory.mktemp("postgres")
    else:  # pytest's root-owned 0700 tmp dirs are closed to the server user
        base = Path(tempfile.mkdtemp(prefix="greengate-pg-"))
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    data, log = base / "data", base / "server.log"
    server = PostgresServer(port=0)
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        _run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                server.user,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            base,
        )
        server = _start(pg_ctl, log, base)
        yield server
    finally:
        if server.port:
            subprocess.run(
                [*pg_ctl, "-m", "fast", "-w", "stop"],
                cwd=base,
                capture_output=True,
                timeout=120,
                check=False,
            )
        if user is not None:
            shutil.rmtree(base, ignore_errors=True)


def _start(pg_ctl: list[str], log: Path, base: Path) -> PostgresServer:
    result = None
    for _attempt in range(3):  # the free port may be taken before the server binds
        port = _free_port()
        options = (
            f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off"
            " -c full_page_writes=off -c synchronous_commit=off"
        )
        result = subprocess.run(
            [*pg_ctl, "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
            cwd=base,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode == 0:
            return PostgresServer(port=port)
    text = log.read_text("utf-8", "replace") if log.exists() else ""
    stderr = result.stderr if result is not None else ""
    pytest.fail(f"PostgreSQL did not start:\n{stderr}\n{text[-3000:]}")


@contextmanager
def postgres_database(server: PostgresServer) -> Iterator[str]:
    """Create a fresh, empty database on ``server``; drop it afterwards."""
    name = f"greengate_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.url(name)
    finally:
        with psycopg.connect(server.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the test server; dropped afterwards."""
    with postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store spec for each backend: a SQLite file, or a PostgreSQL database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url
