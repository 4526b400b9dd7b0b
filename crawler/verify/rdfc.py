"""RDF Dataset Canonicalization (RDFC-1.0) with pyld, bounded in time.

Canonicalisation can take exponential time on crafted input (a graph of
blank nodes that all look alike), and pyld has no time limit of its own. It
therefore runs in a worker process that is killed when the time runs out;
the worker is started once and reused. It is a plain subprocess
(``python -m crawler.verify.rdfc_worker``) speaking JSON lines, so it never
re-imports the caller's ``__main__``. It loads contexts only from the bundled
:class:`~crawler.normalise.contexts.ContextRegistry`.

It also reports what JSON-LD expansion silently leaves out (a term no
context defines, a type or id that is not an absolute IRI): those values are
not covered by a signature, so the verifier treats them as a failure (what
JSON-LD processors call "safe mode").
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from crawler.verify.errors import CannotVerify

STARTUP_TIMEOUT = 60.0
_NQUADS = "application/n-quads"


class CanonicalizationTimeout(CannotVerify):
    """Canonicalisation did not finish within its time limit."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Canonical:
    """One canonicalised document.

    Attributes:
        nquads: the canonical N-Quads, as the test vectors print them.
        dropped: what expansion left out (terms, relative type or id values).
    """

    nquads: str
    dropped: tuple[str, ...] = ()


def canonize(
    documents: Sequence[Mapping[str, Any]], *, timeout: float
) -> tuple[Canonical, ...]:
    """Canonicalise JSON-LD documents in the worker, within ``timeout`` seconds.

    Starting the worker (once per process) does not count against ``timeout``.

    Raises:
        CanonicalizationTimeout: the time ran out (the worker is killed).
        CannotVerify: pyld failed (e.g. a context that is not bundled).
    """
    return _WORKER.run([dict(doc) for doc in documents], timeout)


def canonize_here(document: Mapping[str, Any]) -> Canonical:
    """Canonicalise one document in this process, without a time limit.

    This is what the worker runs; callers go through :func:`canonize`, which
    bounds it in time.
    """
    from pyld.jsonld import JsonLdProcessor

    from crawler.normalise.contexts import ContextRegistry

    registry = ContextRegistry.bundled()
    dropped: list[str] = []
    processor = JsonLdProcessor(
        on_property_dropped=lambda term: dropped.append(f"term {term or '(null)'}")
    )
    options = {
        "algorithm": algorithm(),
        "format": _NQUADS,
        "documentLoader": registry.loader,
        "contextResolver": registry.resolver(),
    }
    expanded = processor.expand(dict(document), options)
    dropped.extend(_relative_iris(expanded))
    nquads = processor.normalize(expanded, options)
    return Canonical(nquads=str(nquads), dropped=tuple(dropped))


@functools.cache
def algorithm() -> str:
    """Return the RDFC-1.0 name this pyld accepts: ``RDFC-1.0`` or ``URDNA2015``."""
    from pyld.jsonld import JsonLdError, normalize

    try:
        normalize({}, {"algorithm": "RDFC-1.0", "format": _NQUADS})
    except JsonLdError:
        return "URDNA2015"
    return "RDFC-1.0"


def _relative_iris(expanded: Any) -> list[str]:
    """Return the ``@type`` and ``@id`` values that RDF conversion would drop."""
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            types = node.get("@type")
            if "@value" not in node:
                for value in types if isinstance(types, list) else [types]:
                    if isinstance(value, str) and not _absolute(value):
                        found.append(f"type {value}")
            ident = node.get("@id")
            if isinstance(ident, str) and not _absolute(ident):
                found.append(f"id {ident}")
            for key, value in node.items():
                if key not in ("@type", "@id", "@value"):
                    visit(value)

    visit(expanded)
    return found


def _absolute(iri: str) -> bool:
    return iri.startswith("_:") or (":" in iri and not iri.startswith(":"))


class _Worker:
    """One canonicalisation subprocess, restarted after it was killed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._pending = b""

    def run(self, job: list[dict[str, Any]], timeout: float) -> tuple[Canonical, ...]:
        """Send one job and wait at most ``timeout`` seconds for its answer."""
        with self._lock:
            self._ensure_started()
            try:
                self._send(job)
                answer = self._receive(time.monotonic() + max(timeout, 0.0))
            except TimeoutError:
                self._kill()
                raise CanonicalizationTimeout(
                    f"RDF canonicalisation did not finish within {timeout:.1f} s"
                ) from None
            except (OSError, ValueError) as exc:
                self._kill()
                raise CannotVerify(
                    f"the canonicalisation worker failed: {exc}"
                ) from exc
        if "error" in answer:
            raise CannotVerify(f"RDF canonicalisation failed: {answer['error']}")
        return tuple(Canonical(nquads=n, dropped=tuple(d)) for n, d in answer["ok"])

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._kill()
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "crawler.verify.rdfc_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path},
        )
        try:
            self._receive(time.monotonic() + STARTUP_TIMEOUT)
        except (TimeoutError, OSError, ValueError) as exc:
            self._kill()
            raise CannotVerify("the canonicalisation worker did not start") from exc

    def _send(self, job: list[dict[str, Any]]) -> None:
        stdin = self._pipe("stdin")
        stdin.write(json.dumps(job).encode("utf-8") + b"\n")
        stdin.flush()

    def _receive(self, until: float) -> dict[str, Any]:
        """Read one JSON line, raising ``TimeoutError`` at ``until``."""
        stdout = self._pipe("stdout")
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in self._pending:
                left = until - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise TimeoutError
                chunk = os.read(stdout.fileno(), 1 << 16)
                if not chunk:
                    raise OSError("the worker exited")
                self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        answer = json.loads(line)
        if not isinstance(answer, dict):
            raise ValueError("unexpected answer from the worker")
        return answer

    def _pipe(self, name: str) -> IO[bytes]:
        pipe = getattr(self._process, name, None)
        if pipe is None:
            raise OSError("the worker is not running")
        return pipe  # type: ignore[no-any-return]

    def _kill(self) -> None:
        process, self._process, self._pending = self._process, None, b""
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def stop(self) -> None:
        """Ask the worker to exit (end of its input), then make sure it has."""
        with self._lock:
            process = self._process
            if process is not None and process.stdin is not None:
                try:
                    process.stdin.close()
                    process.wait(timeout=2)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._kill()


_WORKER = _Worker()
atexit.register(_WORKER.stop)
