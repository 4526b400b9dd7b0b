"""Finding and removing the context URLs a JSON-LD block cites.

Contexts are cited in ``@context`` values (strings, lists, objects), in
``@import`` and in the scoped contexts of term definitions. Relative URLs are
made absolute against the page URL, as pyld would.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin


def context_urls(data: Any, base: str) -> list[str]:
    """Return every context URL cited in ``data`` (made absolute), in order."""
    found: list[str] = []

    def visit_context(ctx: Any) -> None:
        for item in ctx if isinstance(ctx, list) else [ctx]:
            if isinstance(item, str):
                found.append(urljoin(base, item))
            elif isinstance(item, dict):
                visit_definitions(item)

    def visit_definitions(ctx: dict[str, Any]) -> None:
        for key, value in ctx.items():
            if key == "@import":
                visit_context(value)
            elif isinstance(value, dict) and "@context" in value:  # scoped context
                visit_context(value["@context"])

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    visit_context(value)
                else:
                    visit(value)

    visit(data)
    return list(dict.fromkeys(found))


def without_contexts(data: Any, urls: list[str], base: str) -> Any:
    """Return a copy of ``data`` whose ``@context`` values omit ``urls``."""
    if not urls:
        return data
    drop = set(urls)

    def dropped(value: Any) -> bool:
        return isinstance(value, str) and urljoin(base, value) in drop

    def clean_context(ctx: Any) -> Any:
        if isinstance(ctx, str):
            return {} if dropped(ctx) else ctx
        if isinstance(ctx, list):
            kept = [clean_context(item) for item in ctx]
            return [item for item in kept if item != {}] or {}
        if isinstance(ctx, dict):
            return {
                key: clean_context(value) if key == "@context" else clean_term(value)
                for key, value in ctx.items()
                # @import must name a context: a dropped one goes with its key
                if not (key == "@import" and dropped(value))
            }
        return ctx

    def clean_term(term: Any) -> Any:
        if isinstance(term, dict) and "@context" in term:
            return {**term, "@context": clean_context(term["@context"])}
        return term

    def clean(node: Any) -> Any:
        if isinstance(node, list):
            return [clean(item) for item in node]
        if isinstance(node, dict):
            return {
                key: clean_context(value) if key == "@context" else clean(value)
                for key, value in node.items()
            }
        return node

    return clean(data)
