"""Vocabulary mappers: one module per vocabulary, chosen per root node.

Each mapper reads local-name trees (:mod:`crawler.normalise.tree`) and returns
a :class:`~crawler.normalise.harvest.Harvest` of model objects, each with its
provenance. :func:`harvest_root` decides which mapper reads a root node.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.normalise.access import has_type, node, nodes, text
from crawler.normalise.compact import from_compact
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.tree import Node
from crawler.normalise.vocab.anchor import is_anchor_document, map_anchor
from crawler.normalise.vocab.catenax import is_catenax_pcf, map_catenax
from crawler.normalise.vocab.common import (
    credential_ref,
    enveloped_payload,
    find_nodes,
    is_credential,
)
from crawler.normalise.vocab.pact import find_pact, map_pact
from crawler.normalise.vocab.schemaorg import is_schemaorg, map_schemaorg
from crawler.normalise.vocab.trace import is_trace_document, map_trace
from crawler.normalise.vocab.untp import map_dpp, untp_vocabulary
from crawler.normalise.vocab.untp_dcc import map_dcc

__all__ = ["harvest_root"]

_MAX_ENVELOPES = 2  # an enveloped credential inside an enveloped credential is enough


def harvest_root(
    root: Node, ctx: MapContext, hints: frozenset[str], depth: int = 0
) -> Harvest:
    """Return what one root node says, read by the mapper of its vocabulary.

    Args:
        root: a root node of a block (or item).
        ctx: where it came from.
        hints: names of the contexts the block cited (``schema.org``, ...),
            which tell compact trees' vocabulary.
        depth: how many credential envelopes were opened to get here.
    """
    untp = untp_vocabulary(root)
    if untp == "untp-dpp":
        return map_dpp(root, ctx)
    if untp == "untp-dcc":
        return map_dcc(root, ctx)
    if untp == "untp-dte":
        return _map_dte(root, ctx)
    if untp is not None:
        return Harvest()  # facility records and identity anchors hold no product facts
    envelopes = list(find_nodes(root, _is_envelope)) if depth < _MAX_ENVELOPES else []
    if envelopes:
        return _open_envelopes(envelopes, ctx, hints, depth)
    return _map_plain_or_linked(root, ctx, hints, depth)


def _is_envelope(item: Node) -> bool:
    return has_type(item, "EnvelopedVerifiableCredential")


def _open_envelopes(
    envelopes: list[Node], ctx: MapContext, hints: frozenset[str], depth: int
) -> Harvest:
    """Read the (unverified) credentials inside VC-JOSE envelopes."""
    out = Harvest()
    for envelope in envelopes:
        payload = enveloped_payload(envelope)
        if payload is None:
            continue
        cred = replace(credential_ref(envelope, ctx), envelope="vc-jwt")
        inner = replace(ctx, credential=cred)
        for item in from_compact(payload, envelope.pointer):
            out.extend(harvest_root(item, inner, hints, depth + 1))
    return out


def _map_plain_or_linked(
    root: Node, ctx: MapContext, hints: frozenset[str], depth: int
) -> Harvest:
    if is_credential(root):
        inner = replace(ctx, credential=credential_ref(root, ctx))
        out = Harvest()
        for subject in nodes(root, "credentialSubject"):
            out.extend(harvest_root(subject, inner, hints, depth))
        return out
    if is_catenax_pcf(root):  # before PACT: Catena-X 7.0 is PACT-shaped
        return map_catenax(root, ctx)
    if find_pact(root):
        return map_pact(root, ctx)
    if is_trace_document(root):
        return map_trace(root, ctx)
    if is_anchor_document(root):
        return map_anchor(root, ctx)
    if is_schemaorg(root, hints):
        return map_schemaorg(root, replace(ctx, vocabulary="schema.org"))
    return Harvest()


def _map_dte(root: Node, ctx: MapContext) -> Harvest:
    """Read a UNTP Digital Traceability Event credential's events."""
    cred = credential_ref(root, ctx)
    ctx = replace(ctx, credential=cred, vocabulary="untp-dte")
    out = Harvest()
    for subject in nodes(root, "credentialSubject"):
        out.extend(
            map_trace(
                subject,
                ctx,
                issuer=cred.issuer,
                network=text(node(root, "traceNetwork"), "name"),
                vocabulary="untp-dte",
            )
        )
    return out
