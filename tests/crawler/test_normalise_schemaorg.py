"""schema.org Product / Certification, from the official examples and small pages."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from crawler.model import StructuredItem
from crawler.normalise import normalise_page
from tests.crawler.conftest import REFERENCE, page_of

EXAMPLES = REFERENCE / "schemaorg/examples/issue-3230-Certification-examples.txt"


def certification_examples() -> dict[str, object]:
    """Return the JSON of each example in schema.org's issue-3230 file, by id."""
    text = EXAMPLES.read_text(encoding="utf-8")
    found = re.findall(
        r"TYPES: #(eg-\d+).*?JSON:\s*"
        r"<script type=\"application/ld\+json\">(.*?)</script>",
        text,
        re.S,
    )
    return {eg: json.loads(body) for eg, body in found}


@pytest.fixture(scope="module")
def examples():
    found = certification_examples()
    assert sorted(found) == [f"eg-048{n}" for n in range(3, 9)]
    return found


def _normalise(registry, *blocks):
    return normalise_page(page_of(*blocks, url="https://shop.example/p"), registry)


def test_eg_0483_full_certification_about_a_product(registry, examples):
    disclosure = _normalise(registry, examples["eg-0483"])
    [product] = disclosure.products
    assert product.key.endswith("1377-built-in-dishwasher-gsi1399xx")
    [cert] = product.certifications
    assert cert.name == "EPREL"
    assert cert.issuer.name == "European Commission, Directorate-General for Energy"
    assert cert.reference_number == "1779994"
    assert cert.status == "active"  # "https://schema.org/CertificationActive"
    assert (cert.valid_from, cert.valid_until) == (date(2023, 5, 12), date(2026, 5, 12))
    assert cert.verification_url.startswith(
        "https://eprel.ec.europa.eu/screen/product/"
    )
    assert cert.topic == "energy"
    assert cert.provenance.vocabulary == "schema.org"
    assert disclosure.issues == ()


def test_eg_0484_product_references_its_certification(registry, examples):
    [product] = _normalise(registry, examples["eg-0484"]).products
    assert product.key == "gtin:12345678901231"
    assert product.name == "Household Dishwasher"
    assert product.responsible_party.name == "Household applicance brand"
    assert product.responsible_party.role == "brand"
    [cert] = product.certifications
    assert "https://eprel.ec.europa.eu/qr/1779994" in cert.evidence_links


def test_eg_0483_and_0484_on_one_page(registry, examples):
    disclosure = _normalise(registry, examples["eg-0484"], examples["eg-0483"])
    # the page's only product gets the standalone certification: nothing says
    # they differ (no conflicting GTIN), and the pair is the EPREL example
    [product] = disclosure.products
    assert product.key == "gtin:12345678901231"
    assert {c.name for c in product.certifications} == {None, "EPREL"}
    assert product.ids[-1].endswith("1377-built-in-dishwasher-gsi1399xx")


def test_eg_0485_carbon_footprint_certification_in_a_credential(registry, examples):
    disclosure = _normalise(registry, examples["eg-0485"])
    [product] = disclosure.products
    assert product.key == "https://www.example.com/12345678901231"
    [cert] = product.certifications
    assert cert.name == "CO2 Measured"  # written "schema:name"
    assert cert.status == "active"  # bare "CertificationActive"
    assert cert.issuer.name == "CO2 Trust"
    assert cert.topic == "carbon"
    assert cert.credential.envelope == "data-integrity"
    assert cert.credential.issuer == "https://certification.example/issuers/14"
    assert cert.credential.valid_from == date(2023, 1, 1)
    [footprint] = product.footprints
    assert (footprint.value_kg_co2e, footprint.unit_raw) == (0.158, "KGM")
    assert footprint.provenance.vocabulary == "informal"
    [issue] = disclosure.issues
    assert issue.kind == "informal-vocabulary"
    assert issue.pointer == "/credentialSubject/hasCertification/hasMeasurement"


def test_eg_0486_product_and_credential_merge_by_id(registry, examples):
    [product] = _normalise(registry, examples["eg-0486"]).products
    assert product.key == "gtin:12345678901231"
    assert "https://www.example.com/12345678901231" in product.ids
    assert len(product.provenance) == 2  # the Product block and the credential subject
    assert product.certifications[0].evidence_links == (
        "https://www.co2trust.com/12345678901231",
    )


def test_eg_0487_two_marks_with_defined_term_identification(registry, examples):
    [product] = _normalise(registry, examples["eg-0487"]).products
    assert product.key == "https://shop.example/p#product-1"
    fcc, ce = product.certifications
    assert (fcc.name, fcc.reference_number, fcc.status) == (
        "FCC",
        "BCG-E3307A",
        "active",
    )
    assert fcc.issuer.id == "https://www.fcc.gov/"
    assert (ce.name, ce.issuer.name) == ("CE", "European Commission")
    assert fcc.provenance.pointer == "/hasCertification/0"


def test_eg_0488_fips_certificate_in_a_credential(registry, examples):
    [product] = _normalise(registry, examples["eg-0488"]).products
    assert product.name == "WolfCrypt"
    [cert] = product.certifications
    assert (cert.name, cert.reference_number) == ("FIPS 140-2", "3389")
    assert cert.valid_until == date(2024, 3, 3)
    assert cert.issuer.name == "NIST"
    assert cert.credential.issuer == "https://certification.example/issuers/1562"


