"""``greengate rules explain ID --fix`` for every rule: the markup a page needs."""

from __future__ import annotations

import json
import re

import pytest

from rules.loader import load_packs
from tests.scaffold.support import run

RULES = [rule for pack in load_packs(None) for rule in pack.rules]
_BLOCK = re.compile(r"\*\*Use instead\*\*\n\n```json\n(.*?)\n```", re.S)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_fix_prints_the_passing_example_as_json(rule, capsys):
    assert run("rules", "explain", rule.id, "--fix") == 0
    text = capsys.readouterr().out
    assert text.startswith(f"# {rule.id}: ")
    sections = re.findall(r"^\*\*(.+?)\*\*$", text, re.M)
    assert sections == ["What it checks", "Remediation", "Use instead"]
    (block,) = _BLOCK.findall(text)
    assert json.loads(block) == json.loads(rule.explain.pass_example)


def test_fix_accepts_lower_case_ids(capsys):
    assert run("rules", "explain", "rcep-eco-01", "--fix") == 0
    assert "# RCEP-ECO-01: " in capsys.readouterr().out
