"""Offline JSON-LD contexts: which URL spellings map to which bundled file.

No context is ever fetched from the network. Every context a page may cite is
either bundled under ``crawler/contexts/`` (see ``THIRD_PARTY.md``) or added by
the user from a file (``URL=FILE``); everything else is refused by the one
document loader of a :class:`ContextRegistry`.

Resolved contexts are cached per registry (not in pyld's module-level cache),
so a registry built once per process processes each context once: expanding a
schema.org block costs ~25 ms with a cold cache and well under 1 ms after.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyld.context_resolver import ContextResolver
from pyld.documentloader.frozen import FrozenDocumentLoader

from crawler.normalise.bundled import (
    BUNDLED,
    CONTEXT_DIR,
    UNTP_TYPES,
    UNTP_VERSIONED,
    UNTP_WORKING,
)


def url_key(url: str) -> str:
    """Return the spelling-independent lookup key of a context URL.

    The scheme, a leading ``www.`` and a trailing slash are ignored and the
    host is lower-cased, so ``http://schema.org`` and ``https://schema.org/``
    share one key.
    """
    rest = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url.strip())
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/") if path else host


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextMatch:
    """A context URL that the registry serves, and from which file.

    Attributes:
        url: the URL as the page wrote it.
        name: the bundled context's name (``schema.org``, ``untp-dpp``, ...)
            or ``user`` for a context the user added by file.
        path: the file served for it.
        mapped_from: the version the page cited when it was served another
            version's context (UNTP ``0.6.0`` -> ``working``), else ``None``.
    """

    url: str
    name: str
    path: Path
    mapped_from: str | None = None


class _BoundedCache(OrderedDict[str, Any]):
    """A small LRU mapping for pyld's resolved contexts (pages bring many)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            return default
        self.move_to_end(key)
        return self[key]

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.maxsize:
            self.popitem(last=False)


class _OfflineLoader(FrozenDocumentLoader):  # type: ignore[misc]
    """pyld loader serving a registry's files and refusing every other URL."""

    def __init__(self, registry: ContextRegistry) -> None:
        super().__init__(documents={})
        self._registry = registry

    def __call__(self, url: str, options: dict[str, Any]) -> dict[str, Any]:
        match = self._registry.match(url)
        if match is None:
            return super().__call__(url, options)  # type: ignore[no-any-return]
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": self._registry.document(match.path),
            # "static" lets pyld keep the resolved context under this URL in
            # the shared cache; without a tag it re-processes it every time.
            "tag": "static",
        }


class ContextRegistry:
    """Every JSON-LD context greengate may use, and the loader that serves them.

    Build it once per process (:meth:`bundled` returns a shared instance) and
    pass it to every expansion: its loader and its resolved-context cache are
    what make repeated expansions cheap.
    """

    def __init__(self, extra: Mapping[str, Path] | None = None) -> None:
        """Create a registry of the bundled contexts plus ``extra`` URL -> file."""
        self._by_key: dict[str, tuple[str, Path]] = {}
        for name, (rel, urls) in BUNDLED.items():
            for url in urls:
                self._by_key[url_key(url)] = (name, CONTEXT_DIR / rel)
        for url, path in (extra or {}).items():
            self._by_key[url_key(url)] = ("user", _checked_context_file(path))
        self._extra = dict(extra or {})
        self._documents: dict[Path, Any] = {}
        self.cache = _BoundedCache(maxsize=256)
        self.loader = _OfflineLoader(self)

    @property
    def extra(self) -> dict[str, Path]:
        """Return the user's contexts (URL -> file) besides the bundled ones."""
        return dict(self._extra)

    @classmethod
    def bundled(cls, extra: Mapping[str, Path] | None = None) -> ContextRegistry:
        """Return the process-wide registry of the bundled contexts.

        Args:
            extra: user contexts (URL -> file); each distinct set gets one
                shared registry too, so its cache lives as long as the process.
        """
        if not extra:
            return _bundled_registry()
        return _registry_with(tuple(sorted((u, Path(p)) for u, p in extra.items())))

    def with_files(self, specs: Iterable[str]) -> ContextRegistry:
        """Return a new registry that also serves user files given as ``URL=FILE``.

        The split is at the last ``=`` because context URLs may carry a query.

        Raises:
            ValueError: a spec has no ``=``, or its file is not a JSON-LD context.
        """
        extra = dict(self._extra)
        for spec in specs:
            url, sep, file = spec.rpartition("=")
            if not sep or not url or not file:
                raise ValueError(f"expected URL=FILE, got {spec!r}")
            extra[url.strip()] = Path(file.strip())
        return ContextRegistry(extra)

    def match(self, url: str) -> ContextMatch | None:
        """Return how ``url`` is served, or ``None`` when it must be refused."""
        key = url_key(url)
        if key in self._by_key:
            name, path = self._by_key[key]
            return ContextMatch(url=url, name=name, path=path)
        versioned = UNTP_VERSIONED.match(key)
        if versioned and versioned["type"] in UNTP_TYPES:
            name, path = self._by_key[url_key(UNTP_WORKING.format(versioned["type"]))]
            return ContextMatch(
                url=url, name=name, path=path, mapped_from=versioned["version"]
            )
        return None

    def document(self, path: Path) -> Any:
        """Return a copy of the parsed context file (pyld edits what it gets)."""
        if path not in self._documents:
            self._documents[path] = json.loads(path.read_text(encoding="utf-8"))
        return copy.deepcopy(self._documents[path])

    def resolver(self) -> ContextResolver:
        """Return a pyld context resolver sharing this registry's cache."""
        return ContextResolver(self.cache, self.loader)

    def names(self) -> frozenset[str]:
        """Return the names of the contexts this registry serves."""
        return frozenset(name for name, _ in self._by_key.values())


def _checked_context_file(path: Path) -> Path:
    """Return ``path`` if it holds a JSON object with ``@context``, else raise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read context file {path}: {exc}") from exc
    if not isinstance(data, dict) or "@context" not in data:
        raise ValueError(f"{path} is not a JSON-LD context (no @context)")
    return Path(path)


@functools.cache
def _bundled_registry() -> ContextRegistry:
    return ContextRegistry()


@functools.cache
def _registry_with(extra: tuple[tuple[str, Path], ...]) -> ContextRegistry:
    return ContextRegistry(dict(extra))