INVERTER = {
    "@context": "https://schema.org",
    "@type": "Product",
    "@id": "https://supplier.example/p/inv-5k#product",
    "name": "5 kW PV inverter",
    "gtin13": "4006381333931",
    "dateModified": "2026-03-01",
    "material": ["aluminium", {"@type": "Product", "name": "NdFeB magnet"}],
    "additionalProperty": [
        {"@type": "PropertyValue", "propertyID": "HS code", "value": "8504.40.90"},
        {
            "@type": "PropertyValue",
            "name": "Product carbon footprint (ISO 14067, cradle-to-gate)",
            "value": 0.412,
            "unitText": "t CO2e/piece",
        },
        {
            "@type": "PropertyValue",
            "name": "Water consumption",
            "value": 120,
            "unitText": "liter",
        },
        {"@type": "PropertyValue", "name": "Recycled content", "value": "35 %"},
    ],
    "manufacturer": {
        "@type": "Organization",
        "name": "Acme Power Electronics",
        "hasCertification": {
            "@type": "Certification",
            "name": "Responsible Minerals Assurance Process",
            "issuedBy": {"@type": "Organization", "name": "RMI"},
            "certificationIdentification": "RMAP-2291",
        },
    },
}


def test_additional_properties_give_hs_code_footprint_water_and_recycled_share(
    registry,
):
    disclosure = _normalise(registry, INVERTER)
    [product] = disclosure.products
    assert product.key == "gtin:04006381333931"
    assert product.hs_codes == ("85044090",)
    [footprint] = product.footprints
    assert footprint.value_kg_co2e == pytest.approx(412.0)  # tonnes -> kg
    assert (footprint.declared_unit, footprint.declared_amount) == ("H87", 1.0)
    assert footprint.standards == ("ISO 14067",)
    assert footprint.boundary == "cradle-to-gate"
    assert footprint.provenance.vocabulary == "informal"
    [water] = product.indicators
    assert (water.name, water.value, water.unit) == ("water-consumption", 120.0, "LTR")
    assert product.recycled_content_share == pytest.approx(0.35)
    assert [m.name for m in product.materials] == ["aluminium", "NdFeB magnet"]
    assert product.responsible_party.name == "Acme Power Electronics"
    assert product.date_modified == date(2026, 3, 1)
    [org_cert] = disclosure.organisation_certifications
    assert (org_cert.subject, org_cert.topic) == ("organisation", "esg-origin")
    assert org_cert.reference_number == "RMAP-2291"
    assert [i.kind for i in disclosure.issues] == ["informal-vocabulary"]


def test_non_existent_schemaorg_types_are_unknown_terms(registry):
    block = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Magnet",
        "subjectOf": [
            {"@type": "SupplyChainEvent", "name": "mined"},
            {"@type": "EnvironmentalImpact", "name": "CO2"},
        ],
    }
    disclosure = _normalise(registry, block)
    unknown = {
        (i.detail, i.pointer) for i in disclosure.issues if i.kind == "unknown-term"
    }
    assert unknown == {
        ("SupplyChainEvent", "/subjectOf/0"),
        ("EnvironmentalImpact", "/subjectOf/1"),
    }
    assert disclosure.products[0].name == "Magnet"  # still read what can be read


def test_http_and_https_and_prefixed_terms_read_alike(registry):
    blocks = [
        {
            "@context": "http://schema.org/",
            "@type": "Product",
            "name": "A",
            "gtin13": "4006381333931",
        },
        {
            "@context": {"schema": "https://schema.org/"},
            "@type": "schema:Product",
            "schema:gtin14": "04006381333931",
            "schema:sku": "A-1",
        },
    ]
    [product] = _normalise(registry, *blocks).products
    assert (product.name, product.gtin) == ("A", "04006381333931")
    assert "sku:A-1" in product.ids


def test_microdata_and_rdfa_items(registry):
    microdata = {
        "type": "https://schema.org/Product",
        "properties": {
            "name": "Widget",
            "gtin13": "4006381333931",
            "hasCertification": {
                "type": "https://schema.org/Certification",
                "properties": {
                    "name": "ISO 14001",
                    "certificationStatus": "CertificationActive",
                },
            },
        },
    }
    rdfa = {
        "@id": "https://shop.example/p#p",
        "@type": ["https://schema.org/Product"],
        "https://schema.org/gtin13": [{"@value": "4006381333931"}],
        "https://schema.org/sku": [{"@value": "W-1"}],
    }
    page = page_of(
        url="https://shop.example/p",
        microdata=(StructuredItem(syntax="microdata", index=0, data=microdata),),
        rdfa=(StructuredItem(syntax="rdfa", index=0, data=rdfa),),
    )
    [product] = normalise_page(page, registry).products
    assert product.key == "gtin:04006381333931"
    assert {p.syntax for p in product.provenance} == {"microdata", "rdfa"}
    assert product.certifications[0].status == "active"
    assert (
        product.certifications[0].provenance.pointer == "/properties/hasCertification"
    )
