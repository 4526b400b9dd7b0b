"""Cells that try to break out of the script element or run as formulas."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from openpyxl import Workbook

from tests.scaffold.support import BASE_URL, check, complete_rows, run, write_csv

BREAKOUT = '</script><script>alert(1)</script><!-- \u2028 & "quoted"'
FORMULAS = {
    "name": '=HYPERLINK("https://evil.example","click")',
    "description": "+cmd|' /C calc'!A0",
    "category": "@SUM(1+1)",
    "certification_id": "-2+3",
}


class _Scripts(HTMLParser):
    """Collect every script element as a browser would split the page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self._type: str | None = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._inside, self._type = True, dict(attrs).get("type")
            self.scripts.append((self._type, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def _scripts(path: Path) -> list[tuple[str | None, str]]:
    parser = _Scripts()
    parser.feed(path.read_text("utf-8"))
    return parser.scripts


def test_script_breakout_stays_inside_the_json(tmp_path):
    row = complete_rows()[0]
    row["name"] = "AP-5K " + BREAKOUT
    row["description"] = BREAKOUT
    out = tmp_path / "out"
    assert run("scaffold", write_csv(tmp_path / "t.csv", [row]), "--out", out) == 0
    blocks = json.loads((out / "AP-5K.jsonld").read_text("utf-8"))
    assert blocks[0]["name"] == "AP-5K " + BREAKOUT
    for page in ("AP-5K.snippet.html", "AP-5K.html"):
        scripts = _scripts(out / page)
        assert [kind for kind, _ in scripts] == ["application/ld+json"] * 3, page
        assert [json.loads(text) for _, text in scripts] == blocks
        assert "</script><script>" not in "".join(text for _, text in scripts)
    preview = (out / "AP-5K.html").read_text("utf-8")
    assert "<title>AP-5K &lt;/script&gt;&lt;script&gt;alert(1)" in preview
    supplier = check(tmp_path / "report", out / "AP-5K.html")
    (product,) = supplier["products"]
    assert product["key"] == "gtin:06971234000019"
    assert supplier["issues"] == []
    statuses = {f["rule"]: f["status"] for f in supplier["findings"]}
    assert statuses["CORE-JSONLD-01"] == "pass"
    assert statuses["RCEP-ECO-02"] == "pass"


def test_formula_like_csv_cells_are_kept_as_text(tmp_path):
    row = {**complete_rows()[0], **FORMULAS}
    out = tmp_path / "out"
    assert run("scaffold", write_csv(tmp_path / "t.csv", [row]), "--out", out) == 0
    product = json.loads((out / "AP-5K.jsonld").read_text("utf-8"))[0]
    assert product["name"] == FORMULAS["name"]
    assert product["description"] == FORMULAS["description"]
    assert product["category"] == FORMULAS["category"]
    cert = product["hasCertification"][0]
    assert cert["certificationIdentification"] == FORMULAS["certification_id"]


def test_xlsx_formulas_are_kept_as_text_never_evaluated(tmp_path):
    row = complete_rows()[0]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(row))
    sheet.append(list(row.values()))
    names = list(row)
    # a real formula cell, and text that merely starts with "="
    sheet.cell(row=2, column=names.index("footprint_kg_co2e") + 1, value="=400+12")
    text = sheet.cell(row=2, column=names.index("name") + 1, value="=1+1")
    text.data_type = "s"
    table = tmp_path / "t.xlsx"
    book.save(table)
    out = tmp_path / "out"
    assert run("scaffold", table, "--out", out) == 0
    blocks = json.loads((out / "AP-5K.jsonld").read_text("utf-8"))
    assert blocks[0]["name"] == "=1+1"
    assert len(blocks) == 2  # no footprint: the formula is not a number
    report = json.loads((out / "scaffold-report.json").read_text("utf-8"))
    (gap,) = report["products"][0]["gaps"]
    assert gap["message"] == "footprint_kg_co2e '=400+12' is not a number"


def test_product_ids_cannot_write_outside_the_output_directory(tmp_path):
    row = {**complete_rows()[0], "product_id": "../../etc/passwd"}
    out = tmp_path / "deep" / "out"
    assert run("scaffold", write_csv(tmp_path / "t.csv", [row]), "--out", out) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "etc-passwd.html",
        "etc-passwd.jsonld",
        "etc-passwd.snippet.html",
        "index.html",
        "scaffold-report.json",
    ]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]


def test_base_url_is_never_fetched(tmp_path, scaffolded):
    # the check only reads the files: an unresolvable base URL changes nothing
    supplier = check(tmp_path, scaffolded, extra=["--base-url", BASE_URL])
    assert {p["status"] for p in supplier["pages"]} == {200}


def test_data_url_must_be_a_web_address_or_path(tmp_path):
    row = {**complete_rows()[0], "data_url": "javascript:alert(1)"}
    out = tmp_path / "out"
    assert run("scaffold", write_csv(tmp_path / "t.csv", [row]), "--out", out) == 0
    assert "javascript:" not in (out / "AP-5K.snippet.html").read_text("utf-8")
    report = json.loads((out / "scaffold-report.json").read_text("utf-8"))
    (gap,) = report["products"][0]["gaps"]
    assert gap["text"] == (
        "row 2 (AP-5K): data_url 'javascript:alert(1)' is not an http(s) URL or a"
        " path → G7-API-01 would fail"
    )
