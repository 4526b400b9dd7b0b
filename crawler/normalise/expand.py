"""Expand one JSON-LD block offline, reporting what could not be read.

A context that is neither bundled nor added by the user is not fetched
(CORE-CONTEXT-01): it is reported and expansion runs again without it, so the
terms the page defines elsewhere are still read. Terms that expansion drops
are reported with their JSON pointer (RCEP-ECO-02). A block without any
``@context`` is plain JSON (PACT, Catena-X), not JSON-LD: it is not expanded.

Expansion runs in the crawl's event loop, so a page's blocks share a time
budget (:data:`MAX_EXPANSION_SECONDS`): a block still expanding when it runs
out, and every block after it, is reported and not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyld.jsonld import JsonLdError

from crawler.normalise.context_refs import context_urls, without_contexts
from crawler.normalise.contexts import ContextMatch, ContextRegistry
from crawler.normalise.tracking import (
    DroppedTerm,
    ExpansionOverdue,
    TrackingProcessor,
)
from crawler.normalise.tree import MAX_DEPTH, too_deep
from rules.disclosure import Issue

_MAX_RETRIES = 8

MAX_EXPANSION_SECONDS = 3.0
"""Time the JSON-LD blocks of one page may take to expand, all together.

Well below the download timeout: while a page is expanded no other response
of the crawl is read. A typical product block takes a few milliseconds."""

_CONTEXT_ERROR_CODES = frozenset(
    {
        "loading remote context failed",
        "invalid scoped context",
        "loading document failed",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockRef:
    """Where a block sits: the page URL, its index and its first line/column."""

    url: str
    block: int | None = None
    line: int | None = None
    column: int | None = None

    def issue(self, kind: Any, message: str, **extra: Any) -> Issue:
        """Return an :class:`Issue` located at this block."""
        return Issue(
            kind=kind,
            url=self.url,
            message=message,
            block=self.block,
            line=self.line,
            column=self.column,
            **extra,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Expansion:
    """The result of expanding one block.

    Attributes:
        is_jsonld: whether the block has an ``@context`` at all.
        expanded: the expanded node objects (empty when expansion failed).
        pointers: ``id(expanded node) -> JSON pointer`` into the block.
        contexts: the contexts the block cited that were served.
        refused: the context URLs that were refused (not fetched).
        issues: context, dropped-term and expansion issues.
    """

    is_jsonld: bool
    expanded: tuple[dict[str, Any], ...] = ()
    pointers: Mapping[int, str] = field(default_factory=dict)
    contexts: tuple[ContextMatch, ...] = ()
    refused: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def context_names(self) -> frozenset[str]:
        """Return the names of the served contexts (``untp-dpp``, ...)."""
        return frozenset(match.name for match in self.contexts)


def has_context(data: Any) -> bool:
    """Return whether a parsed block declares a JSON-LD ``@context`` anywhere."""
    if isinstance(data, dict):
        return "@context" in data or has_context(data.get("@graph"))
    if isinstance(data, list):
        return any(has_context(item) for item in data)
    return False


def expand_block(
    data: Any,
    registry: ContextRegistry,
    where: BlockRef,
    *,
    deadline: float | None = None,
) -> Expansion:
    """Expand a parsed JSON-LD block with the registry's offline contexts.

    Args:
        data: the parsed JSON of the block.
        registry: the contexts that may be used.
        where: the page and block, for issues and relative IRIs.
        deadline: ``time.monotonic()`` by which expansion must end (see
            :data:`MAX_EXPANSION_SECONDS`); None for no limit.

    Returns:
        The expansion, with issues for refused contexts, dropped terms and
        failures; never raises for bad input.
    """
    if too_deep(data):
        # refused before any recursive walk: pyld and the tree builders recurse
        reason = f"nesting too deep (more than {MAX_DEPTH} levels)"
        return Expansion(
            is_jsonld=has_context(data),
            issues=(where.issue("jsonld-expansion", reason, detail="depth"),),
        )
    if not has_context(data):
        return Expansion(is_jsonld=False)
    cited = context_urls(data, where.url)
    served = tuple(m for m in map(registry.match, cited) if m is not None)
    refused = [url for url in cited if registry.match(url) is None]
    issues = [_refused_issue(url, where) for url in refused]
    return _expand_retrying(
        data, registry, where, served, refused, issues, deadline=deadline
    )


def _expand_retrying(
    data: Any,
    registry: ContextRegistry,
    where: BlockRef,
    served: tuple[ContextMatch, ...],
    refused: list[str],
    issues: list[Issue],
    *,
    deadline: float | None,
) -> Expansion:
    """Expand, dropping each context pyld could not load and trying again."""
    current = without_contexts(data, refused, where.url)
    for _ in range(_MAX_RETRIES):
        processor = TrackingProcessor(deadline)
        try:
            expanded = processor.expand(current, _options(registry, where.url))
        except Exception as exc:  # pyld also raises plain Python errors (recursion)
            if _overdue(exc):
                issues.append(_overdue_issue(where))
                break
            url = _failed_context_url(exc)
            if url is None or url in refused or registry.match(url) is not None:
                issues.append(_failure_issue(exc, where))
                break
            refused.append(url)
            issues.append(_refused_issue(url, where))
            current = without_contexts(current, [url], where.url)
            continue
        issues.extend(_dropped_issues(processor.dropped, where, served))
        return Expansion(
            is_jsonld=True,
            expanded=tuple(e for e in expanded if isinstance(e, dict)),
            pointers={key: ptr for key, (_, ptr) in processor.pointers.items()},
            contexts=served,
            refused=tuple(refused),
            issues=tuple(issues),
        )
    return Expansion(
        is_jsonld=True, contexts=served, refused=tuple(refused), issues=tuple(issues)
    )


def _options(registry: ContextRegistry, base: str) -> dict[str, Any]:
    return {
        "base": base,
        "documentLoader": registry.loader,
        "contextResolver": registry.resolver(),
    }


def _failed_context_url(exc: BaseException) -> str | None:
    """Return the context URL behind a pyld loading error, if that was the cause."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, JsonLdError) and seen.code in _CONTEXT_ERROR_CODES:
            details = seen.details if isinstance(seen.details, dict) else {}
            url = details.get("url") or details.get("context")
            if isinstance(url, str):
                return url
        seen = seen.__cause__
    return None


