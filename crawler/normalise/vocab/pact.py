"""WBCSD PACT ProductFootprint, v2 and v3 (plain JSON).

Read wherever it appears: alone, in an API response (``{"data": ...}``, a
list of footprints) or in a ``Published`` event (``data.pfs``). A PACT
footprint is cradle-to-gate by the PACT methodology (REQUIREMENTS 2.5).
Field names are facts from the PACT Technical Specifications; nothing of the
PACT material is copied into greengate.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.normalise.access import node, text
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.tree import Node
from crawler.normalise.vocab.common import find_nodes
from crawler.normalise.vocab.pcf import assurance_of, flatten, footprint, product_of


def is_pact_footprint(item: Node) -> bool:
    """Return whether a node is a PACT ProductFootprint (``pcf`` plus product ids)."""
    return "pcf" in item.props and (
        "productIds" in item.props or "specVersion" in item.props
    )


def find_pact(root: Node) -> list[Node]:
    """Return every PACT ProductFootprint in a document."""
    return list(find_nodes(root, is_pact_footprint))


def pact_vocabulary(item: Node) -> str:
    """Return ``pact-v2`` or ``pact-v3`` (by ``specVersion``, else by field names)."""
    spec = text(item, "specVersion") or ""
    if spec.startswith(("1.", "2.")):
        return "pact-v2" if spec.startswith("2.") else "pact-v1"
    if spec.startswith("3."):
        return "pact-v3"
    pcf = node(item, "pcf")
    return "pact-v3" if pcf and "pcfExcludingBiogenicUptake" in pcf.props else "pact-v2"


def map_pact(root: Node, ctx: MapContext) -> Harvest:
    """Read every PACT footprint in a document as a loose product with its footprint."""
    out = Harvest()
    for item in find_pact(root):
        vocabulary = pact_vocabulary(item)
        here = replace(ctx, vocabulary=vocabulary)
        flat, where = flatten(item)
        pcf = node(item, "pcf")
        version = text(item, "version")
        found = footprint(
            flat,
            where,
            here,
            boundary="cradle-to-gate",
            assurance=assurance_of(node(pcf, "assurance", "verification")),
            version=version,
        )
        # the pcf object's own "version" fields are emission-factor versions, so
        # the footprint's version is read from the ProductFootprint only
        out.loose.append(product_of(flat, here, found, vocabulary))
    return out
