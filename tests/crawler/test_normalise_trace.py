"""Traceability records: GS1 EPCIS examples and greengate's traceability profile."""

from __future__ import annotations

import pytest

from crawler.normalise import normalise_page
from tests.crawler.conftest import page_of, reference_json

EPCIS = "gs1-epcis/JSON/"


def _records(registry, data, url="https://chain.example/records/1"):
    disclosure = normalise_page(page_of(data, url=url), registry)
    assert not [i for i in disclosure.issues if i.kind != "unknown-term"], (
        disclosure.issues
    )
    return disclosure.trace_records


def test_epcis_transformation_event_inputs_and_outputs(registry):
    data = reference_json(EPCIS + "Example_9.6.4-TransformationEvent.jsonld")
    [record] = _records(registry, data)
    assert record.stage == "production"  # bizStep commissioning (CBV table)
    assert record.event_time == "2013-10-31T14:58:56.591Z"
    assert record.batch == "XYZ"  # ilmd example:batch
    assert record.inputs[:2] == (
        "urn:epc:id:sgtin:4012345.011122.25",
        "urn:epc:id:sgtin:4000001.065432.99886655",
    )
    assert "urn:epc:class:lgtin:4012345.011111.4444" in record.inputs
    assert len(record.outputs) == 4
    assert set(record.outputs) <= set(record.linked_products)
    assert record.provenance.vocabulary == "epcis"
    assert record.provenance.pointer == "/epcisBody/eventList/0"


def test_epcis_object_events_with_bizsteps(registry):
    data = reference_json(EPCIS + "Example_9.6.1-ObjectEvent.jsonld")
    shipping, receiving = _records(registry, data)
    assert (shipping.stage, receiving.stage) == ("logistics", "logistics")
    assert shipping.linked_products[:2] == (
        "urn:epc:id:sgtin:0614141.107346.2017",
        "urn:epc:id:sgtin:0614141.107346.2018",
    )
    # an SGTIN names a GTIN: the record can be matched to the product's key
    assert "gtin:10614141073464" in shipping.linked_products
    assert receiving.event_time == "2005-04-04T20:33:31.116-06:00"


@pytest.mark.parametrize(
    "name",
    [
        "Example_9.6.2-ObjectEvent.jsonld",
        "Example_9.6.3-AggregationEvent.jsonld",
        "Example-TransactionEvents-2020_07_03y.jsonld",
        "WithDigitalLinkID/Example_9.6.4-TransformationEventWithDigitalLink.jsonld",
        "WithSensorData/SensorDataExample1.jsonld",
    ],
)
def test_other_epcis_examples_read_cleanly(registry, name):
    assert _records(registry, reference_json(EPCIS + name))


def test_greengate_trace_profile_mining_record(registry):
    record_json = {
        "@context": {"@vocab": "https://greengate.example/trace#"},
        "@type": "TraceRecord",
        "stage": "Mining",
        "batch": "ORE-2026-0042",
        "readPoint": {"@id": "geo:-23.6980,133.8807"},
        "miningTimestamp": "2026-02-03T06:40:00Z",
        "powerMix": [
            {"energySource": "solar", "share": 0.6},
            {"energySource": "grid", "share": 0.4},
        ],
        "traceNetwork": {"name": "Rare Metal Chain", "permissioned": True},
        "linkedProducts": ["https://id.gs1.org/01/04006381333931"],
    }
    [record] = _records(registry, record_json)
    assert record.stage == "mining"
    assert record.batch == "ORE-2026-0042"
    assert (record.latitude, record.longitude) == (-23.698, 133.8807)
    assert record.event_time == "2026-02-03T06:40:00Z"
    assert [(e.source, e.percent) for e in record.energy_mix] == [
        ("solar", 60.0),
        ("grid", 40.0),
    ]
    assert record.network == "Rare Metal Chain"
    assert "gtin:04006381333931" in record.linked_products
    assert record.provenance.vocabulary == "greengate-trace"


def test_trace_profile_as_plain_json_with_gps_object(registry):
    data = {
        "stage": "smelter",
        "gps": {"latitude": 35.1, "longitude": 136.9},
        "eventTime": "2026-01-05T00:00:00Z",
        "powerMix": [{"energySource": "hydro", "sharePercent": 100}],
        "issuer": "did:web:smelter.example",
        "linkedProducts": ["urn:gtin:4006381333931"],
    }
    [record] = _records(registry, data)
    assert (record.stage, record.latitude, record.issuer) == (
        "smelting",
        35.1,
        "did:web:smelter.example",
    )
    assert record.energy_mix[0].percent == 100.0
    assert record.provenance.syntax == "json"


def test_custom_bizstep_naming_a_stage_counts(registry):
    event = {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "TransformationEvent",
        "eventTime": "2026-01-05T00:00:00Z",
        "eventTimeZoneOffset": "+00:00",
        "bizStep": "https://supplier.example/bizstep/refining",
        "readPoint": {"id": "geo:1.5,2.5"},
    }
    [record] = _records(registry, event)
    assert record.stage == "refining"
    assert (record.latitude, record.longitude) == (1.5, 2.5)
