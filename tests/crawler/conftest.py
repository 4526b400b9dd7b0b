"""Fixtures of the crawler tests: extruct's sample corpus and the golden pages."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
EXTRUCT_SAMPLES = REFERENCE / "extruct-fixtures" / "tests" / "samples"
PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"


def extruct_sample(name: str) -> Path:
    """Return a file of extruct's sample corpus (``schema.org/product.html``)."""
    path = EXTRUCT_SAMPLES / name
    assert path.is_file(), f"extruct sample not found: {path}"
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test on any attempt to resolve a name or open a connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# --- normalisation: offline contexts and pages built from reference data ---


@pytest.fixture(scope="session")
def registry():
    """The process-wide registry of bundled JSON-LD contexts."""
    from crawler.normalise import ContextRegistry

    return ContextRegistry.bundled()


def reference_json(relative: str):
    """Return a parsed JSON file of the shared reference corpus."""
    import json

    path = REFERENCE / relative
    assert path.is_file(), f"reference file not found: {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def page_of(*blocks, url: str = "https://supplier.example/products/inv-5k", **extra):
    """Return an ExtractedPage whose JSON-LD blocks hold ``blocks`` (parsed JSON)."""
    from crawler.model import ExtractedPage, JsonLdBlock

    jsonld = tuple(
        JsonLdBlock(index=i, line=10 * (i + 1), column=5, data=data)
        for i, data in enumerate(blocks)
    )
    return ExtractedPage(url=url, status=200, jsonld=jsonld, **extra)
