"""Helpers of the hostile-input tests: scriptable servers on 127.0.0.1, a scan.

:func:`serve` starts a tiny threaded HTTP server whose answers a test writes
as a function of the request (sleep, reset the connection, stream forever,
throttle), and records every request it received, so a test can prove that
a request never left. :func:`scan` runs the real ``greengate scan`` command
(a fresh process, the real Scrapy engine) and returns the report.
"""

from __future__ import annotations

import csv
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.conftest import load_report, run_greengate

HOST = "127.0.0.1"
AS_OF = "2027-03-01"


@dataclass(slots=True)
class Hit:
    """One request a server received: its path (with query) and when."""

    path: str
    at: float


@dataclass(slots=True)
class Server:
    """A running test server: its origin and every request it received.

    After :meth:`go_away` the server stops listening (new connections are
    refused) and resets every request on a connection still open.
    """

    origin: str
    hits: list[Hit] = field(default_factory=list)
    gone: threading.Event = field(default_factory=threading.Event)
    httpd: ThreadingHTTPServer | None = None

    def go_away(self) -> None:
        """Stop listening, from any thread (a route's included)."""
        self.gone.set()
        if self.httpd is not None:
            httpd = self.httpd
            threading.Thread(target=lambda: _stop(httpd), daemon=True).start()

    def url(self, path: str = "/") -> str:
        """Return the URL of ``path`` on this server."""
        return self.origin + path

    def paths(self) -> list[str]:
        """Return the requested paths, in order."""
        return [hit.path for hit in self.hits]


Route = Callable[["Request"], None]


class Request(BaseHTTPRequestHandler):
    """The handler a route receives: ``route`` and ``state`` are set per server."""

    route: Route
    state: Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.state.hits.append(Hit(self.path, time.monotonic()))
        try:
            if self.state.gone.is_set():
                self.reset()
                return
            self.route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on a slow or endless answer: expected

    def reply(
        self,
        status: int = 200,
        body: bytes | str = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send a complete response."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def reset(self) -> None:
        """Abort the connection with a TCP reset (SO_LINGER 0), sending nothing."""
        self.connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
        self.close_connection = True
        self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@contextmanager
def serve(route: Route) -> Iterator[Server]:
    """Serve ``route`` on a free 127.0.0.1 port until the block ends."""
    state = Server(origin="")
    handler = type(
        "Handler", (Request,), {"route": staticmethod(route), "state": state}
    )
    httpd = ThreadingHTTPServer((HOST, 0), handler)
    httpd.daemon_threads = True
    state.origin = f"http://{HOST}:{httpd.server_address[1]}"
    state.httpd = httpd
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        if not state.gone.is_set():
            _stop(httpd)


def _stop(httpd: ThreadingHTTPServer) -> None:
    httpd.shutdown()
    httpd.server_close()


def write_site(root: Path, name: str, files: dict[str, str | bytes]) -> Path:
    """Write a fixture site (``path -> content``) under ``root/name``."""
    site = root / name
    for path, content in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, "utf-8")
    return site


@dataclass(frozen=True, slots=True)
class Scan:
    """What one ``greengate scan`` run gave: exit status, stderr, report."""

    returncode: int
    stderr: str
    seconds: float
    suppliers: dict[str, dict[str, Any]]  # by supplier name

    def findings(self, supplier: str, rule: str) -> list[dict[str, Any]]:
        """Return one supplier's findings of one rule."""
        found = self.suppliers[supplier]["findings"]
        return [f for f in found if f["rule"] == rule]

    def visits(self, supplier: str) -> dict[str, dict[str, Any]]:
        """Return one supplier's page visits by URL."""
        return {page["url"]: page for page in self.suppliers[supplier]["pages"]}


def scan(
    out: Path, suppliers: dict[str, str], *args: str, timeout: float = 120
) -> Scan:
    """Run ``greengate scan`` over ``name -> start URL`` and read report.json.

    Browser rendering is off (these tests are about the served bytes) and the
    inspection date fixed; ``args`` adds options such as ``--allow-host``.
    """
    out.mkdir(parents=True, exist_ok=True)
    listing = out / "suppliers.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "url"])
        writer.writerows(suppliers.items())
    started = time.monotonic()
    result = run_greengate(
        "scan",
        "--suppliers",
        str(listing),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        "--render",
        "never",
        "--quiet",
        *args,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    assert result.returncode in (0, 3), result.stderr
    report = load_report(out)
    return Scan(
        returncode=result.returncode,
        stderr=result.stderr,
        seconds=seconds,
        suppliers={s["name"]: s for s in report["suppliers"]},
    )
