"""UNTP credentials (DPP, DCC, DTE) from the real UNTP examples, in every version."""

from __future__ import annotations

import copy

import pytest

from crawler.normalise import normalise_page
from tests.crawler.conftest import page_of, reference_json

DPP = "untp/spec-untp/data-models/untp-dpp/artefacts/untp-dpp-instance.json"
DCC = "untp/spec-untp/data-models/untp-dcc/artefacts/untp-dcc-instance.json"
DTE = "untp/spec-untp/data-models/untp-dte/artefacts/untp-dte-instance.json"
GTIN = "gtin:09520123456788"


def _product(disclosure):
    [product] = disclosure.products
    return product


def test_dpp_working_instance(registry):
    disclosure = normalise_page(page_of(reference_json(DPP)), registry)
    product = _product(disclosure)
    assert product.key == GTIN
    assert product.gtin == "09520123456788"
    assert "https://id.gs1.org/01/09520123456788/21/12345" in product.ids
    assert "batch:6789" in product.ids
    assert product.name == "EV battery 300Ah."
    assert product.responsible_party.name == "Sample Company Pty Ltd."
    assert product.responsible_party.role == "manufacturer"
    assert {(c.scheme, c.code) for c in product.classifications} == {("CPC", "46410")}
    assert product.recycled_content_share == pytest.approx(0.3)

    [footprint] = product.footprints
    assert footprint.value_kg_co2e == pytest.approx(1.8)
    assert footprint.declared_unit == "KGM"
    assert footprint.declared_amount == 1.0
    assert footprint.boundary == "cradle-to-gate"
    assert footprint.primary_data_share == pytest.approx(30.0)
    assert footprint.standards == (
        "GBA Battery Passport Greenhouse Gas Rulebook - V.2.0",
    )
    assert footprint.provenance.vocabulary == "untp-dpp"
    assert footprint.provenance.pointer == "/credentialSubject/emissionsScorecard"
    assert footprint.provenance.syntax == "json-ld"
    assert (footprint.provenance.block, footprint.provenance.line) == (0, 10)

    material = product.materials[0]
    assert (material.name, material.origin_country) == ("Lithium Spodumene", "AU")
    assert (material.mass_fraction, material.recycled_fraction) == (0.2, 0.5)

    link = product.trace_links[0]
    assert link.url == "https://files.example-certifier.com/1234567.json"
    assert link.stage == "spinning"
    assert link.hash_method == "SHA-256"
    assert link.hash_digest.startswith("6239119d")

    claim = product.certifications[0]
    assert claim.topic == "carbon"  # conformityTopic environment.emissions
    assert claim.issuer.id == "did:web:identifiers.example-company.com:12345"
    assert claim.verification_url == "https://files.example-certifier.com/1234567.json"
    assert claim.credential.url.startswith("https://example-company.com/credentials/")
    assert str(claim.valid_until) == "2034-03-15"
    assert disclosure.issues == ()
    assert disclosure.context_mappings == ()


@pytest.mark.parametrize("version", ["0.6.0", "0.6.1"])
def test_dpp_citing_a_numbered_version_reads_the_same(registry, version):
    credential = copy.deepcopy(reference_json(DPP))
    credential["@context"][1] = (
        f"https://test.uncefact.org/vocabulary/untp/dpp/{version}/"
    )
    disclosure = normalise_page(page_of(credential), registry)
    working = normalise_page(page_of(reference_json(DPP)), registry)
    assert disclosure.products == working.products
    [mapping] = disclosure.context_mappings
    assert (mapping.name, mapping.mapped_from) == ("untp-dpp", version)
    assert not [i for i in disclosure.issues if i.kind == "jsonld-context"]


