"""Ledger records that anchor an emission-factor set's digest (seed 002).

The CAICT white paper anchors carbon emission factors on a ledger but
publishes no record format, so greengate's profile (README) reads a
JSON(-LD) record typed ``FactorAnchor`` / ``AnchorRecord``, or any object with
an ``anchoredDigest``, and takes the digest, its method and the ledger name.
"""

from __future__ import annotations

from crawler.normalise.access import text
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.tree import Node
from crawler.normalise.vocab.common import find_nodes
from rules.disclosure import AnchorRecord

ANCHOR_TYPES = frozenset({"FactorAnchor", "AnchorRecord", "LedgerAnchor"})


def _is_anchor(item: Node) -> bool:
    return bool(set(item.types) & ANCHOR_TYPES) or "anchoredDigest" in item.props


def is_anchor_document(root: Node) -> bool:
    """Return whether a root holds an anchoring record."""
    return any(True for _ in find_nodes(root, _is_anchor))


def map_anchor(root: Node, ctx: MapContext) -> Harvest:
    """Read every anchoring record in a document."""
    out = Harvest()
    for item in find_nodes(root, _is_anchor):
        digest = text(item, "anchoredDigest", "hashDigest", "digest")
        if not digest:
            out.issues.append(
                ctx.issue(
                    "incomplete-record",
                    "anchoring record names no digest (anchoredDigest)",
                    item,
                )
            )
            continue
        out.anchors.append(
            AnchorRecord(
                url=ctx.url,
                digest=digest,
                method=text(item, "hashMethod", "digestMethod"),
                ledger=text(item, "ledger", "network"),
                provenance=ctx.prov(item, "greengate-anchor"),
            )
        )
    return out