def _overdue(exc: BaseException) -> bool:
    """Tell whether expansion stopped at its deadline (pyld may wrap the error)."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        if isinstance(seen, ExpansionOverdue):
            return True
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return False


def _overdue_issue(where: BlockRef) -> Issue:
    return where.issue(
        "jsonld-expansion",
        f"{where.url}: JSON-LD block {(where.block or 0) + 1} at line"
        f" {where.line or '?'} was not read: the page's JSON-LD took more than"
        f" {MAX_EXPANSION_SECONDS:g} s to expand",
        detail="time",
    )


def _refused_issue(url: str, where: BlockRef) -> Issue:
    return where.issue(
        "jsonld-context",
        f"context {url} is neither bundled nor allowed: it was not fetched, and "
        "the block was expanded without it",
        detail=url,
    )


def _failure_issue(exc: BaseException, where: BlockRef) -> Issue:
    reason = "nesting too deep" if isinstance(exc, RecursionError) else str(exc)
    code = getattr(exc, "code", None) or type(exc).__name__
    return where.issue(
        "jsonld-expansion", f"JSON-LD expansion failed: {reason}", detail=str(code)
    )


def _dropped_issues(
    dropped: list[DroppedTerm], where: BlockRef, served: tuple[ContextMatch, ...]
) -> list[Issue]:
    # a term may be missing only because a cited version was served another
    # version's context: say so, so the finding can be read fairly
    mapped = [m for m in served if m.mapped_from]
    note = "".join(
        f" (the block cites {m.name} {m.mapped_from}; the bundled working "
        "context was used)"
        for m in mapped
    )
    return [
        where.issue(
            "jsonld-dropped",
            f"term {d.term!r} at {d.pointer or '/'} has no IRI mapping: "
            f"expansion dropped it{note}",
            detail=d.term,
            pointer=d.pointer,
        )
        for d in dict.fromkeys(dropped)
    ]
