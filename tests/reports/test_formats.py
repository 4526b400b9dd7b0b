"""The format registry: names, json always written, one call writes them all."""

from __future__ import annotations

import json

import pytest

from reports.render import DEFAULT_FORMATS, FORMATS, parse_formats, write
from tests.reports.sample import sample_run

FILES = {
    "json": ["report.json"],
    "html": ["report.html"],
    "csv": ["findings.csv", "suppliers.csv"],
    "xlsx": ["report.xlsx"],
    "sarif": ["report.sarif"],
    "junit": ["junit.xml"],
}


def test_formats_are_the_documented_ones():
    assert FORMATS == ("json", "html", "csv", "xlsx", "sarif", "junit")
    assert DEFAULT_FORMATS == ("json", "html")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["sarif"], ("json", "sarif")),
        (["junit,CSV", "html"], ("json", "html", "csv", "junit")),
        (["json", " xlsx , "], ("json", "xlsx")),
        ([], ("json",)),
    ],
)
def test_parse_formats_always_keeps_json(values, expected):
    assert parse_formats(values) == expected


def test_parse_formats_refuses_unknown_names():
    with pytest.raises(ValueError, match=r"unknown report format\(s\) pdf, xml"):
        parse_formats(["html,pdf", "xml"])


@pytest.mark.parametrize("name", FORMATS)
def test_write_one_format(name, tmp_path, sample_rules):
    paths = write(sample_run(), tmp_path, [name], packs=sample_rules.packs)
    expected = ["report.json", *FILES[name]] if name != "json" else ["report.json"]
    assert [p.name for p in paths] == expected
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)


def test_write_every_format_with_the_real_packs(tmp_path):
    paths = write(sample_run(), tmp_path / "new", FORMATS)
    assert [p.name for p in paths] == [f for name in FORMATS for f in FILES[name]]
    sarif = json.loads((tmp_path / "new" / "report.sarif").read_text("utf-8"))
    assert sarif["runs"][0]["tool"]["driver"]["rules"]
