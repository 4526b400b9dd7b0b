"""Checks of the carbon-data interface: RCEP-ECO-01, -02, -05, -06 and G7-API-01.

They judge how the data is published (JSON-LD on the product page, clean
expansion, automated access, a machine-readable endpoint) rather than what
the footprint says.
"""

from __future__ import annotations

from rules.checks._access import access_problem, endpoint_footprints, product_endpoints
from rules.context import CheckContext
from rules.disclosure import Issue, Party, Product, Provenance
from rules.facts import evidence_of, norm_url
from rules.footprint import jsonld_footprints, per_declared_unit, values_agree
from rules.model import Evidence, Outcome, Status
from rules.registry import check

_EXPANSION_KINDS = {
    "jsonld-dropped": "terms dropped by expansion",
    "jsonld-context": "unknown context, not fetched",
    "unknown-term": "term not defined by its vocabulary",
    "jsonld-expansion": "expansion failed",
}


@check("footprint_embedded_as_jsonld")
def footprint_embedded_as_jsonld(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the product page embeds its carbon footprint as JSON-LD."""
    found = jsonld_footprints(product)
    if found:
        fp = found[0]
        return Outcome.ok(
            f"footprint embedded as JSON-LD ({fp.provenance.vocabulary})",
            evidence_of(fp.provenance, product.page_url),
        )
    if product.footprints:
        where = sorted(
            {f"{f.provenance.syntax} at {f.provenance.url}" for f in product.footprints}
        )
        return Outcome.fail(
            f"footprint found only as {'; '.join(where)}: the product page must"
            " embed it as JSON-LD",
            *(evidence_of(f.provenance, product.page_url) for f in product.footprints),
        )
    return Outcome.fail(
        "no carbon-emission data on the product page", Evidence(url=product.page_url)
    )


@check("footprint_jsonld_expands_cleanly")
def footprint_jsonld_expands_cleanly(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the JSON-LD blocks holding the footprint expand without losses."""
    found = jsonld_footprints(product)
    if not found:
        return Outcome.not_applicable(
            "no JSON-LD footprint on the product page (see RCEP-ECO-01)"
        )
    issues: list[Issue] = []
    for fp in found:
        for issue in ctx.index.issues_at(fp.provenance.url):
            same_block = fp.provenance.block is None or issue.block in (
                None,
                fp.provenance.block,
            )
            if issue.kind in _EXPANSION_KINDS and same_block and issue not in issues:
                issues.append(issue)
    if not issues:
        blocks = sorted(
            {
                str(f.provenance.block + 1)
                for f in found
                if f.provenance.block is not None
            }
        )
        where = f" (block {', '.join(blocks)})" if blocks else ""
        return Outcome.ok(f"footprint JSON-LD expands cleanly{where}")
    return Outcome.fail(
        "; ".join(_describe(i) for i in issues),
        *(
            Evidence(url=i.url, pointer=i.pointer or _where(i), excerpt=i.detail or "")
            for i in issues
        ),
    )


def _where(issue: Issue) -> str:
    parts = [f"block {issue.block + 1}" if issue.block is not None else ""]
    if issue.line is not None:
        parts.append(f"line {issue.line}")
    if issue.column is not None:
        parts.append(f"column {issue.column}")
    return ", ".join(p for p in parts if p)


def _describe(issue: Issue) -> str:
    detail = f" ({issue.detail})" if issue.detail else ""
    where = _where(issue)
    kind = _EXPANSION_KINDS[issue.kind]
    return f"{kind}{detail} at {where or issue.url}: {issue.message}"


@check("data_responsible_party_identified")
def data_responsible_party_identified(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the entity responsible for the carbon data is identified."""
    candidates: list[tuple[Party | None, Provenance | None]] = [
        (product.responsible_party, None)
    ]
    candidates += [(f.responsible_party, f.provenance) for f in product.footprints]
    for party, provenance in candidates:
        if party is not None and (party.name or party.id):
            role = f" ({party.role})" if party.role else ""
            who = f"{party.name or party.id}{role}"
            return Outcome.ok(
                f"responsible entity: {who}",
                evidence_of(provenance, product.page_url, who),
            )
    return Outcome.fail(
        "no entity responsible for the carbon data (factory, brand or ODM) identified",
        Evidence(url=product.page_url),
    )


@check("automated_access_works")
def automated_access_works(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the page and its data endpoints answer an automated agent."""
    targets = [product.page_url, *(e.url for e in product_endpoints(product, ctx.site))]
    problems = [
        (url, p) for url in targets if (p := access_problem(url, ctx)) is not None
    ]
    for wanted in (Status.FAIL, Status.ERROR):
        hits = [(url, msg) for url, (status, msg) in problems if status is wanted]
        if hits:
            message = "; ".join(f"{url}: {msg}" for url, msg in hits)
            evidence = tuple(Evidence(url=url, excerpt=msg) for url, msg in hits)
            return Outcome(status=wanted, message=message, evidence=evidence)
    return Outcome.ok(f"{len(targets)} URL(s) answer an automated agent with HTTP 200")


@check("carbon_endpoint_consistent")
def carbon_endpoint_consistent(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an endpoint answers with footprint data consistent with the page."""
    endpoints = product_endpoints(product, ctx.site)
    if not endpoints:
        return Outcome.fail(
            "no machine-readable endpoint (alternate JSON-LD link or API)"
            " for the carbon data",
            Evidence(url=product.page_url),
        )
    page = norm_url(product.page_url)
    shown = [f for f in product.footprints if norm_url(f.provenance.url) == page]
    reference = per_declared_unit(shown[0]) if shown else None
    problems: list[tuple[Status, str]] = []
    for endpoint in endpoints:
        problem = _endpoint_problem(product, endpoint.url, reference, ctx)
        if problem is None:
            return Outcome.ok(
                f"{endpoint.url} serves footprint data consistent with the page",
                Evidence(url=endpoint.url),
            )
        problems.append(problem)
    status = Status.FAIL if any(s is Status.FAIL for s, _ in problems) else Status.ERROR
    return Outcome(
        status=status,
        message="; ".join(m for _, m in problems),
        evidence=tuple(Evidence(url=e.url) for e in endpoints),
    )


def _endpoint_problem(
    product: Product,
    url: str,
    reference: tuple[float, str] | None,
    ctx: CheckContext,
) -> tuple[Status, str] | None:
    """Return why an endpoint does not serve the page's footprint, or ``None``."""
    problem = access_problem(url, ctx)
    if problem is not None:
        return problem[0], f"{url}: {problem[1]}"
    served = endpoint_footprints(product, url)
    if not served:
        return Status.FAIL, f"{url} answers but carries no footprint"
    value = per_declared_unit(served[0])
    tolerance = ctx.options.consistency_tolerance
    if reference and value and not values_agree(reference, value, tolerance):
        return Status.FAIL, (
            f"{url} gives {value[0]:g} kg CO2e/{value[1]},"
            f" the page {reference[0]:g} kg CO2e/{reference[1]}"
        )
    return None
