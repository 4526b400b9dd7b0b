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
    return _merge_group([first, second])


def _merge_group(group: Sequence[Product]) -> Product:
    """Return one product holding the facts of all, earlier ones winning.

    The same as folding :func:`merge_two` over ``group``, in one pass per
    field: a page may repeat one product thousands of times, and growing the
    merged tuples pairwise would take quadratic time.
    """
    first = group[0]
    if len(group) == 1:
        return first
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(Product):
        values = [getattr(product, field.name) for product in group]
        if isinstance(values[0], tuple):
            changes[field.name] = tuple(
                dict.fromkeys(item for value in values for item in value)
            )
        elif field.name in _LATEST:
            known = [value for value in values if value is not None]
            changes[field.name] = max(known) if known else values[-1]
        else:
            changes[field.name] = next(
                (value for value in values if value not in (None, "")), values[-1]
            )
    return dataclasses.replace(first, **changes)


def merge_all(
    products: Sequence[Product], extra: dict[int, set[str]] | None = None
) -> list[Product]:
    """Merge products that share a token; keep first-seen order.

    Products that share a token, directly or through others, form one group
    (union-find over the tokens, so thousands of products take linear time).

    Args:
        products: the products to merge.
        extra: more tokens per product index (e.g. the product of the page
            that linked an endpoint document), used only for grouping.
    """
    parent = list(range(len(products)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[str, int] = {}
    for index, product in enumerate(products):
        for token in set(merge_tokens(product)) | (extra or {}).get(index, set()):
            if token not in owner:
                owner[token] = index
                continue
            a, b = root(owner[token]), root(index)
            parent[max(a, b)] = min(a, b)  # the root is a group's first member
    groups: dict[int, list[Product]] = {}
    for index, product in enumerate(products):
        groups.setdefault(root(index), []).append(product)
    return [_merge_group(groups[first]) for first in sorted(groups)]


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
