"""Keep processed pages on disk, so an unchanged page is not normalised again.

A second scan of an unchanged site gets the same bytes for every page (from
Scrapy's HTTP cache, after a 304: see :mod:`crawler.httpcache`); extracting
and normalising them again would give the very same :class:`ProcessedPage`.
:class:`CachingPageProcessor` looks each page up by a key made of the SHA-256
of its body, its URL, status, content type, encoding, role, whether it was
rendered, the supplier and site it belongs to, and a *fingerprint* of
everything else the result depends on: greengate's version, its own source
(extraction, normalisation, the disclosure model) and the JSON-LD contexts it
expands with, bundled and ``--context`` files alike. A changed body is a
different key: a result is never reused across a body change.

Each entry also keeps the page's render inspection
(:func:`crawler.render.detect.inspect`, what ``--render auto`` decides from)
once it was asked for, so a re-inspection does not parse the page again.

Entries are JSON (:mod:`crawler.codec`), one file per key, written atomically;
an entry that cannot be read is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path

from crawler import __version__, codec
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry
from crawler.normalise.bundled import CONTEXT_DIR
from crawler.processing import (
    PageProcessor,
    PageWork,
    ProcessorRecipe,
    Role,
    inspect_served,
)

_PACKAGES = ("crawler", "rules")
"""Packages whose Python source is part of the fingerprint."""


def fingerprint(extra_contexts: Mapping[str, Path] | None = None) -> str:
    """Return the hash of what, besides the page, a processed page depends on."""
    digest = hashlib.sha256(f"greengate {__version__}\n".encode())
    digest.update(_source_hash().encode())
    for url, path in sorted((extra_contexts or {}).items()):
        digest.update(f"context {url}\n".encode())
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


@cache
def _source_hash() -> str:
    """Hash the package source and the bundled contexts (once per process)."""
    root = Path(__file__).resolve().parent.parent
    files = [p for name in _PACKAGES for p in (root / name).rglob("*.py")]
    return _hash_files(root, [*files, *CONTEXT_DIR.rglob("*")])


def _hash_files(root: Path, paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class PageCache:
    """Processed pages under ``directory``, one JSON file per key."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0

    def key(
        self, page: FetchedPage, *, supplier_id: str, site_url: str, role: Role
    ) -> str:
        """Return the key of a page's result (hex SHA-256)."""
        parts = [
            self.fingerprint,
            hashlib.sha256(page.body).hexdigest(),
            page.url,
            page.status,
            page.content_type,
            page.encoding,
            page.rendered,
            page.error,
            role,
            supplier_id,
            site_url,
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def get(self, key: str) -> PageWork | None:
        """Return the result stored under ``key``, or ``None``."""
        try:
            data = json.loads(self._path(key).read_bytes())
            page = codec.decode(PageWork, data)
        except (OSError, ValueError):  # missing, truncated, or an old shape
            self.misses += 1
            return None
        self.hits += 1
        return page

    def put(self, key: str, page: PageWork) -> None:
        """Store ``page`` under ``key``; a full or read-only disk only costs speed."""
        path = self._path(key)
        try:
            text = json.dumps(codec.encode(page), separators=(",", ":"))
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except (OSError, codec.CodecError):
            return

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"


class CachingPageProcessor(PageProcessor):
    """A :class:`PageProcessor` that reuses results stored in a :class:`PageCache`.

    Only pages are cached (not verification resources, whose processing is
    only keeping their bytes).
    """

    def __init__(self, contexts: ContextRegistry, cache: PageCache) -> None:
        super().__init__(contexts)
        self.cache = cache

    def recipe(self) -> ProcessorRecipe:
        """Return what builds an equal processor, on the same cache, elsewhere."""
        cache = (self.cache.directory, self.cache.fingerprint)
        return ProcessorRecipe(contexts=super().recipe().contexts, page_cache=cache)

    def reuses_results(self) -> bool:
        """Tell whether the cache holds any result (a re-inspection, likely)."""
        try:
            return any(self.cache.directory.iterdir())
        except OSError:
            return False

    def stored(
        self,
        page: FetchedPage,
        *,
        supplier_id: str,
        site_url: str,
        role: Role,
        inspect_render: bool = False,
    ) -> PageWork | None:
        """Return the stored result for this page, when it is complete."""
        if role == "resource":
            return None
        key = self.cache.key(
            page, supplier_id=supplier_id, site_url=site_url, role=role
        )
        result = self.cache.get(key)
        if result is None or (inspect_render and result.served is None):
            return None
        return result

    def work(
        self,
        page: FetchedPage,
        *,
        supplier_id: str,
        site_url: str,
        role: Role,
        inspect_render: bool = False,
    ) -> PageWork:
        """Return the stored result for this page, or process and store it.

        A stored result without the render inspection asked for gets it (the
        page is parsed again for that only) and is stored again with it.
        """
        if role == "resource":
            return super().work(
                page, supplier_id=supplier_id, site_url=site_url, role=role
            )
        key = self.cache.key(
            page, supplier_id=supplier_id, site_url=site_url, role=role
        )
        result = self.cache.get(key)
        if result is None:
            result = super().work(
                page,
                supplier_id=supplier_id,
                site_url=site_url,
                role=role,
                inspect_render=inspect_render,
            )
            self.cache.put(key, result)
        elif inspect_render and result.served is None:
            result = replace(result, served=inspect_served(page))
            self.cache.put(key, result)
        return result
