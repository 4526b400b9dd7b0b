"""Core checks of the crawl itself: fetching, JSON-LD parsing, contexts, JavaScript."""

from __future__ import annotations

from rules.context import CheckContext
from rules.disclosure import Issue, PageVisit, Product, Provenance, SiteDisclosure
from rules.facts import evidence_of, norm_url, robots_blocks
from rules.model import Evidence, Outcome
from rules.registry import check


def _fetch_reason(visit: PageVisit) -> str:
    if visit.status == 0:
        return visit.error or "no response"
    code = f"HTTP {visit.status}"
    if not visit.error or code in visit.error:
        return visit.error or code
    return f"{code}: {visit.error}"


def _excused(site: SiteDisclosure) -> set[str]:
    """Return URLs whose failure other rules judge: trace links, robots refusals.

    A trace link that does not resolve fails G7-TRC-03; a URL robots.txt
    refuses was not fetched out of politeness, and RCEP-ECO-06 judges it where
    it matters (product pages and data endpoints).
    """
    excused = {norm_url(link.url) for p in site.products for link in p.trace_links}
    excused |= {norm_url(i.url) for i in site.issues if i.kind == "robots"}
    return excused


@check("pages_fetched", target="site")
def pages_fetched(site: SiteDisclosure, ctx: CheckContext) -> tuple[Outcome, ...]:
    """Pass when every page the crawl needed was fetched; else one failure per page.

    A URL fetched successfully on a retry does not count, nor do the URLs
    other rules judge (see :func:`_excused`).
    """
    if not site.pages:
        return (Outcome.error("no page visit recorded: the crawl did not run"),)
    fetched = {norm_url(v.url) for v in site.pages if 200 <= v.status < 400}
    skip = fetched | _excused(site)
    failures: dict[str, str] = {}
    for visit in site.pages:
        failed = visit.status == 0 or visit.status >= 400
        if failed and norm_url(visit.url) not in skip and not _robots(visit, site):
            failures.setdefault(visit.url, _fetch_reason(visit))
    for issue in site.issues:
        if issue.kind == "fetch" and norm_url(issue.url) not in skip:
            failures.setdefault(issue.url, issue.message)
    if not failures:
        return (Outcome.ok(f"all {len(fetched)} page(s) fetched"),)
    return tuple(
        Outcome.fail(
            f"{url} could not be fetched: {why}", Evidence(url=url, excerpt=why)
        )
        for url, why in failures.items()
    )


def _robots(visit: PageVisit, site: SiteDisclosure) -> bool:
    return robots_blocks(visit.url, site.robots_disallowed)


def _position(issue: Issue) -> str:
    block = f"block {issue.block + 1}" if issue.block is not None else "a block"
    line = issue.line if issue.line is not None else "?"
    column = issue.column if issue.column is not None else "?"
    return f"JSON-LD {block} at line {line}, column {column}"


@check("jsonld_blocks_parse", target="site")
def jsonld_blocks_parse(site: SiteDisclosure, ctx: CheckContext) -> tuple[Outcome, ...]:
    """Pass when every JSON-LD block is valid JSON; else one failure per bad block."""
    bad = [i for i in site.issues if i.kind == "jsonld-syntax"]
    if not bad:
        return (Outcome.ok("every JSON-LD block is valid JSON"),)
    return tuple(
        Outcome.fail(
            f"{_position(i)} of {i.url} is not valid JSON: {i.message};"
            " the rest of the page was still screened",
            Evidence(
                url=i.url,
                pointer=f"line {i.line}, column {i.column}",
                excerpt=i.detail or "",
            ),
        )
        for i in bad
    )


@check("contexts_known", target="site")
def contexts_known(site: SiteDisclosure, ctx: CheckContext) -> tuple[Outcome, ...]:
    """Pass when every JSON-LD context is bundled or allowed; else one failure each."""
    unknown = [i for i in site.issues if i.kind == "jsonld-context"]
    if not unknown:
        return (Outcome.ok("every JSON-LD context is bundled or allowed"),)
    return tuple(
        Outcome.fail(
            f"context {i.detail or '(unnamed)'} on {i.url} is neither bundled nor"
            f" allowed: not fetched, expansion used what is known ({i.message})",
            Evidence(
                url=i.url,
                pointer=i.pointer
                or (f"block {i.block + 1}" if i.block is not None else ""),
                excerpt=i.detail or "",
            ),
        )
        for i in unknown
    )


@check("disclosure_without_js")
def disclosure_without_js(product: Product, ctx: CheckContext) -> Outcome:
    """Pass unless part of the product's disclosure appears only after JavaScript.

    A fact counts as rendered-only when it was read from a JSON-LD block that
    the page's visit lists in ``rendered_only_blocks`` (present in the
    rendered DOM, absent from the HTML as served). When rendering one of the
    product's pages failed, the check cannot tell and says why (``error``).
    A site with no product is judged on all its pages.
    """
    facts = _facts(product)
    added = [p for p in facts if _rendered_only(p, ctx)]
    if added:
        pages = ", ".join(sorted({p.url for p in added}))
        blocks = ", ".join(sorted({str((p.block or 0) + 1) for p in added}))
        part = "part of the disclosure" if len(added) < len(facts) else "the disclosure"
        return Outcome.warn(
            f"{part} on {pages} appears only after JavaScript runs (JSON-LD"
            f" block {blocks} of the rendered page): screeners that do not render"
            " pages will miss it",
            *(evidence_of(p, p.url) for p in added[:3]),
        )
    if facts:
        urls = {product.page_url, *(p.url for p in facts)}
        visits = [v for url in sorted(urls) for v in ctx.index.visits(url)]
    else:
        visits = list(ctx.site.pages)
    failed = [v for v in visits if v.render_error]
    if failed:
        return Outcome.error(
            "; ".join(
                f"rendering {v.url} failed: {v.render_error}, so what its scripts"
                " add is unknown (the page was screened as served)"
                for v in failed[:3]
            ),
            *(Evidence(url=v.url, excerpt=v.render_error or "") for v in failed[:3]),
        )
    if any(v.rendered for v in visits):
        return Outcome.ok("disclosure present in the page as served")
    return Outcome.ok("disclosure read without rendering JavaScript")


def _facts(product: Product) -> list[Provenance]:
    """Return where each part of a product's disclosure was read."""
    found = [
        *product.provenance,
        *(f.provenance for f in product.footprints),
        *(c.provenance for c in product.certifications),
        *(t.provenance for t in product.trace_links),
        *(i.provenance for i in product.indicators),
    ]
    return list(dict.fromkeys(found))


def _rendered_only(fact: Provenance, ctx: CheckContext) -> bool:
    if fact.syntax != "json-ld" or fact.block is None:
        return False
    return any(
        v.rendered and fact.block in v.rendered_only_blocks
        for v in ctx.index.visits(fact.url)
    )
