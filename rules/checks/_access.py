"""Shared reading of endpoints and page access for the interface checks."""

from __future__ import annotations

from rules.context import CheckContext
from rules.disclosure import CarbonFootprint, Endpoint, Product, SiteDisclosure
from rules.facts import norm_url, robots_blocks
from rules.model import Status

_LOGIN_STATUSES = frozenset({401, 403, 407})


def product_endpoints(product: Product, site: SiteDisclosure) -> tuple[Endpoint, ...]:
    """Return endpoints declared on the product's pages or serving its footprint."""
    pages = {norm_url(product.page_url), *(norm_url(p.url) for p in product.provenance)}
    served = {norm_url(f.provenance.url) for f in product.footprints}
    return tuple(
        e
        for e in site.endpoints
        if norm_url(e.page_url) in pages or norm_url(e.url) in served
    )


def endpoint_footprints(product: Product, url: str) -> tuple[CarbonFootprint, ...]:
    """Return the product's footprints that were read from ``url``."""
    key = norm_url(url)
    return tuple(f for f in product.footprints if norm_url(f.provenance.url) == key)


def access_problem(url: str, ctx: CheckContext) -> tuple[Status, str] | None:
    """Return why an automated agent cannot read ``url``, or ``None`` if it can.

    Returns:
        ``(FAIL, why)`` for robots.txt refusals, login walls, HTTP errors and
        timeouts; ``(ERROR, why)`` when the crawl never tried the URL.
    """
    if robots_blocks(url, ctx.site.robots_disallowed):
        return Status.FAIL, "disallowed by robots.txt for a generic agent"
    visits = ctx.index.visits(url)
    if not visits:
        return Status.ERROR, "not visited by the crawl"
    if any(200 <= v.status < 300 for v in visits):
        return None
    last = visits[-1]
    if last.status in _LOGIN_STATUSES:
        return Status.FAIL, f"login wall or access denied (HTTP {last.status})"
    if last.status == 0:
        return Status.FAIL, f"no answer ({last.error or 'no response'})"
    reason = f": {last.error}" if last.error else ""
    return Status.FAIL, f"HTTP {last.status}{reason}"
