"""EPCIS event hash IDs against the CBV 2.0 vectors of the GS1 reference generator.

Events and expected IDs are from RalphTro/epcis-event-hash-generator (MIT; see
THIRD_PARTY.md): ``tests/examples/epcisDocWithSingleEvent.jsonld`` and
``tests/examples/epcisDocWithShippingAndTransportingEvent.jsonld``, expected IDs from
``tests/examples/expected/CBV2.0/*.hashes`` @ d8d87463abab6923d595b08c445c93b2b4aa2207.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest

from crawler.normalise.epcis_hash import compute_event_hash, is_event_hash_id, pre_hash

SINGLE = {
    "type": "ObjectEvent",
    "action": "OBSERVE",
    "bizStep": "shipping",
    "disposition": "in_transit",
    "epcList": [
        "urn:epc:id:sgtin:0614141.107346.2017",
        "urn:epc:id:sgtin:0614141.107346.2018",
    ],
    "eventTime": "2022-02-16T20:33:31.116000-06:00",
    "eventTimeZoneOffset": "-06:00",
    "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
    "bizTransactionList": [
        {"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}
    ],
}
SHIPPING = {
    "type": "ObjectEvent",
    "eventTime": "2022-02-16T12:50:00.000+01:00",
    "eventTimeZoneOffset": "+01:00",
    "epcList": ["urn:epc:id:sscc:4012345.1112223334"],
    "action": "OBSERVE",
    "bizStep": "departing",
    "readPoint": {"id": "urn:epc:id:sgln:4012345.00022.0"},
    "bizTransactionList": [
        {
            "type": "desadv",
            "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:ASN1099",
        }
    ],
    "sourceList": [
        {"type": "possessing_party", "source": "urn:epc:id:pgln:4012345.00000"}
    ],
    "destinationList": [
        {"type": "possessing_party", "destination": "urn:epc:id:pgln:4023333.00000"}
    ],
}
TRANSPORTING = {
    "type": "ObjectEvent",
    "eventTime": "2022-02-16T16:50:00.000+01:00",
    "eventTimeZoneOffset": "+01:00",
    "epcList": ["urn:epc:id:sscc:4012345.1112223334"],
    "action": "OBSERVE",
    "bizStep": "transporting",
    "readPoint": {"id": "geo:47.506694,11.104301"},
}

VECTORS = {
    "single-event": (
        SINGLE,
        "ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b"
        "?ver=CBV2.0",
    ),
    "shipping": (
        SHIPPING,
        "ni:///sha-256;2919bf0587534fef0e25eea97b5dda68f345e6bbf2c6b4cb27b2a52e0039272b"
        "?ver=CBV2.0",
    ),
    "transporting": (
        TRANSPORTING,
        "ni:///sha-256;1d2ec4174d8f0b5988a44795b31a636e8bc7f88ebc4bdc0d35c14f215a842e80"
        "?ver=CBV2.0",
    ),
}


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_reference_vectors(name: str) -> None:
    event, expected = VECTORS[name]
    assert compute_event_hash(event) == expected
    assert is_event_hash_id(expected)


def test_shipping_pre_hash_matches_reference() -> None:
    assert pre_hash(SHIPPING) == (
        "eventType=ObjectEventeventTime=2022-02-16T11:50:00.000Z"
        "eventTimeZoneOffset=+01:00epcListepc=https://id.gs1.org/00/140123451122233341"
        "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-departing"
        "readPointid=https://id.gs1.org/414/4012345000221bizTransactionList"
        "type=https://ref.gs1.org/cbv/BTT-desadv"
        "bizTransaction=urn:epcglobal:cbv:bt:4012345000009:ASN1099"
        "sourceListtype=https://ref.gs1.org/cbv/SDT-possessing_party"
        "source=https://id.gs1.org/417/4012345000009"
        "destinationListtype=https://ref.gs1.org/cbv/SDT-possessing_party"
        "destination=https://id.gs1.org/417/4023333000000"
    )


def test_eventid_and_record_time_do_not_change_hash() -> None:
    event = dict(SINGLE, eventID="ni:///sha-256;x", recordTime="2023-01-01T00:00:00Z")
    assert compute_event_hash(event) == VECTORS["single-event"][1]


def test_epc_order_does_not_change_hash() -> None:
    event = copy.deepcopy(SINGLE)
    event["epcList"] = list(reversed(SINGLE["epcList"]))  # type: ignore[call-overload]
    assert compute_event_hash(event) == VECTORS["single-event"][1]


def test_tampered_event_changes_hash() -> None:
    event = dict(SINGLE, disposition="in_progress")
    assert compute_event_hash(event) != VECTORS["single-event"][1]


@pytest.mark.parametrize(
    "change",
    [
        {"type": "AggregationEvent"},
        {"ilmd": {"lot": "1"}},
        {"bizStep": "urn:epcglobal:cbv:bizstep:shipping"},
        {"epcList": ["urn:epc:id:grai:0614141.12345.400"]},
        {"eventTime": "2022-02-16T20:33:31.1165-06:00"},
        {"sourceList": [{"type": "owning_party", "source": "x"}]},
    ],
    ids=["event-type", "ilmd", "urn-vocab", "grai", "sub-ms", "bad-source"],
)
def test_unsupported_events_are_not_recomputed(change: dict[str, object]) -> None:
    assert compute_event_hash(dict(SINGLE, **change)) is None


# Through the normaliser and G7-TRC-03: a product links an EPCIS document whose
# event declares its hash ID; the rule recomputes it from the event as published.

PAGE = "https://magnets.example/products/n52"
RECORD = "https://trace.example/epcis/shipping.jsonld"


def _epcis_document(event: dict[str, object]) -> dict[str, object]:
    return {
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2022-02-16T20:40:00Z",
        "epcisBody": {"eventList": [event]},
    }


def _trace_outcome(event: dict[str, object]) -> tuple[str | None, str | None, str]:
    from datetime import date

    from crawler.model import ExtractedPage, JsonLdBlock
    from crawler.normalise import ContextRegistry, build_site, normalise_page
    from rules.disclosure import PageVisit, Product, Provenance, TraceLink
    from rules.engine import EvaluationOptions, evaluate
    from rules.loader import load_packs

    registry = ContextRegistry.bundled()
    block = JsonLdBlock(index=0, line=1, column=1, data=_epcis_document(event))
    record_page = normalise_page(
        ExtractedPage(url=RECORD, status=200, jsonld=(block,)), registry
    )
    (record,) = record_page.trace_records
    prov = Provenance(url=PAGE, syntax="json-ld", vocabulary="untp-dpp", pointer="")
    product = Product(
        key="",
        page_url=PAGE,
        gtin="10614141073464",
        ids=("gtin:10614141073464",),
        name="N52 magnet",
        trace_links=(TraceLink(url=RECORD, stage="mining", provenance=prov),),
        provenance=(prov,),
    )
    product_page = dataclasses.replace(record_page, url=PAGE, products=(product,))
    site = build_site(
        supplier_id="s",
        name="S",
        start_url="https://magnets.example/",
        pages=(product_page, record_page),
        visits=(
            PageVisit(url=PAGE, status=200, syntaxes=("json-ld",)),
            PageVisit(url=RECORD, status=200, syntaxes=("json-ld",)),
        ),
    )
    options = EvaluationOptions(
        as_of=date(2027, 3, 1), scope_force=frozenset({"g7-gpw"})
    )
    (finding,) = [
        f
        for f in evaluate(site, load_packs(["g7-gpw"]), options)
        if f.rule_id == "G7-TRC-03"
    ]
    return (
        record.event_id,
        record.event_hash,
        f"{finding.status.value}: {finding.message}",
    )


def test_declared_hash_id_that_matches_passes_trc_03():
    declared = VECTORS["single-event"][1]
    event_id, event_hash, outcome = _trace_outcome({**SINGLE, "eventID": declared})
    assert event_id == declared
    assert event_hash == declared
    assert outcome.startswith("pass"), outcome


def test_event_changed_after_hashing_is_named_by_trc_03():
    declared = VECTORS["single-event"][1]
    changed = {**SINGLE, "disposition": "damaged", "eventID": declared}
    _, event_hash, outcome = _trace_outcome(changed)
    assert event_hash is not None
    assert event_hash != declared
    assert outcome.startswith("warn"), outcome
    assert declared in outcome
    assert event_hash in outcome
