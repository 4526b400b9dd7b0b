"""Merging what several blocks, pages and endpoints say about one product.

Products are the same when they share a merge token: their GTIN
(``gtin:<14 digits>``) or a global id (``@id``, URN). Merged products keep
every footprint, certification and provenance of their parts, each with its
own provenance, so rules can compare representations (RCEP-ECO-07).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from crawler.normalise.ids import gtin_token, is_global_id
from rules.disclosure import Product

# scalar fields where the later value wins only when the earlier is missing;
# date_modified keeps the most recent date instead
_LATEST = ("date_modified",)


def merge_tokens(product: Product) -> frozenset[str]:
    """Return the tokens that identify a product across blocks and pages."""
    tokens = {i for i in product.ids if is_global_id(i)}
    if product.gtin:
        tokens.add(gtin_token(product.gtin))
    if product.key:
        tokens.add(product.key)
    return frozenset(tokens)


def merge_two(first: Product, second: Product) -> Product:
    """Return one product holding the facts of both (``first`` wins on conflicts)."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(Product):
        a, b = getattr(first, field.name), getattr(second, field.name)
        if isinstance(a, tuple):
            changes[field.name] = tuple(dict.fromkeys((*a, *b)))
        elif field.name in _LATEST and a is not None and b is not None:
            changes[field.name] = max(a, b)
        elif a in (None, ""):
            changes[field.name] = b
    return dataclasses.replace(first, **changes)


def merge_all(
    products: Sequence[Product], extra: dict[int, set[str]] | None = None
) -> list[Product]:
    """Merge products that share a token; keep first-seen order.

    Args:
        products: the products to merge.
        extra: more tokens per product index (e.g. the product of the page
            that linked an endpoint document), used only for grouping.
    """
    groups: list[tuple[set[str], list[int]]] = []
    for index, product in enumerate(products):
        tokens = set(merge_tokens(product)) | (extra or {}).get(index, set())
        joined = [g for g in groups if g[0] & tokens]
        merged_tokens = tokens.union(*(g[0] for g in joined))
        members = sorted([index, *(i for g in joined for i in g[1])])
        groups = [g for g in groups if g not in joined] + [(merged_tokens, members)]
    groups.sort(key=lambda g: g[1][0])
    merged = []
    for _, members in groups:
        result = products[members[0]]
        for index in members[1:]:
            result = merge_two(result, products[index])
        merged.append(result)
    return merged


def product_key(product: Product, fallback: str) -> str:
    """Return ``gtin:<digits>``, else the first global id, else ``fallback``."""
    if product.gtin:
        return gtin_token(product.gtin)
    ids = [i for i in product.ids if is_global_id(i) and not i.startswith("gtin:")]
    return ids[0] if ids else fallback


def with_keys(products: Sequence[Product], page_url: str) -> list[Product]:
    """Return the products with their final keys (``<page>#product-<n>`` last)."""
    return [
        dataclasses.replace(p, key=product_key(p, f"{page_url}#product-{n}"))
        for n, p in enumerate(products, start=1)
    ]
