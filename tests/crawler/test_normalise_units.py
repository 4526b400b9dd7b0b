"""Units, shares, standards, stages and identifiers: one spelling each."""

from __future__ import annotations

import pytest

from crawler.normalise.ids import gtin14
from crawler.normalise.labels import (
    boundary,
    certification_status,
    classification_scheme,
    document_topic,
    stage,
    standard_name,
)
from crawler.normalise.tree import local_name, split_iri
from crawler.normalise.units import (
    co2e_unit,
    fraction,
    kg_co2e,
    percent,
    share_text,
    unit_code,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KGM", "KGM"),
        ("kg", "KGM"),
        ("kilogram", "KGM"),
        ("H87", "H87"),
        ("piece", "H87"),
        ("KWH", "KWH"),
        ("kilowatt hour", "KWH"),
        ("LTR", "LTR"),
        ("liter", "LTR"),
        ("litre", "LTR"),
        ("TNE", "TNE"),
        ("tonne", "TNE"),
        ("cubic meter", "MTQ"),
        ("megajoule", "3B"),
        ("ton kilometer", "TKM"),
        ("square meter", "MTK"),
        ("https://vocabulary.uncefact.org/UnitMeasureCode#KGM", "KGM"),
        ("bushel", None),
    ],
)
def test_unit_codes(text, code):
    assert unit_code(text) == code


@pytest.mark.parametrize(
    ("unit", "value", "kg", "declared"),
    [
        ("kg CO2e", 412.0, 412.0, None),
        ("kgCO2e/kWh", 0.5, 0.5, "KWH"),
        ("g CO2e per piece", 1500.0, 1.5, "H87"),
        ("t CO2e", 0.412, 412.0, None),
        ("TNE", 2.0, 2000.0, None),
        ("GRM", 10.0, 0.01, None),
        ("kg CO2-eq / kg", 3.0, 3.0, "KGM"),
        (None, 7.0, 7.0, None),
    ],
)
def test_footprint_masses_become_kg_co2e(unit, value, kg, declared):
    assert kg_co2e(value, unit) == pytest.approx(kg)
    assert co2e_unit(unit)[1] == declared


def test_fractions_and_percents():
    assert fraction(35.0) == pytest.approx(0.35)
    assert fraction(0.35) == 0.35
    assert fraction(1.0, percent=True) == pytest.approx(0.01)
    assert percent(0.3) == pytest.approx(30.0)
    assert percent(12.9) == 12.9
    assert share_text("35 %") == pytest.approx(0.35)
    assert share_text("0.5") == 0.5


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ISO Standard 14067", "ISO 14067"),
        ("ISO14067", "ISO 14067"),
        ("ISO 14067", "ISO 14067"),
        ("ISO 14067:2018", "ISO 14067"),
        ("ISO14040-44", "ISO 14040/14044"),
        ("ISO Standard 14044", "ISO 14044"),
        ("GHG Protocol Product standard", "GHG Protocol Product"),
        ("GHGP-Product", "GHG Protocol Product"),
        ("PACT-3.0", "PACT"),
        ("PAS2050", "PAS 2050"),
        ("EN 15804+A2", "EN 15804"),
        ("PEF", "PEF"),
    ],
)
def test_standard_spellings(text, name):
    assert standard_name(text) == name


def test_boundaries_stages_statuses_and_schemes():
    assert boundary("CradleToGate") == "cradle-to-gate"
    assert boundary("Cradle-to-grave") == "cradle-to-grave"
    assert boundary("None") is None
    assert stage("ComponentIntegration") == "component-integration"
    assert stage("https://textileIndustry.org/spinning") == "spinning"
    assert certification_status("http://schema.org/CertificationActive") == "active"
    assert certification_status("CertificationInactive") == "inactive"
    assert classification_scheme("Harmonized System") == "HS"
    assert classification_scheme("UN Central Product Classification (CPC)") == "CPC"
    assert document_topic("Download our ISO 14067 carbon footprint report") == "carbon"
    assert document_topic("Company brochure") is None


@pytest.mark.parametrize(
    ("text", "gtin"),
    [
        ("4006381333931", "04006381333931"),
        ("12345678901231", "12345678901231"),
        ("https://id.gs1.org/01/09520123456788/21/12345", "09520123456788"),
        ("urn:gtin:5695872369587", "05695872369587"),
        ("urn:epc:id:sgtin:0614141.107346.2017", "10614141073464"),
        ("urn:epc:class:lgtin:4012345.011111.4444", "04012345111118"),
        ("SKU-1234", None),
        ("https://supplier.example/p/1", None),
    ],
)
def test_gtins_in_every_spelling(text, gtin):
    assert gtin14(text) == gtin


def test_local_names():
    assert local_name("http://schema.org/name") == "name"
    assert local_name("https://schema.org/name") == "name"
    assert local_name("schema:name") == "name"
    assert local_name("urn:samm:io.catenax.pcf:7.0.0#pcf") == "pcf"
    assert split_iri("https://ref.gs1.org/cbv/BizStep-shipping") == (
        "https://ref.gs1.org/cbv/",
        "BizStep-shipping",
    )
