"""Serve fixture supplier sites on 127.0.0.1, one port per site.

Used by ``greengate demo`` and the tests. Each directory under the sites folder
is served as its own origin. Text files may write ``{{origin:NAME}}`` for the
origin of another fixture site (a traceability platform, say), since ports are
only known once the servers are up.

A site may carry a ``_headers.json`` mapping a path to extra response headers
or a status, e.g. ``{"/login-wall.html": {"status": 401}}``; this keeps hostile
and faulty fixtures declarative. A ``_sign.json`` maps a path to how the
credential there is signed when served (``{"key": "certifier"}``: see
:mod:`crawler.fixturesign`), for credentials that name a fixture origin and
so cannot be signed ahead of time.

Files are sent with an ``ETag`` (a hash of the body as served) and a
``Last-Modified`` (the file's mtime), and a conditional request for an
unchanged file (``If-None-Match``, else ``If-Modified-Since``) gets
``304 Not Modified``, counted in ``not_modified``.

With ``tls`` (an :class:`ssl.SSLContext` holding a certificate), the sites are
served over HTTPS: ``did:web`` documents are only ever fetched over HTTPS.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.fixturesign import sign_document

HOST = "127.0.0.1"
_PLACEHOLDER = re.compile(r"\{\{origin:([A-Za-z0-9_.-]+)\}\}")
_TEXT_SUFFIXES = {".html", ".htm", ".json", ".jsonld", ".xml", ".txt", ".csv", ".js"}
_TYPES = {".jsonld": "application/ld+json", ".json": "application/json"}


@dataclass(slots=True)
class FixtureSites:
    """Running fixture servers: ``origins`` maps each site name to its origin.

    ``hits`` counts the requests each URL received (tests check what a crawl
    fetched, or did not fetch again); ``not_modified`` the conditional
    requests each URL answered with 304.
    """

    root: Path
    origins: dict[str, str] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    _hits_lock: threading.Lock = field(default_factory=threading.Lock)
    _servers: list[ThreadingHTTPServer] = field(default_factory=list)

    def url(self, site: str, path: str = "/") -> str:
        """Return the URL of ``path`` on fixture site ``site``."""
        return self.origins[site] + path

    def expand(self, text: str) -> str:
        """Replace ``{{origin:NAME}}`` placeholders with running origins."""
        return _PLACEHOLDER.sub(
            lambda m: self.origins.get(m.group(1), m.group(0)), text
        )

    def stop(self) -> None:
        """Shut every server down (all at once: each waits for its poll loop)."""
        stopping = [
            threading.Thread(target=server.shutdown) for server in self._servers
        ]
        for thread in stopping:
            thread.start()
        for thread in stopping:
            thread.join()
        for server in self._servers:
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> FixtureSites:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_sites(
    root: Path,
    names: list[str] | None = None,
    *,
    tls: ssl.SSLContext | None = None,
    delay: float = 0.0,
) -> FixtureSites:
    """Start one server per site directory under ``root`` and return them.

    Args:
        root: the directory holding one directory per site.
        names: serve only these sites (default: all).
        tls: serve over HTTPS with this server context (default: plain HTTP).
        delay: seconds to wait before answering each request (tests that
            must interrupt a crawl half-way need it slow).
    """
    sites = FixtureSites(root=root)
    scheme = "https" if tls is not None else "http"
    dirs = sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    for site_dir in dirs:
        if names is not None and site_dir.name not in names:
            continue
        handler = _handler_for(site_dir, sites, delay)
        server = ThreadingHTTPServer((HOST, 0), handler)
        server.daemon_threads = True
        if tls is not None:  # the handshake runs in the request's own thread
            server.socket = tls.wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
        sites.origins[site_dir.name] = f"{scheme}://{HOST}:{server.server_address[1]}"
        sites._servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return sites


def _handler_for(
    site_dir: Path, sites: FixtureSites, delay: float = 0.0
) -> type[BaseHTTPRequestHandler]:
    overrides = _load_overrides(site_dir)
    signing = _load_json(site_dir / "_sign.json")
    signed: dict[str, bytes] = {}  # ports are fixed while serving: sign once

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with sites._hits_lock:
                sites.hits[sites.origins[site_dir.name] + self.path] += 1
            if delay:
                time.sleep(delay)
            path = unquote(urlsplit(self.path).path)
            override = overrides.get(path, {})
            target = _resolve(site_dir, path)
            if target is None:
                self._send(404, b"not found", "text/plain", override)
                return
            body = target.read_bytes()
            if target.suffix in _TEXT_SUFFIXES and b"{{origin:" in body:
                body = sites.expand(body.decode("utf-8")).encode("utf-8")
            if path in signing:
                if path not in signed:
                    signed[path] = sign_document(body, signing[path])
                body = signed[path]
            status = override.get("status", 200)
            validators = _validators(body, target) if status == 200 else {}
            if validators and _unchanged(self.headers, validators, target):
                with sites._hits_lock:
                    sites.not_modified[sites.origins[site_dir.name] + self.path] += 1
                self.send_response(304)
                for name, value in validators.items():
                    self.send_header(name, value)
                self.end_headers()
                return
            extra = {
                **override,
                "headers": {**validators, **override.get("headers", {})},
            }
            self._send(status, body, _content_type(target), extra)

        def _send(
            self, status: int, body: bytes, ctype: str, extra: dict[str, Any]
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", extra.get("content-type", ctype))
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.get("headers", {}).items():
                self.send_header(name, sites.expand(str(value)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test and demo output quiet."""

    return Handler


def _validators(body: bytes, target: Path) -> dict[str, str]:
    """Return the ``ETag`` and ``Last-Modified`` of a file as served."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = formatdate(int(target.stat().st_mtime), usegmt=True)
    return {"ETag": etag, "Last-Modified": modified}


def _unchanged(headers: Any, validators: dict[str, str], target: Path) -> bool:
    """Tell whether a conditional request names the file as served now."""
    tags = headers.get("If-None-Match")
    if tags is not None:
        return validators["ETag"] in (t.strip() for t in tags.split(","))
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return int(target.stat().st_mtime) <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False


def _resolve(site_dir: Path, path: str) -> Path | None:
    candidate = (site_dir / path.lstrip("/")).resolve()
    if not candidate.is_relative_to(site_dir.resolve()):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.is_file() or candidate.name in ("_headers.json", "_sign.json"):
        return None
    return candidate


def _content_type(path: Path) -> str:
    if path.suffix in _TYPES:
        return _TYPES[path.suffix]
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def _load_overrides(site_dir: Path) -> dict[str, dict[str, Any]]:
    return _load_json(site_dir / "_headers.json")


def _load_json(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data
