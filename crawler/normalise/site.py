"""Put a supplier's pages together into one :class:`~rules.disclosure.SiteDisclosure`.

Products are merged across pages by key (GTIN first, then ``@id``). A product
read from an endpoint or alternate document (``/products/x.jsonld`` linked
from the product page) that names no GTIN or id shared with another page is
attached to the product of the page that linked it. Each footprint keeps its
own provenance, so rules can compare the page with its endpoint.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TypeVar
from urllib.parse import urldefrag

from crawler.normalise.merge import merge_all, merge_tokens, product_key
from crawler.normalise.page import PageDisclosure
from rules.disclosure import (
    AnchorRecord,
    CarbonFootprint,
    Issue,
    PageVisit,
    Product,
    SiteDisclosure,
)

T = TypeVar("T")


def build_site(
    *,
    supplier_id: str,
    name: str,
    start_url: str,
    pages: Sequence[PageDisclosure],
    visits: Sequence[PageVisit],
    robots_disallowed: Iterable[str] = (),
    hs_codes: Iterable[str] = (),
    profiles: Iterable[str] = (),
    extra_issues: Iterable[Issue] = (),
) -> SiteDisclosure:
    """Return the supplier's disclosure from its normalised pages.

    Args:
        supplier_id: the supplier's id in the supplier list.
        name: the supplier's name.
        start_url: where the crawl started.
        pages: the normalised pages and endpoint documents.
        visits: every page the crawl fetched or tried to.
        robots_disallowed: URLs robots.txt kept the crawl from.
        hs_codes: HS codes from the supplier list, for every product.
        profiles: rule profiles to apply (``jp``, ``de``).
        extra_issues: issues of the crawl itself (fetch, robots), not of a page.
    """
    products = [p for page in pages for p in page.products]
    merged = merge_all(products, _endpoint_tokens(pages, products))
    anchors = {_plain(a.url): a for page in pages for a in page.anchors}
    return SiteDisclosure(
        supplier_id=supplier_id,
        name=name,
        start_url=start_url,
        pages=tuple(visits),
        products=tuple(
            dataclasses.replace(
                p, key=product_key(p, p.key), footprints=_anchored(p, anchors)
            )
            for p in merged
        ),
        organisation_certifications=_unique(
            c for pg in pages for c in pg.organisation_certifications
        ),
        documents=_unique(d for page in pages for d in page.documents),
        endpoints=_unique(e for page in pages for e in page.endpoints),
        trace_records=_unique(r for page in pages for r in page.trace_records),
        issues=_unique([*(i for page in pages for i in page.issues), *extra_issues]),
        robots_disallowed=tuple(robots_disallowed),
        hs_codes=tuple(hs_codes),
        profiles=tuple(profiles),
    )


def _anchored(
    product: Product, anchors: dict[str, AnchorRecord]
) -> tuple[CarbonFootprint, ...]:
    """Return the product's footprints with the digests their anchors recorded."""
    return tuple(
        dataclasses.replace(
            fp,
            emission_factor_sources=tuple(
                dataclasses.replace(
                    s, anchor_digest=anchors[_plain(s.anchor_url)].digest
                )
                if s.anchor_url and _plain(s.anchor_url) in anchors
                else s
                for s in fp.emission_factor_sources
            ),
        )
        for fp in product.footprints
    )


def _endpoint_tokens(
    pages: Sequence[PageDisclosure], products: list[Product]
) -> dict[int, set[str]]:
    """Return merge tokens tying endpoint products to their linking page's product.

    Only products that share no token with a product of another page get one,
    and only when the linking page has exactly one product.
    """
    linker: dict[str, PageDisclosure] = {}
    for page in pages:
        for endpoint in page.endpoints:
            linker.setdefault(_plain(endpoint.url), page)
    extra: dict[int, set[str]] = {}
    for index, product in enumerate(products):
        linking = linker.get(_plain(product.page_url))
        if linking is None or len(linking.products) != 1:
            continue
        if linking.url == product.page_url or _shares_token(product, products):
            continue
        extra[index] = set(merge_tokens(linking.products[0]))
    return extra


def _shares_token(product: Product, products: list[Product]) -> bool:
    tokens = merge_tokens(product)
    return any(
        other.page_url != product.page_url and tokens & merge_tokens(other)
        for other in products
    )


def _plain(url: str) -> str:
    return urldefrag(url)[0].rstrip("/")


def _unique(items: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(items))
