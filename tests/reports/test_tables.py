"""CSV and XLSX: columns, supplier counts and formula-injection guards."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from reports.render import csv as csv_report
from reports.render import xlsx
from reports.render._tables import FINDING_COLUMNS, defuse
from tests.reports.sample import FORMULA_MESSAGE, FORMULA_NAME


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        ("\x07=1", "\ufffd=1"),
    ],
)
def test_defuse(value, expected):
    assert defuse(value) == expected


def _read(text):
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_findings_csv_has_one_row_per_finding(sample, sample_rules):
    frame = _read(csv_report.render_findings(sample, sample_rules))
    assert tuple(frame.columns) == FINDING_COLUMNS
    assert len(frame) == sum(len(s.findings) for s in sample.suppliers)
    first = frame.iloc[0]
    assert first["supplier_url"] == "https://acme.example/"
    assert first["verdict"] == "high-risk"
    assert first["rule_title"] == "A product carbon footprint is disclosed"


def test_findings_csv_marks_suppressed_rows(sample, sample_rules):
    frame = _read(csv_report.render_findings(sample, sample_rules))
    suppressed = frame[frame["suppressed"] == "True"]
    assert list(suppressed["rule_id"]) == ["MDP-EF-02"]
    assert list(suppressed["suppression_expires"]) == ["2026-12-31"]


def test_csv_cells_from_pages_cannot_run_as_formulas(sample, sample_rules):
    frame = _read(csv_report.render_findings(sample, sample_rules))
    assert "'" + FORMULA_MESSAGE in set(frame["message"])
    assert set(
        frame[frame["supplier_id"] == "acme-power@acme.example"]["supplier"]
    ) == {"'" + FORMULA_NAME}
    for column in frame.columns:
        assert not frame[column].str.match(r"^[=+\-@\t\r]").any(), column


def test_suppliers_csv_counts_statuses_and_failed_severities(sample):
    frame = _read(csv_report.render_suppliers(sample))
    assert list(frame["verdict"]) == [
        "high-risk",
        "unreachable",
        "watchlist",
        "whitelist-ready",
    ]
    sunvolt = frame[frame["supplier"] == "Sunvolt Energy Storage"].iloc[0]
    assert sunvolt[["fail", "error", "warn", "pass", "fail_high"]].tolist() == [
        "1",
        "1",
        "1",
        "2",
        "1",
    ]
    lumen = frame[frame["supplier"] == "Lumen Alloys"].iloc[0]
    assert lumen[["fail_low", "suppressed"]].tolist() == ["1", "1"]


def test_xlsx_cells_from_pages_are_text_not_formulas(sample, sample_rules, tmp_path):
    (path,) = xlsx.write(sample, tmp_path, sample_rules)
    workbook = openpyxl.load_workbook(path)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    assert cell.data_type != "f", cell.coordinate
        findings = workbook["Findings"]
        header = [c.value for c in findings[1]]
        assert tuple(header) == FINDING_COLUMNS
        messages = [
            r[header.index("message")]
            for r in findings.iter_rows(min_row=2, values_only=True)
        ]
        assert "'" + FORMULA_MESSAGE in messages
        assert findings.freeze_panes == "A2"
        assert workbook["Suppliers"]["A2"].value == "'" + FORMULA_NAME
        assert workbook["Suppliers"]["E2"].value == 62  # scores stay numbers
    finally:
        workbook.close()
