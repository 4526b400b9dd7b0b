"""Traceability records: GS1 EPCIS 2.0 events, UNTP DTE events, greengate's profile.

No published vocabulary names a batch's GPS position, its power mix, its
network or its link back to the finished product, so these are matched by
local name in any namespace (VOCABULARIES.md, "Traceability facts that no
standard names"). The stage comes from, in order: an explicit ``stage``, a
UNTP ``processType``, a ``bizStep`` whose own name is a stage (a supplier's
vocabulary, e.g. ``https://example.com/bizstep/smelting``), and then the CBV
business-step table below.

=======================================  =====================
CBV 2.0 bizStep                          stage
=======================================  =====================
commissioning, creating_class_instance,  production
producing
assembling, installing                   component-integration
shipping, departing, arriving,           logistics
receiving, transporting, loading,
unloading, accepting, consigning,
staging_outbound
inspecting, sampling, sensor_reporting   inspection
packing, unpacking, repackaging          packing
any other                                (none)
=======================================  =====================

No CBV step names mining, smelting or refining, so a record counts for those
stages (G7-TRC-02) only when it says so itself (``stage``, ``processType`` or
its own ``bizStep`` vocabulary). Commissioning is deliberately not "mining":
the UNTP samples commission finished batteries, and a guessed mining stage
would let a chain pass that was never traced to a mine.
"""

from __future__ import annotations

import re

from crawler.normalise.access import as_text, enum, node, nodes, number, text, values
from crawler.normalise.epcis_hash import compute_event_hash, is_event_hash_id
from crawler.normalise.harvest import Harvest, MapContext
from crawler.normalise.ids import gtin_tokens, unique
from crawler.normalise.labels import stage
from crawler.normalise.tree import Node, at_pointer
from crawler.normalise.vocab.common import find_nodes, first_value
from rules.disclosure import EnergyShare, TraceRecord

EVENT_TYPES = frozenset(
    {
        "ObjectEvent",
        "AggregationEvent",
        "TransformationEvent",
        "TransactionEvent",
        "AssociationEvent",
    }
)
PROFILE_TYPES = frozenset({"TraceRecord", "TraceabilityRecord", "BatchRecord"})
_PROFILE_KEYS = frozenset(
    {"powerMix", "traceNetwork", "linkedProducts", "miningTimestamp"}
)
_KEY_STAGES = frozenset({"mining", "smelting", "refining", "component-integration"})
_BIZSTEP_STAGES = {
    **dict.fromkeys(
        ["commissioning", "creating_class_instance", "producing"], "production"
    ),
    **dict.fromkeys(["assembling", "installing"], "component-integration"),
    **dict.fromkeys(["packing", "unpacking", "repackaging"], "packing"),
    **dict.fromkeys(
        [
            "shipping",
            "departing",
            "arriving",
            "receiving",
            "transporting",
            "loading",
            "unloading",
            "accepting",
            "consigning",
            "staging_outbound",
        ],
        "logistics",
    ),
    **dict.fromkeys(["inspecting", "sampling", "sensor_reporting"], "inspection"),
}
_GEO = re.compile(r"^geo:([+-]?\d+(?:\.\d+)?),([+-]?\d+(?:\.\d+)?)")


def is_trace_document(root: Node) -> bool:
    """Return whether a root holds EPCIS events or greengate trace records."""
    return any(True for _ in find_nodes(root, _is_record))


def _is_record(item: Node) -> bool:
    return bool(set(item.types) & (EVENT_TYPES | PROFILE_TYPES)) or bool(
        _PROFILE_KEYS & set(item.props)
    )


def map_trace(
    root: Node,
    ctx: MapContext,
    *,
    issuer: str | None = None,
    network: str | None = None,
    vocabulary: str = "epcis",
) -> Harvest:
    """Read every event / trace record in a document.

    ``issuer`` and ``network`` are the enclosing credential's, for records
    that do not name their own.
    """
    out = Harvest()
    for item in find_nodes(root, _is_record):
        is_event = bool(set(item.types) & EVENT_TYPES)
        name = vocabulary if is_event else "greengate-trace"
        out.trace_records.append(
            record(item, ctx, issuer=issuer, network=network, vocabulary=name)
        )
    return out


