"""The canonicalisation worker: JSON lines in, canonical N-Quads out.

Run as ``python -m crawler.verify.rdfc_worker`` by :mod:`crawler.verify.rdfc`;
each input line is a JSON array of documents, each output line either
``{"ok": [[nquads, dropped], ...]}`` or ``{"error": "..."}``. It exits at the
end of its input.
"""

from __future__ import annotations

import json
import sys

from crawler.verify.rdfc import algorithm, canonize_here


def main() -> None:
    """Serve jobs from standard input until it closes."""
    algorithm()
    _answer({"ready": True})
    for line in sys.stdin.buffer:
        try:
            done = [canonize_here(doc) for doc in json.loads(line)]
            answer: dict[str, object] = {
                "ok": [[c.nquads, list(c.dropped)] for c in done]
            }
        except Exception as exc:  # anything pyld raises is this job's failure
            answer = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
        _answer(answer)


def _answer(answer: dict[str, object]) -> None:
    sys.stdout.buffer.write(json.dumps(answer).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
