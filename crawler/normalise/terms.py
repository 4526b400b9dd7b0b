"""Terms that do not exist: schema.org names outside release 30.0, VC undefined terms.

The schema.org term list is read from the bundled release 30.0 context, which
defines every term of every layer (core, pending, attic, extensions): a page
using ``SupplyChainEvent`` or ``EnvironmentalImpact`` expands without error
(the context's ``@vocab`` catches it) but names nothing. Terms that the VC 2.0
context files under ``issuer-dependent#`` are undefined too.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from crawler.normalise.bundled import CONTEXT_DIR
from crawler.normalise.tracking import pointer_token
from crawler.normalise.tree import split_iri

_SCHEMA_CONTEXT = CONTEXT_DIR / "schemaorg" / "schemaorgcontext-v30.0.jsonld"
_SCHEMA_SPACES = frozenset(
    {
        "http://schema.org/",
        "https://schema.org/",
        "http://www.schema.org/",
        "https://www.schema.org/",
        "schema:",
    }
)
_UNDEFINED_SPACES = frozenset(
    {
        "https://www.w3.org/ns/credentials/issuer-dependent#",
        "https://www.w3.org/ns/credentials/undefined-term#",
    }
)


@functools.cache
def schemaorg_terms() -> frozenset[str]:
    """Return every term of schema.org release 30.0 (classes, properties, members)."""
    context = json.loads(_SCHEMA_CONTEXT.read_text(encoding="utf-8"))["@context"]
    return frozenset(
        term
        for term, definition in context.items()
        if isinstance(definition, dict)
        and str(definition.get("@id", "")).startswith("schema:")
    )


def unknown_term(iri: str) -> tuple[str, str] | None:
    """Return ``(term, vocabulary)`` when ``iri`` names a term that does not exist."""
    space, local = split_iri(iri)
    if space in _SCHEMA_SPACES and local not in schemaorg_terms():
        return local, "schema.org 30.0"
    if space in _UNDEFINED_SPACES:
        return local, "any context of the credential"
    return None


def unknown_in_expanded(
    expanded: Any, pointers: Mapping[int, str]
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(term, vocabulary, pointer)`` per unknown term in expanded JSON-LD."""
    yield from _walk(expanded, pointers, "")


def _walk(
    item: Any, pointers: Mapping[int, str], pointer: str
) -> Iterator[tuple[str, str, str]]:
    if isinstance(item, list):
        for value in item:
            yield from _walk(value, pointers, pointer)
        return
    if not isinstance(item, dict):
        return
    here = pointers.get(id(item), pointer)
    types = item.get("@type", [])
    for iri in types if isinstance(types, list) else [types]:
        found = unknown_term(iri) if isinstance(iri, str) else None
        if found:
            yield found[0], found[1], here
    for key, value in item.items():
        found = None if key.startswith("@") else unknown_term(key)
        if found:
            yield found[0], found[1], f"{here}/{pointer_token(found[0])}"
        if key != "@type":
            yield from _walk(value, pointers, here)


def unknown_in_microdata(
    item: Any, pointer: str = ""
) -> Iterator[tuple[str, str, str]]:
    """Yield unknown schema.org types and properties of an extruct microdata item."""
    if not isinstance(item, dict):
        return
    types = item.get("type", [])
    schema_typed = False
    for iri in types if isinstance(types, list) else [types]:
        if isinstance(iri, str) and split_iri(iri)[0] in _SCHEMA_SPACES:
            schema_typed = True
            found = unknown_term(iri)
            if found:
                yield found[0], found[1], pointer
    for key, value in (item.get("properties") or {}).items():
        here = f"{pointer}/properties/{pointer_token(key)}"
        if schema_typed and ":" not in key and key not in schemaorg_terms():
            yield key, "schema.org 30.0", here
        for index, inner in enumerate(value if isinstance(value, list) else [value]):
            where = f"{here}/{index}" if isinstance(value, list) else here
            yield from unknown_in_microdata(inner, where)
