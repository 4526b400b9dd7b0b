"""Shared reading of traceability links and records for the G7-TRC checks."""

from __future__ import annotations

import re
from collections import deque

from rules.checks._digest import is_sha256, sha256_bytes
from rules.context import CheckContext
from rules.disclosure import EnergyShare, PageVisit, Product, TraceLink, TraceRecord
from rules.facts import gs1_check_digit, host, mentions, norm_url, same_host

STAGES = ("mining", "smelting", "refining", "component-integration")
"""The four stages of seed 000, line 2, in supply-chain order."""

_STAGE_KEYS = {
    "mining": "mining",
    "mine": "mining",
    "extraction": "mining",
    "oreextraction": "mining",
    "smelting": "smelting",
    "refining": "refining",
    "separation": "refining",
    "componentintegration": "component-integration",
    "integration": "component-integration",
    "componentmanufacturing": "component-integration",
    "assembly": "component-integration",
}


def stage_of(text: str | None) -> str | None:
    """Return the canonical stage a record's stage text names, if any."""
    if not text:
        return None
    # IRIs (EPCIS / UNTP code lists) name the stage in their last segment.
    last = re.split(r"[/#:]", text.strip())[-1] or text
    key = re.sub("[^a-z]", "", last.casefold())
    return _STAGE_KEYS.get(key)


def chain(product: Product, ctx: CheckContext) -> tuple[TraceRecord, ...]:
    """Return the records read for the product's links and their upstream inputs.

    Only records that were fetched and read count (G7-TRC-02); inputs are
    followed when they name the URL of another record that was read.
    """
    seen: dict[str, TraceRecord] = {}
    queue = deque(link.url for link in product.trace_links)
    while queue:
        url = queue.popleft()
        record = ctx.index.record(url)
        if record is None or norm_url(record.url) in seen:
            continue
        seen[norm_url(record.url)] = record
        queue.extend(record.inputs)
    return tuple(seen.values())


def recognised_network(
    link: TraceLink, record: TraceRecord | None, networks: tuple[str, ...]
) -> str | None:
    """Return the recognised-network entry a link matches, or ``None``.

    An entry matches the declared network name (as whole words), the record
    issuer's DID (a ``did:`` entry as prefix, a name within it) or the link's
    host (a domain entry as host, a name within it).
    """
    names = [n for n in (link.network, record.network if record else None) if n]
    did = (record.issuer or "") if record else ""
    link_host = host(link.url)
    for entry in networks:
        compact = _compact(entry)
        if any(mentions(n, entry) for n in names):
            return entry
        if did and (
            did.casefold().startswith(entry.casefold())
            if entry.startswith("did:")
            else compact in _compact(did)
        ):
            return entry
        if "." in entry and same_host(link_host, entry.casefold()):
            return entry
        if "." not in entry and compact and compact in _compact(link_host):
            return entry
    return None


def refers_back(record: TraceRecord, product: Product) -> bool:
    """Return whether the record names the product among its products or outputs."""
    own = {norm_url(x) for x in (*product.ids, product.key, product.page_url) if x}
    gtins = {g for g in (gtin_of(x) for x in (*product.ids, product.gtin or "")) if g}
    for identifier in (*record.linked_products, *record.outputs):
        if norm_url(identifier) in own or (gtin_of(identifier) or "-") in gtins:
            return True
    return False


def gtin_of(identifier: str) -> str | None:
    """Return the GTIN-14 inside a GTIN, GS1 Digital Link or EPC URI, if any."""
    text = identifier.strip()
    if m := re.search(r"/01/(\d{8,14})(?:/|$|\?)", text):
        return m.group(1).zfill(14)
    if m := re.fullmatch(r"(?:urn:gtin:)?(\d{8,14})", text, flags=re.IGNORECASE):
        return m.group(1).zfill(14)
    if m := re.match(r"urn:epc:(?:id:sgtin|class:lgtin):(\d+)\.(\d+)\.", text):
        prefix, item = m.groups()
        body = item[:1] + prefix + item[1:]
        return body + gs1_check_digit(body) if len(body) == 13 else None
    return None


def fetched_digest(visits: tuple[PageVisit, ...]) -> str | None:
    """Return the hex SHA-256 of the body a link answered with, if recorded."""
    for visit in reversed(visits):
        if 200 <= visit.status < 300 and visit.sha256:
            return visit.sha256
    return None


def digest_problem(link: TraceLink, visits: tuple[PageVisit, ...]) -> str | None:
    """Return why a link's declared digest does not match what was fetched.

    ``None`` when the link declares no digest, declares another method than
    SHA-256 (not checked: see the rule's limits), or nothing was fetched.
    """
    declared = link.hash_digest
    found = fetched_digest(visits)
    if not declared or found is None or not is_sha256(link.hash_method, declared):
        return None
    expected = sha256_bytes(declared)
    if expected is None:
        return f"{link.url}: hashDigest {declared!r} is not a SHA-256 digest"
    if expected.hex() == found:
        return None
    return (
        f"{link.url}: hashDigest does not match the record fetched"
        f" (link declares SHA-256 {expected.hex()}, the document fetched has {found})"
    )


def mix_problem(mix: tuple[EnergyShare, ...], tolerance: float) -> str | None:
    """Return why a power mix does not sum to 100 % (fractions accepted)."""
    if not mix:
        return "no power-consumption mix"
    total = sum(share.percent for share in mix)
    if all(0 <= s.percent <= 1 for s in mix) and abs(total * 100 - 100) <= tolerance:
        return None
    if abs(total - 100) <= tolerance:
        return None
    return f"power mix sums to {total:g} %, not 100"


def _compact(text: str) -> str:
    return re.sub("[^0-9a-z]", "", text.casefold())
