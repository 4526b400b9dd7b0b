"""Footprint merging, unit normalisation, identifiers and small helpers."""

from __future__ import annotations

from datetime import date

import pytest

from rules.checks._trace import gtin_of, mix_problem, stage_of
from rules.disclosure import EnergyShare
from rules.facts import months_back, norm_url, org_name, robots_blocks
from rules.footprint import (
    claims_iso14067,
    merged_footprint,
    per_declared_unit,
    unit_code,
)
from tests.rules.conftest import ENDPOINT, footprint, inverter, prov


def test_merge_prefers_jsonld_and_unites_lists() -> None:
    page = footprint(
        grid_mix=None, standards=("ISO 14067",), scopes_included=frozenset({"scope1"})
    )
    micro = footprint(
        value_kg_co2e=999.0,
        grid_mix="grid 2026",
        standards=("PACT",),
        scopes_included=frozenset({"scope2"}),
        provenance=prov(syntax="microdata"),
    )
    html = footprint(value_kg_co2e=1.0, provenance=prov(syntax="html"))
    merged = merged_footprint(inverter(footprints=(micro, html, page)))
    assert merged.value_kg_co2e == 412.0
    assert merged.grid_mix == "grid 2026"
    assert merged.standards == ("ISO 14067", "PACT")
    assert merged.scopes_included == {"scope1", "scope2"}
    assert merged.provenance.syntax == "json-ld"


def test_merge_of_nothing_structured_is_none() -> None:
    assert (
        merged_footprint(
            inverter(footprints=(footprint(provenance=prov(syntax="html")),))
        )
        is None
    )


@pytest.mark.parametrize(
    ("unit", "amount", "value", "expected"),
    [
        ("H87", 1.0, 412.0, (412.0, "H87")),
        ("pieces", 2.0, 824.0, (412.0, "H87")),
        ("TNE", 1.0, 8200.0, (8.2, "KGM")),
        ("kilogram", None, 8.2, (8.2, "KGM")),
        ("MWh", 1.0, 500.0, (0.5, "KWH")),
    ],
)
def test_per_declared_unit(unit, amount, value, expected) -> None:
    fp = footprint(
        declared_unit=unit,
        declared_amount=amount,
        value_kg_co2e=value,
        provenance=prov(url=ENDPOINT),
    )
    result = per_declared_unit(fp)
    assert result[1] == expected[1]
    assert result[0] == pytest.approx(expected[0])


def test_unit_codes() -> None:
    assert unit_code("kg") == "KGM"
    assert unit_code("C62") == "H87"
    assert unit_code("furlong") is None


def test_iso_14067_spellings() -> None:
    assert claims_iso14067(["ISO Standard 14067"])
    assert claims_iso14067(["ISO14067"])
    assert claims_iso14067(["ISO 14067:2018"])
    assert not claims_iso14067(["ISO 14064-1", "GHG Protocol"])


@pytest.mark.parametrize(
    ("identifier", "gtin"),
    [
        ("https://id.gs1.org/01/09520123456788/21/12345", "09520123456788"),
        ("urn:gtin:9520123456788", "09520123456788"),
        ("urn:epc:id:sgtin:952012.0345678.1", "09520123456788"),
        ("urn:epc:class:lgtin:952012.0345678.LOT1", "09520123456788"),
        ("https://acme.example/p/1", None),
    ],
)
def test_gtin_of(identifier, gtin) -> None:
    assert gtin_of(identifier) == gtin


def test_stage_names() -> None:
    assert stage_of("ComponentIntegration") == "component-integration"
    assert stage_of("Mining") == "mining"
    assert (
        stage_of("https://test.uncefact.org/vocabulary/untp/processType#Refining")
        == "refining"
    )
    assert stage_of("Smelting") == "smelting"
    assert stage_of("packing") is None


def test_power_mix() -> None:
    assert mix_problem((EnergyShare(source="grid", percent=100.0),), 1.0) is None
    assert (
        mix_problem((EnergyShare(source="grid", percent=98.0),), 1.0)
        == "power mix sums to 98 %, not 100"
    )
    assert mix_problem((), 1.0) == "no power-consumption mix"


def test_months_back_clamps_the_day() -> None:
    assert months_back(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert months_back(date(2027, 8, 1), 24) == date(2025, 8, 1)
    assert months_back(date(2027, 1, 15), 13) == date(2025, 12, 15)


def test_url_and_names() -> None:
    assert (
        norm_url("HTTPS://Acme.example/products/x/#top")
        == "https://acme.example/products/x"
    )
    assert (
        org_name("Acme Inverters Co., Ltd.")
        == org_name("ACME INVERTERS CO LTD")
        == "acme inverters"
    )
    assert robots_blocks("https://acme.example/products/x", ["/products/"])
    assert robots_blocks("https://acme.example/api/x", ["https://acme.example/api"])
    assert not robots_blocks("https://acme.example/about", ["/products/"])
