"""Scope tables: G7 headings and keywords, RCEP subheadings, materials, user files."""

from __future__ import annotations

import pytest

from rules.disclosure import Classification, Material
from rules.scope import (
    ScopeTableError,
    default_scope_tables,
    g7_scope,
    is_intermediate_mineral,
    load_scope_tables,
    material_class,
    rcep_scope,
)
from tests.rules.conftest import inverter, site

TABLES = default_scope_tables()


def _hs(code: str):
    return inverter(
        name="Model X",
        materials=(),
        classifications=(Classification(scheme="HS", code=code),),
    )


@pytest.mark.parametrize(
    ("code", "covered"),
    [
        ("850440", True),
        ("8501", True),
        ("850760", True),
        ("847950", True),
        ("842890", True),
        ("284190", True),
        ("284610", True),
        ("846721", False),  # hand-held power tools are not in G7
        ("847989", True),
        ("760421", False),
    ],
)
def test_g7_headings(code, covered) -> None:
    assert g7_scope(_hs(code), site(), TABLES).in_scope is covered


@pytest.mark.parametrize(
    ("name", "covered"),
    [
        ("10 kW photovoltaic inverter", True),
        ("Wind power converter 3 MW", True),
        ("Six-axis industrial robot", True),
        ("Battery energy storage system 200 kWh", True),
        ("High-purity ytterbium oxide 99.999%", True),
        ("Lithium cobaltate cathode powder", True),
        ("Garden chair", False),
    ],
)
def test_g7_keywords_without_hs(name, covered) -> None:
    product = inverter(name=name, classifications=(), materials=())
    assert g7_scope(product, site(), TABLES).in_scope is covered


def test_g7_material_keyword() -> None:
    product = inverter(
        name="Rotor assembly",
        classifications=(),
        materials=(Material(name="NdFeB magnet"),),
    )
    assert g7_scope(product, site(), TABLES).in_scope is True


def test_hs_code_wins_over_keywords() -> None:
    drill = inverter(
        name="Drill with brushless electric motor",
        classifications=(Classification(scheme="HS", code="8467.21"),),
    )
    decision = g7_scope(drill, site(), TABLES)
    assert decision.in_scope is False
    assert "8467.21" in decision.reason


@pytest.mark.parametrize(
    ("code", "expected", "category"),
    [
        ("854142", True, "new-energy equipment"),
        ("850440", True, "new-energy equipment"),
        ("85017100", True, "new-energy equipment"),
        ("846722", True, "power tools"),
        ("850760", True, "lithium-battery accessories"),
        ("850650", True, "lithium-battery accessories"),
        ("847989", False, None),  # battery recycling equipment
        ("850710", False, None),
        ("8507", None, None),  # heading holding covered subheadings: too vague
        ("8479", False, None),
    ],
)
def test_rcep_subheadings(code, expected, category) -> None:
    decision = rcep_scope(_hs(code), site(), TABLES)
    assert (decision.in_scope, decision.category) == (expected, category)


def test_rcep_supplier_list_codes_stand_in() -> None:
    product = inverter(classifications=())
    decision = rcep_scope(product, site(hs_codes=("8467.29",)), TABLES)
    assert (decision.in_scope, decision.hs_source) == (True, "supplier-list")
    assert rcep_scope(product, site(), TABLES).in_scope is None


def test_materials_and_intermediates() -> None:
    assert material_class(_hs("760421"), site(), TABLES).name == "aluminium"
    assert material_class(_hs("722100"), site(), TABLES).name == "specialty steel"
    assert material_class(_hs("390810"), site(), TABLES).name == "engineering plastics"
    assert material_class(_hs("850440"), site(), TABLES) is None
    profile = inverter(name="Stainless steel tube 316L", classifications=())
    assert material_class(profile, site(), TABLES).name == "specialty steel"
    assert is_intermediate_mineral(_hs("850511"), site(), TABLES)
    assert not is_intermediate_mineral(_hs("850440"), site(), TABLES)


def test_user_file_replaces_a_section(tmp_path) -> None:
    path = tmp_path / "scope.yaml"
    path.write_text(
        "rcep:\n  categories:\n    inverters only: ['850440']\n", encoding="utf-8"
    )
    tables = load_scope_tables(path)
    assert set(tables.rcep_categories) == {"inverters only"}
    assert tables.g7_headings == TABLES.g7_headings
    assert load_scope_tables(None) is TABLES


def test_bad_user_file_is_refused(tmp_path) -> None:
    path = tmp_path / "scope.yaml"
    path.write_text("rcep:\n  categories:\n    tools: ['84672']\n", encoding="utf-8")
    with pytest.raises(ScopeTableError, match=r"scope\.yaml: rcep/categories/tools/0"):
        load_scope_tables(path)
    path.write_text("rcep: [\n", encoding="utf-8")
    with pytest.raises(ScopeTableError, match="cannot read"):
        load_scope_tables(path)
