"""Loading packs: the public rule table, refusals, and user packs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from rules.loader import PACKS_DIR, PackError, find_rule, load_pack, load_packs, main
from rules.model import Severity

# REQUIREMENTS.md section 2: id -> (pack, severity, effective). A public contract.
CONTRACT = {
    "G7-ESG-01": ("g7-gpw", "critical", "2026-05-06"),
    "G7-ESG-02": ("g7-gpw", "high", "2026-05-06"),
    "G7-ESG-03": ("g7-gpw", "high", "2026-05-06"),
    "G7-ESG-04": ("g7-gpw", "high", "2026-05-06"),
    "G7-ESG-05": ("g7-gpw", "critical", "2026-05-06"),
    "G7-CFP-01": ("g7-gpw", "critical", "2026-05-06"),
    "G7-CFP-02": ("g7-gpw", "high", "2026-05-06"),
    "G7-CFP-03": ("g7-gpw", "high", "2026-05-06"),
    "G7-CFP-04": ("g7-gpw", "medium", "2027-07-01"),
    "G7-TRC-01": ("g7-gpw", "critical", "2027-01-01"),
    "G7-TRC-02": ("g7-gpw", "critical", "2027-01-01"),
    "G7-TRC-03": ("g7-gpw", "high", "2027-01-01"),
    "G7-TRC-04": ("g7-gpw", "high", "2027-01-01"),
    "G7-TRC-05": ("g7-gpw", "medium", "2027-01-01"),
    "G7-TRC-06": ("g7-gpw", "high", "2026-05-06"),
    "G7-API-01": ("g7-gpw", "medium", "2026-05-06"),
    "G7-GOV-01": ("g7-gpw", "low", "2027-07-01"),
    "G7-JP-01": ("g7-gpw", "medium", "2026-05-06"),
    "G7-DE-01": ("g7-gpw", "medium", "2026-05-06"),
    "RCEP-SCOPE-01": ("rcep-geco", "info", "2026-05-07"),
    "RCEP-ECO-01": ("rcep-geco", "critical", "2026-05-07"),
    "RCEP-ECO-02": ("rcep-geco", "critical", "2026-05-07"),
    "RCEP-ECO-03": ("rcep-geco", "high", "2026-05-07"),
    "RCEP-ECO-04": ("rcep-geco", "critical", "2026-05-07"),
    "RCEP-ECO-05": ("rcep-geco", "high", "2026-05-07"),
    "RCEP-ECO-06": ("rcep-geco", "critical", "2026-05-07"),
    "RCEP-ECO-07": ("rcep-geco", "high", "2026-05-07"),
    "RCEP-ECO-08": ("rcep-geco", "medium", "2026-05-07"),
    "MDP-EPD-01": ("materials-passport", "medium", "2026-04-19"),
    "MDP-EF-01": ("materials-passport", "medium", "2026-04-19"),
    "MDP-EF-02": ("materials-passport", "low", "2026-04-19"),
    "CORE-FETCH-01": ("core", "high", None),
    "CORE-JSONLD-01": ("core", "high", None),
    "CORE-CONTEXT-01": ("core", "medium", None),
    "CORE-JS-01": ("core", "low", None),
}

RULE = """\
id: {id}
title: A user rule
severity: medium
applies_to: product
effective: 2026-06-01
status: provisional
cite: {{doc: 000_2c4aefcc2c969d50.txt, para: 2, quote: "green procurement whitelist"}}
rationale: Because.
remediation: 'Add {{"@type": "Product"}}.'
explain: {{why: Because., fail_example: "{{}}", pass_example: "{{}}"}}
check: {check}
"""


def _pack(tmp_path: Path, manifest: str, **rules: str) -> Path:
    directory = tmp_path / "user-pack"
    directory.mkdir()
    (directory / "pack.yaml").write_text(manifest, encoding="utf-8")
    for name, text in rules.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory


MANIFEST = "id: acme-extra\ntitle: Acme extras\nversion: '1'\nstatus: draft\n"


def test_built_in_packs_hold_exactly_the_public_rules(packs) -> None:
    found = {
        r.id: (p.id, r.severity.value, r.effective.isoformat() if r.effective else None)
        for p in packs
        for r in p.rules
    }
    assert found == CONTRACT
    assert [p.id for p in packs] == [
        "core",
        "g7-gpw",
        "materials-passport",
        "rcep-geco",
    ]


def test_profiles_and_statuses(packs) -> None:
    assert find_rule(packs, "G7-JP-01").profile == "jp"
    assert find_rule(packs, "G7-DE-01").profile == "de"
    assert {r.status for p in packs for r in p.rules} == {"provisional"}


def test_check_command_passes_on_built_in_packs(capsys) -> None:
    assert main(["--check"]) == 0
    assert "35 rule(s)" in capsys.readouterr().out


def test_unknown_check_is_refused_naming_file_and_check(tmp_path) -> None:
    directory = _pack(
        tmp_path,
        MANIFEST,
        **{"ACME-X-01": RULE.format(id="ACME-X-01", check="footprint_discloesd")},
    )
    with pytest.raises(PackError) as info:
        load_pack(directory)
    message = str(info.value)
    assert "ACME-X-01.yaml" in message
    assert "unknown check 'footprint_discloesd'" in message
    assert "did you mean footprint_disclosed" in message


def test_check_for_the_wrong_target_is_refused(tmp_path) -> None:
    text = RULE.format(id="ACME-X-01", check="pages_fetched")
    with pytest.raises(PackError, match="runs on a site"):
        load_pack(_pack(tmp_path, MANIFEST, **{"ACME-X-01": text}))


def test_bad_yaml_is_refused_naming_the_file(tmp_path) -> None:
    directory = _pack(tmp_path, MANIFEST, **{"ACME-X-01": "id: [unclosed\n"})
    with pytest.raises(PackError, match=r"ACME-X-01\.yaml: invalid YAML"):
        load_pack(directory)


def test_schema_violation_is_refused_with_its_location(tmp_path) -> None:
    text = RULE.format(id="ACME-X-01", check="footprint_disclosed").replace(
        "severity: medium", "severity: urgent"
    )
    with pytest.raises(
        PackError, match=r"ACME-X-01\.yaml: severity: 'urgent' is not one of"
    ):
        load_pack(_pack(tmp_path, MANIFEST, **{"ACME-X-01": text}))


def test_file_name_must_be_the_rule_id(tmp_path) -> None:
    text = RULE.format(id="ACME-X-02", check="footprint_disclosed")
    with pytest.raises(PackError, match="file name must be the rule id"):
        load_pack(_pack(tmp_path, MANIFEST, **{"ACME-X-01": text}))


def test_invalid_schema_fragment_is_refused(tmp_path) -> None:
    text = (
        RULE.format(id="ACME-X-01", check="footprint_disclosed")
        + "schema: {type: 12}\n"
    )
    with pytest.raises(PackError, match="not a valid JSON Schema"):
        load_pack(_pack(tmp_path, MANIFEST, **{"ACME-X-01": text}))


def test_check_command_fails_on_a_broken_user_pack(tmp_path, capsys) -> None:
    directory = _pack(
        tmp_path, MANIFEST, **{"ACME-X-01": RULE.format(id="ACME-X-01", check="nope")}
    )
    assert main(["--check", "--rules-dir", str(directory)]) == 1
    assert "unknown check 'nope'" in capsys.readouterr().err


def test_user_pack_adds_overrides_and_disables(tmp_path) -> None:
    manifest = (
        MANIFEST
        + "overrides:\n"
        + "  G7-CFP-03: {severity: medium}\n"
        + "  G7-TRC-01: {effective: 2026-06-01}\n"
        + "disable: [G7-GOV-01]\n"
    )
    directory = _pack(
        tmp_path,
        manifest,
        **{"ACME-X-01": RULE.format(id="ACME-X-01", check="footprint_disclosed")},
    )
    packs = load_packs(["g7-gpw"], [directory])
    assert [p.id for p in packs] == ["g7-gpw", "acme-extra"]
    assert find_rule(packs, "G7-CFP-03").severity is Severity.MEDIUM
    assert find_rule(packs, "G7-TRC-01").effective == date(2026, 6, 1)
    assert not find_rule(packs, "G7-GOV-01").enabled
    assert find_rule(packs, "acme-x-01").pack == "acme-extra"
    assert [r.id for r in packs[0].disabled] == ["G7-GOV-01"]


def test_user_pack_directory_of_packs(tmp_path) -> None:
    _pack(tmp_path, MANIFEST + "disable: [CORE-JS-01]\n")
    packs = load_packs(["core"], [tmp_path])
    assert not find_rule(packs, "CORE-JS-01").enabled


def test_override_of_unknown_rule_is_refused(tmp_path) -> None:
    directory = _pack(tmp_path, MANIFEST + "disable: [G7-NOPE-01]\n")
    with pytest.raises(PackError, match="disable names rule G7-NOPE-01"):
        load_packs(["g7-gpw"], [directory])


def test_reusing_a_rule_id_is_refused(tmp_path) -> None:
    directory = _pack(
        tmp_path,
        MANIFEST,
        **{"G7-CFP-01": RULE.format(id="G7-CFP-01", check="footprint_disclosed")},
    )
    with pytest.raises(PackError, match="already used by pack g7-gpw"):
        load_packs(["g7-gpw"], [directory])


def test_unknown_pack_name_is_refused() -> None:
    with pytest.raises(PackError, match=r"unknown pack.*g8"):
        load_packs(["g8"])


def test_copy_of_a_built_in_pack_with_a_bad_manifest(tmp_path) -> None:
    copy = tmp_path / "core"
    shutil.copytree(PACKS_DIR / "core", copy)
    (copy / "pack.yaml").write_text("id: Core Pack\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"pack\.yaml"):
        load_pack(copy)


def test_find_rule_is_case_insensitive(packs) -> None:
    assert find_rule(packs, "rcep-eco-01").id == "RCEP-ECO-01"
    assert find_rule(packs, "NOPE-01") is None
