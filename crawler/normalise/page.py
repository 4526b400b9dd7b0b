"""Normalise one extracted page into the disclosure model.

Every JSON-LD block is expanded (for its diagnostics and, except UNTP, for its
local-name tree), every microdata / RDFa item is read, each root node goes to
its vocabulary's mapper, and the facts are then put together: products that
share a GTIN or id are merged, and facts found outside any product (a PACT
block, a standalone Certification, a conformity credential) go to the product
they name, or to the page's only product.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.model import ExtractedPage
from crawler.normalise.block import Block, jsonld_block, structured_block
from crawler.normalise.contexts import ContextMatch, ContextRegistry
from crawler.normalise.expand import MAX_EXPANSION_SECONDS
from crawler.normalise.harvest import Harvest
from crawler.normalise.links import documents, endpoints, trace_links
from crawler.normalise.merge import merge_all, merge_tokens, merge_two, with_keys
from crawler.normalise.tree import Node
from crawler.normalise.vocab import harvest_root
from rules.disclosure import (
    AnchorRecord,
    Certification,
    DocumentLink,
    Endpoint,
    Issue,
    Product,
    TraceLink,
    TraceRecord,
)

MAX_STRUCTURED_ITEMS = 5_000
"""Microdata and RDFa items read per page; a page may hold a hostile number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PageDisclosure:
    """What one page (or endpoint document) disclosed, normalised.

    Attributes:
        url: the page URL.
        products: its products, keyed (``gtin:...``, ``@id`` or ``url#product-n``).
        organisation_certifications: certifications of the supplier itself.
        documents: downloadable documents it links to.
        endpoints: its machine-readable alternates and declared APIs.
        trace_links: trace links it could not attribute to a single product.
        trace_records: traceability records / events the page itself holds.
        anchors: ledger records anchoring emission-factor digests it holds.
        context_mappings: contexts served in place of the version cited.
        issues: extraction and normalisation issues.
    """

    url: str
    products: tuple[Product, ...] = ()
    organisation_certifications: tuple[Certification, ...] = ()
    documents: tuple[DocumentLink, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    trace_links: tuple[TraceLink, ...] = ()
    trace_records: tuple[TraceRecord, ...] = ()
    anchors: tuple[AnchorRecord, ...] = ()
    context_mappings: tuple[ContextMatch, ...] = ()
    issues: tuple[Issue, ...] = ()

    def with_issues(self, issues: Iterable[Issue]) -> PageDisclosure:
        """Return a copy with ``issues`` added (e.g. a failure around normalisation)."""
        return dataclasses.replace(self, issues=(*self.issues, *issues))


def normalise_page(page: ExtractedPage, contexts: ContextRegistry) -> PageDisclosure:
    """Return everything a page disclosed, in the disclosure model.

    The page's JSON-LD blocks share one expansion time budget
    (:data:`~crawler.normalise.expand.MAX_EXPANSION_SECONDS`); a block that
    runs out of it is an issue, not a stall of the crawl.

    Args:
        page: the page as extraction read it.
        contexts: the offline JSON-LD contexts (build once per process).
    """
    deadline = time.monotonic() + MAX_EXPANSION_SECONDS
    blocks = [
        jsonld_block(b, contexts, page.url, deadline=deadline) for b in page.jsonld
    ]
    items = (*page.microdata, *page.rdfa)
    blocks += [
        structured_block(item, page.url) for item in items[:MAX_STRUCTURED_ITEMS]
    ]
    harvest = _harvest(blocks)
    products, organisation = _assemble(harvest)
    products, links = _attach_links(products, trace_links(page.links, page.url))
    issues = [*page.issues, *(i for b in blocks for i in b.issues), *harvest.issues]
    if len(items) > MAX_STRUCTURED_ITEMS:
        issues.append(_too_many_items(page.url, len(items)))
    return PageDisclosure(
        url=page.url,
        products=tuple(with_keys(products, page.url)),
        organisation_certifications=tuple(dict.fromkeys(organisation)),
        documents=documents(page.links, page.url),
        endpoints=endpoints(page.links, page.url),
        trace_links=links,
        trace_records=tuple(harvest.trace_records),
        anchors=tuple(harvest.anchors),
        context_mappings=tuple(m for b in blocks for m in b.contexts if m.mapped_from),
        issues=tuple(dict.fromkeys(issues)),
    )


def _too_many_items(url: str, count: int) -> Issue:
    return Issue(
        kind="extraction",
        url=url,
        message=(
            f"{url}: the page holds {count:,} microdata and RDFa items; only the"
            f" first {MAX_STRUCTURED_ITEMS:,} were read"
        ),
        detail="limit",
    )


def _attach_links(
    products: list[Product], links: tuple[TraceLink, ...]
) -> tuple[list[Product], tuple[TraceLink, ...]]:
    """Give the page's trace links to its product; keep them apart if it has several."""
    if len(products) != 1 or not links:
        return products, links
    only = products[0]
    return [dataclasses.replace(only, trace_links=(*only.trace_links, *links))], ()


def _harvest(blocks: list[Block]) -> Harvest:
    """Map every root of every block, with the page-wide node index."""
    index: dict[str, Node] = {}
    referenced: set[str] = set()
    for block in blocks:
        for root in block.roots:
            for node in root.walk():
                if node.id and not node.is_ref:
                    index.setdefault(node.id, node)
                elif node.id and node is not root:
                    referenced.add(node.id)
    out = Harvest()
    for block in blocks:
        ctx = dataclasses.replace(
            block.ctx, index=index, referenced=frozenset(referenced)
        )
        for root in block.roots:
            out.extend(harvest_root(root, ctx, block.hints))
    return out


def _assemble(harvest: Harvest) -> tuple[list[Product], list[Certification]]:
    """Merge products and attach loose facts; return products and organisation certs."""
    products = merge_all(harvest.products, _name_tokens(harvest.products))
    organisation = list(harvest.organisation_certifications)
    for loose in merge_all(harvest.loose):
        target = _target(products, loose)
        if target is not None:
            products[target] = merge_two(products[target], loose)
        elif loose.ids or loose.footprints or loose.name:
            products.append(loose)
        else:  # a certification about nothing in particular, on a page without products
            organisation.extend(
                dataclasses.replace(c, subject="organisation")
                for c in loose.certifications
            )
    return merge_all(products), organisation


def _name_tokens(products: list[Product]) -> dict[int, set[str]]:
    """Return name tokens, so one product marked up twice without ids is one.

    A page often repeats its product in JSON-LD and microdata without a GTIN or
    @id; the same name then means the same product, unless two different
    GTINs carry that name.
    """
    gtins: dict[str, set[str]] = {}
    for product in products:
        if product.name:
            gtins.setdefault(product.name.casefold(), set()).update(
                [product.gtin] if product.gtin else []
            )
    return {
        index: {f"name:{product.name.casefold()}"}
        for index, product in enumerate(products)
        if product.name and len(gtins[product.name.casefold()]) <= 1
    }


def _target(products: list[Product], loose: Product) -> int | None:
    """Return the product a loose fact belongs to, if it can be told."""
    tokens = merge_tokens(loose)
    for index, product in enumerate(products):
        if tokens & merge_tokens(product):
            return index
    if len(products) == 1 and not _conflict(products[0], loose):
        return 0
    return None


def _conflict(product: Product, loose: Product) -> bool:
    """Return whether two products name different GTINs (so they differ)."""
    return bool(product.gtin and loose.gtin and product.gtin != loose.gtin)
