"""Reports written to their files as they are built: the same bytes as rendered."""

from __future__ import annotations

import re
from dataclasses import replace

import orjson
import pytest

from reports.render import html
from reports.render import json as json_report
from reports.render._common import xml_safe
from tests.reports.sample import sample_run


def _runs():
    full = sample_run()
    return {
        "suppressed": full,
        "plain": sample_run(suppressions=False),
        "one-supplier": replace(full, suppliers=full.suppliers[:1]),
        "unreachable-only": replace(full, suppliers=full.suppliers[2:3]),
        "no-supplier": replace(full, suppliers=()),
    }


@pytest.mark.parametrize("name", sorted(_runs()))
def test_json_file_is_orjson_of_the_whole_document(name, tmp_path):
    run = _runs()[name]
    (path,) = json_report.write(run, tmp_path)
    whole = orjson.dumps(json_report.to_document(run), option=orjson.OPT_INDENT_2)
    assert path.read_bytes() == whole + b"\n"
    assert json_report.render(run) == (whole + b"\n").decode()


@pytest.mark.parametrize("name", sorted(_runs()))
def test_html_file_is_the_rendered_page(name, sample_rules, tmp_path):
    run = _runs()[name]
    (path,) = html.write(run, tmp_path, sample_rules)
    assert path.read_text(encoding="utf-8") == html.render(run, sample_rules)


def test_html_page_written_in_many_batches_is_whole(sample_rules, tmp_path):
    run = _runs()["suppressed"]
    many = replace(run, suppliers=run.suppliers * 40)  # more chunks than a batch
    (path,) = html.write(many, tmp_path, sample_rules)
    page = path.read_text(encoding="utf-8")
    assert page == html.render(many, sample_rules)
    assert page.count('<section class="supplier"') == 160
    assert page.endswith("</html>\n")


_C1_CONTROLS = re.compile("[\x7f-\x9f]")


def test_text_replaces_what_xml_and_html_forbid_as_before():
    # every character below U+3000, the surrogates and the last planes
    codes = [*range(0x3000), *range(0xD7F0, 0xE010), 0xFFFE, 0xFFFF, 0x10000]
    for code in codes:
        value = f"a{chr(code)}b"
        assert html.text(value) == _C1_CONTROLS.sub("\ufffd", xml_safe(value)), code
