"""G7 traceability checks: network, stages, live links, ore batches, map, scrap."""

from __future__ import annotations

from rules.checks._trace import (
    STAGES,
    chain,
    digest_problem,
    fetched_digest,
    mix_problem,
    recognised_network,
    refers_back,
    stage_of,
)
from rules.context import CheckContext
from rules.disclosure import Product, TraceRecord
from rules.facts import evidence_of, norm_url
from rules.model import Evidence, Outcome
from rules.registry import check
from rules.scope import is_intermediate_mineral

_NO_LINKS = "no traceability links (see G7-TRC-01)"


def _record_evidence(
    records: tuple[TraceRecord, ...] | list[TraceRecord],
) -> tuple[Evidence, ...]:
    return tuple(evidence_of(r.provenance, r.url, r.stage or "") for r in records)


@check("trace_link_on_recognised_network")
def trace_link_on_recognised_network(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when a traceability link leads to a recognised permissioned network."""
    if not product.trace_links:
        return Outcome.fail(
            "no traceability link embedded", Evidence(url=product.page_url)
        )
    networks = ctx.options.recognised_networks
    for link in product.trace_links:
        entry = recognised_network(link, ctx.index.record(link.url), networks)
        if entry is not None:
            return Outcome.ok(
                f"{link.url} is on {entry}",
                evidence_of(link.provenance, link.url, entry),
            )
    seen = sorted({link.network or link.url for link in product.trace_links})
    return Outcome.fail(
        f"no link on a recognised network ({', '.join(networks)});"
        f" found: {', '.join(seen)}",
        *(evidence_of(link.provenance, link.url) for link in product.trace_links),
    )


@check("trace_chain_covers_four_stages")
def trace_chain_covers_four_stages(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when records for mining, smelting, refining and integration were read."""
    if not product.trace_links:
        return Outcome.not_applicable(_NO_LINKS)
    records = chain(product, ctx)
    read = {stage_of(r.stage) for r in records}
    missing = [s for s in STAGES if s not in read]
    if not missing:
        return Outcome.ok("all four stages read", *_record_evidence(records))
    declared = sorted(
        s
        for s in {stage_of(link.stage) for link in product.trace_links}
        if s in missing
    )
    note = (
        f" (declared on links, no record read: {', '.join(declared)})"
        if declared
        else ""
    )
    return Outcome.fail(
        f"stages without a record read: {', '.join(missing)}{note}",
        *_record_evidence(records),
    )


@check("trace_links_resolve_to_product")
def trace_links_resolve_to_product(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when every link resolves to a record that names this product.

    A link that declares a ``hashDigest`` must also match the SHA-256 of the
    document the crawl fetched from it.
    """
    if not product.trace_links:
        return Outcome.not_applicable(_NO_LINKS)
    problems: list[str] = []
    unhashed: list[str] = []
    matched = 0
    for link in product.trace_links:
        unhashed.extend(_event_hash_mismatches(link.url, ctx))
        visits = ctx.index.visits(link.url)
        record = ctx.index.record(link.url)
        if visits and not any(200 <= v.status < 300 for v in visits):
            problems.append(f"{link.url} does not resolve (HTTP {visits[-1].status})")
            continue
        if record is None:
            problems.append(f"{link.url}: no machine-readable record read")
        elif not refers_back(record, product):
            problems.append(f"{link.url}: record does not refer back to this product")
        digest = digest_problem(link, visits)
        if digest:
            problems.append(digest)
        elif link.hash_digest and fetched_digest(visits):
            matched += 1
    evidence = tuple(
        evidence_of(link.provenance, link.url, link.hash_digest or "")
        for link in product.trace_links
    )
    if problems:
        return Outcome.fail("; ".join([*problems, *unhashed]), *evidence)
    if unhashed:
        # Generators older than the current CBV 2.0 rules hashed some fields
        # differently, so a mismatch alone is a warning, not proof of tampering.
        return Outcome.warn("; ".join(unhashed), *evidence)
    digests = f"; {matched} declared digest(s) match" if matched else ""
    return Outcome.ok(
        f"{len(product.trace_links)} link(s) resolve to records of this product"
        + digests,
        *evidence,
    )


def _event_hash_mismatches(url: str, ctx: CheckContext) -> list[str]:
    """Return the events at ``url`` whose declared hash ID their content contradicts."""
    return [
        f"{url}: event hash ID {r.event_id} does not match the event as published"
        f" (CBV 2.0 recomputes {r.event_hash})"
        for r in ctx.site.trace_records
        if norm_url(r.url) == norm_url(url)
        and r.event_id
        and r.event_hash
        and r.event_hash.split("?")[0] != r.event_id.split("?")[0]
    ]


@check("ore_batches_complete")
def ore_batches_complete(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when every mining record has GPS, a mining time and a 100 % power mix."""
    if not product.trace_links:
        return Outcome.not_applicable(_NO_LINKS)
    mining = [r for r in chain(product, ctx) if stage_of(r.stage) == "mining"]
    if not mining:
        return Outcome.not_applicable("no mining-stage record read (see G7-TRC-02)")
    problems: list[str] = []
    for record in mining:
        found = _batch_problems(record, ctx.options.power_mix_tolerance)
        if found:
            problems.append(f"{record.batch or record.url}: {', '.join(found)}")
    if problems:
        return Outcome.fail("; ".join(problems), *_record_evidence(mining))
    return Outcome.ok(
        f"{len(mining)} ore batch record(s) complete", *_record_evidence(mining)
    )


def _batch_problems(record: TraceRecord, tolerance: float) -> list[str]:
    problems = []
    lat, lon = record.latitude, record.longitude
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append("no valid GPS coordinates")
    if not record.event_time:
        problems.append("no mining timestamp")
    mix = mix_problem(record.energy_mix, tolerance)
    if mix:
        problems.append(mix)
    return problems


@check("supply_chain_map_linked_both_ways")
def supply_chain_map_linked_both_ways(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an intermediate product discloses upstream IDs and audit references."""
    if not is_intermediate_mineral(product, ctx.site, ctx.options.scope_tables):
        return Outcome.not_applicable("not an intermediate critical-mineral product")
    upstream = [
        r
        for r in chain(product, ctx)
        if stage_of(r.stage) in ("mining", "smelting", "refining")
    ]
    audits = [
        c
        for c in product.certifications
        if c.subject == "material" and c.reference_number
    ]
    problems = []
    if not upstream:
        problems.append("no upstream traceability record disclosed")
    elif not any(refers_back(r, product) for r in upstream):
        problems.append("upstream records do not link back to this product")
    if not audits:
        problems.append("no upstream ESG audit reference number")
    if problems:
        return Outcome.fail("; ".join(problems), *_record_evidence(upstream))
    refs = ", ".join(c.reference_number or "" for c in audits)
    return Outcome.ok(f"upstream records linked both ways; audit references {refs}")


@check("recycled_feedstock_traceable")
def recycled_feedstock_traceable(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when every recycled or scrap feedstock is traceable to its source."""
    recycled = [
        m
        for m in product.materials
        if m.source in ("scrap", "recycled", "secondary")
        or (m.recycled_fraction or 0) > 0
    ]
    if not recycled and not (product.recycled_content_share or 0) > 0:
        return Outcome.not_applicable("no recycled or scrap feedstock declared")
    if not recycled:
        return Outcome.fail(
            f"recycled content {product.recycled_content_share:.0%} declared with no"
            " traceability to its source",
            Evidence(url=product.page_url),
        )
    untraced = [m for m in recycled if m.traceable is not True]
    evidence = tuple(
        evidence_of(m.provenance, product.page_url, m.name) for m in recycled
    )
    if untraced:
        names = ", ".join(m.name for m in untraced)
        return Outcome.fail(
            f"recycled/scrap feedstock without traceability: {names}", *evidence
        )
    return Outcome.ok("recycled feedstock traceable to its source", *evidence)
