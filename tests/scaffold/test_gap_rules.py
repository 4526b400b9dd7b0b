"""The rules a gap names are the rules ``greengate check`` then fails.

Each case takes a product of the complete example table, blanks or changes
some of its cells, and gives it a new id and GTIN. One table of all cases is
scaffolded and its pages checked once. For each case, the rules whose status
turned to ``fail`` (or ``warn``) compared with the complete product must be
exactly the rules its gaps name, with that status; rules whose failure only a
crawl could show (NOT_PROVABLE_OFFLINE, already failing offline) are left out.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.scaffold.support import (
    BASE_URL,
    NOT_PROVABLE_OFFLINE,
    check,
    complete_rows,
    run,
    statuses,
    write_csv,
)

_CERT = {c: "" for c in complete_rows()[0] if c.startswith("certification_")}
_NO_RECYCLING = ";".join(
    e for e in complete_rows()[0]["traceability"].split(";") if "Recycling" not in e
)
_ANCHORLESS = "CAICT industrial materials factors:2026.1"

CASES: dict[str, tuple[str, dict[str, str]]] = {
    "no-footprint": ("AP-5K", {"footprint_kg_co2e": ""}),
    "negative-footprint": ("AP-5K", {"footprint_kg_co2e": "-5"}),
    "no-declared-unit": ("AP-5K", {"declared_unit": ""}),
    "no-standard": ("AP-5K", {"standard": ""}),
    "not-iso14067": ("AP-5K", {"standard": "GHG Protocol Product"}),
    "no-period": (
        "AP-5K",
        {"reference_period_start": "", "reference_period_end": ""},
    ),
    "no-factors": ("AP-5K", {"characterisation_factors": ""}),
    "no-sources": ("AP-5K", {"emission_factor_sources": ""}),
    "unversioned-source": ("AP-5K", {"emission_factor_sources": "ecoinvent"}),
    "no-primary-share": ("AP-5K", {"primary_data_share": ""}),
    "no-grid-mix": ("AP-5K", {"grid_mix": ""}),
    "no-assurance": ("AP-5K", {"assurance_provider": ""}),
    "no-version": ("AP-5K", {"version": ""}),
    "no-date-modified": ("AP-5K", {"date_modified": ""}),
    "no-manufacturer": ("AP-5K", {"manufacturer": "", "manufacturer_id": ""}),
    "no-data-url": ("AP-5K", {"data_url": ""}),
    "no-hs-code": ("AP-5K", {"hs_code": ""}),
    "no-certification": ("AP-5K", _CERT),
    "unnamed-certification": ("AP-5K", {"certification_name": ""}),
    "no-issuer": (
        "AP-5K",
        {"certification_issuer": "", "certification_issuer_url": ""},
    ),
    "no-certificate-number": ("AP-5K", {"certification_id": ""}),
    "no-valid-until": ("AP-5K", {"certification_valid_until": ""}),
    "no-register-link": ("AP-5K", {"certification_url": ""}),
    "no-traceability": ("AP-5K", {"traceability": ""}),
    "untraced-recycled": ("AP-5K", {"traceability": _NO_RECYCLING}),
    "battery-no-footprint-nor-maker-name": (
        "BP-48",
        {"footprint_kg_co2e": "", "manufacturer": ""},
    ),
    "material-no-footprint": ("AL-6063", {"footprint_kg_co2e": ""}),
    "material-no-grid-mix": ("AL-6063", {"grid_mix": ""}),
    "material-no-energy": ("AL-6063", {"process_energy_use": ""}),
    "material-no-fuels": ("AL-6063", {"process_fuel_types": ""}),
    "material-no-upstream": ("AL-6063", {"upstream_materials": ""}),
    "material-anchorless-factors": (
        "AL-6063",
        {"emission_factor_sources": _ANCHORLESS},
    ),
    "material-no-epd": ("AL-6063", {"epd_registration": ""}),
    "material-epd-standard": ("AL-6063", {"epd_standard": "ISO 14001"}),
    "magnet-no-upstream-audits": ("NDFEB-N52", {"upstream_audits": ""}),
    "magnet-untraced-swarf": (
        "NDFEB-N52",
        {"traceability": complete_rows()[2]["traceability"].split(";Recycling")[0]},
    ),
}

FAILING = ("fail", "warn")


def _gtin(index: int) -> str:
    body = f"69712349{index:04d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body[::-1]))
    return body + str((10 - total % 10) % 10)


def _case_rows() -> list[dict[str, str]]:
    originals = {row["product_id"]: row for row in complete_rows()}
    rows = list(originals.values())
    for index, (name, (base, changes)) in enumerate(CASES.items(), start=1):
        row = {**originals[base], **changes}
        row["product_id"] = name
        row["gtin"] = _gtin(index)
        row["product_url"] = f"{BASE_URL}{name}-page.html"
        if row["data_url"]:
            row["data_url"] = f"{BASE_URL}{name}.jsonld"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Scaffold and check every case once; return gaps and statuses by id."""
    root = tmp_path_factory.mktemp("gap-rules")
    rows = _case_rows()
    out = root / "out"
    table = write_csv(root / "cases.csv", rows)
    assert run("scaffold", str(table), "--out", str(out)) == 0
    site = root / "site"
    site.mkdir()
    for row in rows:
        for suffix in (".html", ".jsonld"):
            name = row["product_id"] + suffix
            (site / name).write_bytes((out / name).read_bytes())
    supplier = check(root / "report", site, extra=["--base-url", BASE_URL])
    report = json.loads((out / "scaffold-report.json").read_text("utf-8"))
    return {
        "gaps": {p["product_id"]: p["gaps"] for p in report["products"]},
        "status": statuses(supplier),
        "gtin": {r["product_id"]: "gtin:" + r["gtin"].zfill(14) for r in rows},
    }


def _product_statuses(checked: dict[str, Any], product_id: str) -> dict[str, str]:
    key = checked["gtin"][product_id]
    return {
        rule: s for (rule, subject), s in checked["status"].items() if subject == key
    }


@pytest.mark.parametrize("case", CASES)
def test_gap_names_exactly_the_rules_that_fail(checked, case):
    base, _ = CASES[case]
    before = _product_statuses(checked, base)
    after = _product_statuses(checked, case)
    turned = {
        rule: status
        for rule, status in after.items()
        if status in FAILING and before.get(rule) != status
    }
    named = {
        rule: gap["status"] for gap in checked["gaps"][case] for rule in gap["rules"]
    }
    offline = set(NOT_PROVABLE_OFFLINE)
    expected = {
        r: s for r, s in named.items() if not (r in offline and before.get(r) == s)
    }
    assert turned == expected
    assert named, "every case has a gap that names a rule"


def test_complete_rows_have_no_gaps(checked):
    for row in complete_rows():
        assert checked["gaps"][row["product_id"]] == []


def test_cases_cover_every_requirement():
    from reports.scaffold.requirements import REQUIREMENTS

    changed = {column for _, changes in CASES.values() for column in changes}
    assert {need.column for need in REQUIREMENTS} <= changed | {
        "reference_period_end",
        "certification_name",
    }
