"""PACT v2 / v3 and Catena-X PCF footprints from the real published examples."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.normalise import normalise_page
from tests.crawler.conftest import REFERENCE, page_of, reference_json

CATENAX_9 = "catenax/io.catenax.pcf/9.0.0/gen/Pcf.json"


def _only(disclosure):
    [product] = disclosure.products
    [footprint] = product.footprints
    return product, footprint


def test_pact_v2_footprint(registry):
    data = reference_json("pact/v2/examples/get-footprint-response.json")
    product, footprint = _only(normalise_page(page_of(data), registry))
    assert product.key == "gtin:05695872369587"
    assert "urn:gtin:5695872369587" in product.ids
    assert product.name == "Green Ethanol"
    assert footprint.value_kg_co2e == pytest.approx(1.63)  # pCfExcludingBiogenic
    assert (footprint.declared_unit, footprint.declared_amount) == ("LTR", 1.0)
    assert "ISO 14067" in footprint.standards
    assert "GHG Protocol Product" in footprint.standards
    assert footprint.boundary == "cradle-to-gate"
    assert footprint.characterisation_factors == ("AR6",)
    assert [(s.name, s.version) for s in footprint.emission_factor_sources] == [
        ("Ecoinvent", "3.1")
    ]
    assert footprint.primary_data_share == pytest.approx(12.9)
    assert footprint.reference_period_start == date(2021, 1, 1)
    assert footprint.reference_period_end == date(2022, 1, 1)
    assert footprint.version == "1"
    assert footprint.last_updated == date(2022, 3, 1)
    assert footprint.assurance is None  # "assurance": false, no provider
    assert footprint.responsible_party.name == "My Corp"
    assert footprint.provenance.vocabulary == "pact-v2"
    assert footprint.provenance.syntax == "json"  # no @context: plain JSON
    assert footprint.provenance.pointer == "/data/pcf"


def test_pact_v3_footprint(registry):
    data = reference_json("pact/v3/examples/get-footprint-response.json")
    product, footprint = _only(normalise_page(page_of(data), registry))
    assert product.key == "gtin:05695872369587"
    assert footprint.value_kg_co2e == pytest.approx(1.85)  # pcfExcludingBiogenicUptake
    assert footprint.standards == ("GHG Protocol Product", "ISO 14067")
    assert (footprint.declared_unit, footprint.declared_amount) == ("LTR", 1.0)
    assert footprint.primary_data_share == pytest.approx(12.9)  # a decimal string in v3
    assert footprint.provenance.vocabulary == "pact-v3"
    assert ("CPC", "1234") in {(c.scheme, c.code) for c in product.classifications}


V3_EXAMPLES = sorted(
    p.name for p in (REFERENCE / "pact/v3/examples").glob("example-*.json")
)


@pytest.mark.parametrize("name", V3_EXAMPLES)
def test_pact_v3_examples_all_read(registry, name):
    data = reference_json(f"pact/v3/examples/{name}")
    _, footprint = _only(normalise_page(page_of(data), registry))
    assert footprint.value_kg_co2e is not None
    assert footprint.declared_unit is not None
    assert footprint.boundary == "cradle-to-gate"


def test_pact_list_response_and_event(registry):
    listed = reference_json("pact/v2/examples/list-footprints-response.json")
    event = reference_json("pact/v3/examples/pf-response-event.json")
    assert _only(normalise_page(page_of(listed), registry))[1].value_kg_co2e is not None
    assert _only(normalise_page(page_of(event), registry))[1].value_kg_co2e is not None


def test_catenax_pcf_9(registry):
    product, footprint = _only(
        normalise_page(page_of(reference_json(CATENAX_9)), registry)
    )
    assert product.key == "gtin:04712345060507"  # productClassifications urn:gtin
    assert product.name == "My Product Name"
    assert footprint.value_kg_co2e == pytest.approx(2.9)
    assert footprint.standards == ("ISO 14067",)
    assert (footprint.declared_unit, footprint.declared_amount) == ("LTR", 1.0)
    assert footprint.boundary == "cradle-to-gate"
    assert footprint.characterisation_factors == ("AR5",)
    assert footprint.primary_data_share == pytest.approx(56.12)
    assert [(s.name, s.version) for s in footprint.emission_factor_sources] == [
        ("ecoinvent", "3.8")
    ]
    assert footprint.reference_period_end == date(2022, 12, 31)
    assert footprint.assurance.provider == "TÜV-X"
    assert footprint.provenance.vocabulary == "catenax-pcf"
    [attestation] = product.certifications
    assert attestation.issuer.name == "TÜV-X"
    assert attestation.reference_number == "4a7c4482-8431-4c31-a895-70341d2a1376"
    assert attestation.topic == "carbon"


def test_catenax_7_shape(registry):
    """A 7.0.0-shaped document (PACT-like, ``extWBCSD_`` fields), per its context."""
    data = {
        "id": "3893bb5d-da16-4dc1-9185-11d97476c254",
        "specVersion": "urn:io.catenax.pcf:datamodel:version:7.0.0",
        "partialFullPcf": "Cradle-to-gate",
        "companyName": "My Corp",
        "productIds": ["urn:gtin:4712345060507"],
        "pcf": {
            "declaredUnit": "kilogram",
            "unitaryProductAmount": 1.0,
            "pcfExcludingBiogenic": 2.0,
            "crossSectoralStandardsUsed": [
                {"crossSectoralStandard": "ISO Standard 14067"}
            ],
            "extWBCSD_characterizationFactors": "AR6",
            "secondaryEmissionFactorSources": [
                {"emissionFactorDS": "ecoinvent", "emissionFactorDSVersion": "3.9.1"}
            ],
        },
    }
    product, footprint = _only(normalise_page(page_of(data), registry))
    assert product.gtin == "04712345060507"
    assert (footprint.value_kg_co2e, footprint.declared_unit) == (2.0, "KGM")
    assert footprint.standards == ("ISO 14067",)
    assert footprint.characterisation_factors == ("AR6",)
    assert footprint.emission_factor_sources[0].version == "3.9.1"
    assert footprint.provenance.vocabulary == "catenax-pcf"
