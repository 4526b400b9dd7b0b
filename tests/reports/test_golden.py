"""Every report format of the sample sample, compared with its golden file."""

from __future__ import annotations

import io
import json

import jsonschema
import openpyxl
import pandas as pd

from reports.render import csv as csv_report
from reports.render import html, junit, sarif, xlsx
from reports.render import json as json_report


def test_json_golden(sample, golden):
    text = json_report.render(sample)
    jsonschema.validate(json.loads(text), json_report.report_schema())
    golden("sample.json", text)


def test_html_golden(sample, sample_rules, golden):
    golden("sample.html", html.render(sample, sample_rules))


def test_csv_golden(sample, sample_rules, golden):
    golden("sample.findings.csv", csv_report.render_findings(sample, sample_rules))
    golden("sample.suppliers.csv", csv_report.render_suppliers(sample))


def test_sarif_golden(sample, sample_rules, golden):
    golden("sample.sarif", sarif.render(sample, sample_rules))


def test_junit_golden(sample, sample_rules, golden):
    golden("sample.junit.xml", junit.render(sample, sample_rules))


def _sheet_values(path, name):
    workbook = openpyxl.load_workbook(path)
    try:
        return [list(row) for row in workbook[name].iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_xlsx_golden(sample, sample_rules, golden, tmp_path):
    (path,) = xlsx.write(sample, tmp_path, sample_rules)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Suppliers", "Findings"]
    workbook.close()
    values = {name: _sheet_values(path, name) for name in xlsx.SHEETS}
    golden("sample.xlsx.json", json.dumps(values, indent=1, ensure_ascii=False) + "\n")


def test_xlsx_holds_the_csv_rows(sample, sample_rules, tmp_path):
    (path,) = xlsx.write(sample, tmp_path, sample_rules)
    pairs = (
        ("Findings", csv_report.render_findings(sample, sample_rules)),
        ("Suppliers", csv_report.render_suppliers(sample)),
    )
    for sheet, text in pairs:
        from_csv = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        from_xlsx = pd.read_excel(
            path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="openpyxl"
        )
        from_xlsx = from_xlsx.replace({"True": "True", "False": "False"})
        assert list(from_xlsx.columns) == list(from_csv.columns)
        assert from_xlsx.to_dict("records") == from_csv.to_dict("records")