@pytest.mark.parametrize(
    "relative",
    [
        "untp/tests-untp/untp-test-suite-credentials/productPassport/"
        "DigitalProductPassport_instance-v0.5.0.json",
        "untp/spec-untp/website/samples/untp-digital-product-passport-v0.3.10.json",
        "untp/tests-untp/reference-implementation-example-data/v0.6.0/"
        "digital_product_passport/example-data.json",
    ],
)
def test_older_dpp_versions_parse(registry, relative):
    disclosure = normalise_page(page_of(reference_json(relative)), registry)
    product = _product(disclosure)
    assert product.key == GTIN
    [footprint] = product.footprints
    assert (footprint.value_kg_co2e, footprint.declared_unit) == (1.8, "KGM")
    assert footprint.boundary == "cradle-to-gate"
    assert product.trace_links
    assert product.materials[0].recycled_fraction == 0.5
    # terms the bundled working context lacks are reported, saying why
    for issue in (i for i in disclosure.issues if i.kind == "jsonld-dropped"):
        assert "bundled working context was used" in issue.message


def test_operational_scope_none_means_scope_1_and_2(registry):
    credential = copy.deepcopy(reference_json(DPP))
    credential["credentialSubject"]["emissionsScorecard"]["operationalScope"] = "None"
    [footprint] = _product(normalise_page(page_of(credential), registry)).footprints
    assert footprint.boundary is None
    assert footprint.scopes_included == {"scope1", "scope2"}
    assert footprint.scopes_excluded == {"scope3"}


def test_an_hs_product_category_is_an_hs_classification(registry):
    credential = copy.deepcopy(reference_json(DPP))
    category = credential["credentialSubject"]["product"]["productCategory"][0]
    category.update(
        code="8507.60",
        schemeID="https://www.wcoomd.org/en/topics/nomenclature.aspx",
        schemeName="Harmonized System",
    )
    product = _product(normalise_page(page_of(credential), registry))
    assert product.hs_codes == ("850760",)


def test_dcc_is_a_third_party_certification_of_the_product(registry):
    disclosure = normalise_page(page_of(reference_json(DCC)), registry)
    product = _product(disclosure)
    assert product.key == GTIN
    cert = product.certifications[0]
    assert (
        cert.name
        == "Product GHG Footprint certificate in accordance with GBA Rulebook."
    )
    assert cert.status == "conformant"
    assert cert.topic == "carbon"
    assert cert.reference_number == "https://sample-certifiers.com/attestations/12345"
    assert cert.issuer.name == "Example Company Pty Ltd"
    assert cert.credential.issuer == "did:web:identifiers.example-company.com:12345"
    assert cert.provenance.vocabulary == "untp-dcc"


def test_dcc_next_to_dpp_attaches_to_the_passport_product(registry):
    disclosure = normalise_page(
        page_of(reference_json(DPP), reference_json(DCC)), registry
    )
    product = _product(disclosure)
    vocabularies = {c.provenance.vocabulary for c in product.certifications}
    assert vocabularies == {"untp-dpp", "untp-dcc"}


def test_dte_events_become_trace_records(registry):
    disclosure = normalise_page(page_of(reference_json(DTE)), registry)
    assert disclosure.products == ()
    first = disclosure.trace_records[0]
    assert first.stage == "weaving"  # processType wins over bizStep commissioning
    assert first.event_time == "2024-09-01T12:00:00Z"
    assert first.issuer == "did:web:identifiers.example-company.com:12345"
    assert "https://id.gs1.org/01/09520123456788/21/12345" in first.outputs
    assert GTIN in first.linked_products
    assert first.provenance.vocabulary == "untp-dte"


def test_enveloped_vc_jwt_dpp_is_read_unverified(registry):
    wrapper = reference_json("untp/tests-untp/playground/dpp.json")
    product = _product(normalise_page(page_of(wrapper), registry))
    assert product.gtin == "09359502000034"
    assert product.footprints[0].value_kg_co2e == pytest.approx(1.8)
    credential = product.certifications[0].credential
    assert credential.envelope == "vc-jwt"
    assert credential.verification is None
    assert credential.status_list_url.endswith("/bitstring-status-list/1")