def record(
    item: Node,
    ctx: MapContext,
    *,
    issuer: str | None,
    vocabulary: str,
    network: str | None = None,
) -> TraceRecord:
    """Return one event or trace record as a :class:`TraceRecord`."""
    latitude, longitude = position(item)
    outputs = _ids(item, "outputEPCList", "outputQuantityList", "outputs")
    linked = (
        _ids(
            item,
            "linkedProducts",
            "epcList",
            "childEPCs",
            "quantityList",
            "childQuantityList",
            "parentID",
        )
        + outputs
    )
    declared = node(item, "traceNetwork")
    return TraceRecord(
        url=ctx.url,
        stage=event_stage(item),
        network=text(declared, "name") or text(item, "network") or network,
        issuer=issuer or _issuer(item),
        batch=_batch(item),
        latitude=latitude,
        longitude=longitude,
        event_time=text(item, "miningTimestamp", "eventTime"),
        energy_mix=energy_mix(item),
        linked_products=unique([*linked, *gtin_tokens(linked)]),
        inputs=_ids(item, "inputEPCList", "inputQuantityList", "inputs"),
        outputs=outputs,
        event_id=_event_id(item),
        event_hash=_event_hash(item, ctx),
        provenance=ctx.prov(item, vocabulary),
    )


def _event_id(item: Node) -> str | None:
    """Return the event's ``eventID`` (the EPCIS context maps it to ``@id``)."""
    return text(item, "eventID") or (item.id if is_event_hash_id(item.id) else None)


def _event_hash(item: Node, ctx: MapContext) -> str | None:
    """Return the CBV 2.0 hash ID recomputed from the event as published.

    Only when the event declares a hash ID as its ``eventID``; ``None`` when
    it does not, or when the event uses what :mod:`epcis_hash` cannot hash.
    """
    if not is_event_hash_id(_event_id(item)):
        return None
    event = at_pointer(ctx.source, item.pointer)
    return compute_event_hash(event) if isinstance(event, dict) else None


def event_stage(item: Node) -> str | None:
    """Return the stage of a record (see the module table)."""
    explicit = stage(text(item, "stage") or enum(first_value(item, "processType")))
    if explicit:
        return explicit
    step = enum(first_value(item, "bizStep"))
    if not step:
        return None
    step = re.sub(r"^(?:BizStep-|bizstep:)", "", step, flags=re.I).lower()
    if stage(step) in _KEY_STAGES:
        return stage(step)
    return _BIZSTEP_STAGES.get(step)


def position(item: Node) -> tuple[float | None, float | None]:
    """Return the GPS position of a record, from a ``geo:`` IRI or coordinates."""
    for name in ("readPoint", "bizLocation", "location"):
        for value in values(item, name):
            ref = value.id if isinstance(value, Node) else as_text(value)
            match = _GEO.match(ref or "")
            if match:
                return float(match[1]), float(match[2])
    for holder in (node(item, "gps"), node(item, "geo"), item):
        lat, lon = (
            number(holder, "latitude", "lat"),
            number(holder, "longitude", "lon", "lng"),
        )
        if lat is not None and lon is not None:
            return lat, lon
    return None, None


def energy_mix(item: Node) -> tuple[EnergyShare, ...]:
    """Return a ``powerMix`` in percent (shares given as fractions are scaled)."""
    rows = []
    for entry in nodes(item, "powerMix", "energyMix"):
        source = text(entry, "energySource", "source", "name")
        share = number(entry, "sharePercent", "percent", "share", "fraction", "value")
        if source and share is not None:
            rows.append(
                (
                    source,
                    share,
                    "sharePercent" in entry.props or "percent" in entry.props,
                )
            )
    as_fractions = (
        bool(rows)
        and not any(p for _, _, p in rows)
        and (sum(s for _, s, _ in rows) <= 1.0 + 1e-6)
    )
    return tuple(
        EnergyShare(source=s, percent=v * 100.0 if as_fractions else v)
        for s, v, _ in rows
    )


def _ids(item: Node, *names: str) -> tuple[str, ...]:
    """Return the identifiers listed under ``names`` (EPCs, classes, product ids)."""
    found: list[str | None] = []
    for name in names:
        for value in item.props.get(name, ()):
            if isinstance(value, Node) and not value.is_ref:
                found.append(text(value, "epcClass", "productId") or value.id)
            elif isinstance(value, Node):
                found.append(value.id)
            else:
                found.append(as_text(value))
    return unique(found)


def _batch(item: Node) -> str | None:
    names = ("batch", "batchNumber", "batchId", "lotNumber", "lot")
    return text(item, *names) or text(node(item, "ilmd"), *names)


def _issuer(item: Node) -> str | None:
    issuer = first_value(item, "issuer")
    return issuer.id if isinstance(issuer, Node) and issuer.id else as_text(issuer)
