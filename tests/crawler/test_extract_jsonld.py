"""JSON-LD extraction: every block on its own, broken blocks located in the page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crawler.extract import jsonld
from tests.crawler.conftest import extruct_sample

URL = "https://www.acme-inverters.example/products/inv-5k.html"


def flatten(blocks) -> list[Any]:
    """Return the items of parsed blocks the way extruct lists them."""
    items: list[Any] = []
    for block in blocks:
        items.extend(block.data if isinstance(block.data, list) else [block.data])
    return items


def expected_items(sample: str) -> list[Any]:
    return json.loads(extruct_sample(f"{sample}.jsonld").read_text("utf-8"))


def locate(html: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Return the 1-based (line, column) of the n-th occurrence of ``needle``."""
    seen = 0
    for number, line in enumerate(html.split("\n"), start=1):
        column = line.find(needle)
        while column >= 0:
            seen += 1
            if seen == occurrence:
                return number, column + 1
            column = line.find(needle, column + 1)
    raise AssertionError(f"{needle!r} occurs fewer than {occurrence} times")


def script(body: str, attrs: str = 'type="application/ld+json"') -> str:
    return f"<script {attrs}>{body}</script>"


# Pages whose every block is JSON once harmless wrappers are set aside: our
# blocks must equal extruct's expected output exactly.
VALID_SAMPLES = [
    "schema.org/CreativeWork.001",
    "schema.org.invalid/AllocateAction.001",  # "// comment" line before the JSON
    "schema.org.invalid/JoinAction.001",  # "<!-- comment -->" before the JSON
    "custom.invalid/AllocateAction.001",
    "custom.invalid/JoinAction.001",
    "custom.invalid/JSONLD_with_CDATA",
    "custom.invalid/JSONLD_with_control_characters",
    "custom.invalid/JSONLD_with_control_characters_comment",
    "misc/null_ld_mock",  # "null" blocks are skipped, the others kept
]


@pytest.mark.parametrize("sample", VALID_SAMPLES)
def test_jsonld_matches_extruct_expected_output(sample):
    html = extruct_sample(f"{sample}.html").read_text("utf-8")

    blocks, issues = jsonld.extract(html, URL)

    assert issues == ()
    assert flatten(blocks) == expected_items(sample)


# (sample, blocks kept match extruct's .jsonld, faults). A fault is
# (block index, text that starts the fault, occurrence, shift, message part).
# The .jsonld files of the last four samples encode a "repair it" policy taken
# from later extruct commits; greengate reports these blocks instead, because
# a screener must not pass JSON that consumers reject (CORE-JSONLD-01).
BROKEN_SAMPLES = [
    pytest.param(
        "custom.invalid/JSONLD_mixed_valid_invalid",
        True,
        [(1, "</script>", 2, 0, "the block ends before the JSON value is complete")],
        id="truncated-block-between-good-ones",
    ),
    pytest.param(
        "custom.invalid/JSONLD_valid_and_invalid",
        True,
        [(0, "foo: bar", 1, 0, "Expecting property name")],
        id="unquoted-key",
    ),
    pytest.param(
        "custom.invalid/JSONLD_with_JS_comment",
        False,
        [(0, "// category", 1, 0, "Expecting property name")],
        id="js-comment-inside-object",
    ),
    pytest.param(
        "custom.invalid/JSONLD_with_trailing_brace",
        False,
        [(0, "}}", 1, 1, "Extra data")],
        id="trailing-brace",
    ),
    pytest.param(
        "custom.invalid/JSONLD_with_unescaped_quotes",
        False,
        [
            (0, 'buttons"', 1, 0, "Expecting ',' delimiter"),
            (1, "text-align", 1, 0, "Expecting ',' delimiter"),
        ],
        id="unescaped-quotes",
    ),
    pytest.param(
        "custom.invalid/JSONLD_with_invalid_escapes",
        False,
        [(0, "\\'s Channel", 1, 0, "Invalid \\escape")],
        id="invalid-escapes",
    ),
]


@pytest.mark.parametrize(("sample", "golden", "faults"), BROKEN_SAMPLES)
def test_jsonld_broken_block_is_reported_at_page_position(sample, golden, faults):
    html = extruct_sample(f"{sample}.html").read_text("utf-8")

    blocks, issues = jsonld.extract(html, URL)

    if golden:
        assert flatten(blocks) == expected_items(sample)
    else:
        assert blocks == ()
    assert len(issues) == len(faults)
    for issue, (block, needle, occurrence, shift, words) in zip(
        issues, faults, strict=True
    ):
        line, column = locate(html, needle, occurrence)
        assert (issue.kind, issue.block) == ("jsonld-syntax", block)
        assert (issue.line, issue.column) == (line, column + shift)
        assert URL in issue.message
        assert f"block {block + 1}" in issue.message
        assert words in issue.message


def test_extruct_alone_loses_every_block_when_one_is_bad():
    """Why this module exists: extruct drops the good blocks with the bad one."""
    import extruct

    html = extruct_sample("custom.invalid/JSONLD_mixed_valid_invalid.html").read_text()

    with pytest.raises(ValueError, match="Expecting"):
        extruct.extract(html, base_url=URL, syntaxes=["json-ld"])
    assert len(jsonld.extract(html, URL)[0]) == 2


def test_jsonld_block_positions_are_page_positions():
    html = (
        "<html>\n<head>\n  <title>x</title>"
        + script('{"@type": "Product"}')
        + "\n"
        + script("[]", "TYPE='application/ld+json'")
    )

    blocks, _ = jsonld.extract(html, URL)

    assert [(b.index, b.line, b.column) for b in blocks] == [
        (0, *locate(html, '{"@type"')),
        (1, *locate(html, "[]")),
    ]


def test_jsonld_error_on_first_line_of_block_adds_block_column():
    html = "<p>x</p>  " + script('{"a": 1,}')

    _, (issue,) = jsonld.extract(html, URL)

    assert (issue.line, issue.column) == locate(html, "}<")


@pytest.mark.parametrize(
    "attrs",
    [
        'type="application/ld+json"',
        "type=application/ld+json",
        "TYPE='Application/LD+JSON'",
        'type="application/ld+json; charset=utf-8"',
        'type="  application/ld+json  "',
        'id="data" type = "application/ld+json" defer',
    ],
)
def test_jsonld_type_attribute_variants(attrs):
    blocks, _ = jsonld.extract(script('{"a": 1}', attrs), URL)

    assert [b.data for b in blocks] == [{"a": 1}]


@pytest.mark.parametrize(
    "attrs",
    ['type="application/json"', 'data-type="application/ld+json"', ""],
    ids=["plain-json", "data-type", "no-type"],
)
def test_jsonld_other_scripts_are_not_read(attrs):
    assert jsonld.extract(script("{broken", attrs), URL) == ((), ())


def test_jsonld_with_html_comment():
    html = script('\n<!--\n{"@type": "Product", "name": "INV-5K"}\n-->\n')

    blocks, issues = jsonld.extract(html, URL)

    assert issues == ()
    assert blocks[0].data == {"@type": "Product", "name": "INV-5K"}


@pytest.mark.parametrize(
    "body",
    [
        '//<![CDATA[\n{"a": 1}\n//]]>',
        '//<![CDATA[{"a": 1}//]]>',
        '/*<![CDATA[*/{"a": 1}/*]]>*/',
        '<![CDATA[{"a": 1}]]>',
        '// generated by SEO plugin\n{"a": 1}\n// end',
    ],
)
def test_jsonld_with_cdata_and_comment_wrappers(body):
    blocks, issues = jsonld.extract(script(body), URL)

    assert issues == ()
    assert [b.data for b in blocks] == [{"a": 1}]


def test_jsonld_entity_encoded_block_is_decoded():
    body = '{"@type": "Product", "name": "A&amp;B"}'.replace('"', "&quot;")

    blocks, issues = jsonld.extract(script(body), URL)

    assert issues == ()
    assert blocks[0].data == {"@type": "Product", "name": "A&B"}


def test_jsonld_entity_encoded_block_that_stays_broken_reports_raw_position():
    html = script("{&quot;a&quot;: }")

    _, (issue,) = jsonld.extract(html, URL)

    assert (issue.line, issue.column) == locate(html, "&quot;a")


def test_jsonld_raw_control_characters_are_tolerated():
    blocks, _ = jsonld.extract(script('{"d": "line 1\n\tline 2"}'), URL)

    assert blocks[0].data == {"d": "line 1\n\tline 2"}


def test_jsonld_empty_blocks_are_ignored_but_keep_their_index():
    html = script("") + script("  \n ") + script("<!-- -->") + script('{"a": 1}')

    blocks, issues = jsonld.extract(html, URL)

    assert issues == ()
    assert [(b.index, b.data) for b in blocks] == [(3, {"a": 1})]


def test_jsonld_commented_out_script_is_not_read():
    html = "<!-- old: " + script("{broken") + " -->" + script('{"a": 1}')

    blocks, issues = jsonld.extract(html, URL)

    assert issues == ()
    assert [(b.index, b.data) for b in blocks] == [(0, {"a": 1})]


def test_jsonld_inside_other_script_text_is_not_read():
    html = "<script>var s = '<!--';</script>" + script('{"a": 1}')

    assert [b.data for b in jsonld.extract(html, URL)[0]] == [{"a": 1}]


def test_jsonld_uppercase_tags_and_unclosed_script():
    html = '<SCRIPT type="application/ld+json">{"a": 1}</SCRIPT>'
    html += '<script type="application/ld+json">{"b": 2}'

    blocks, _ = jsonld.extract(html, URL)

    assert [b.data for b in blocks] == [{"a": 1}, {"b": 2}]


def test_jsonld_start_tag_with_unbalanced_quote():
    html = '<script type="application/ld+json" data-x=\'>' + '{"a": 1}</script>'

    assert [b.data for b in jsonld.extract(html, URL)[0]] == [{"a": 1}]


def test_jsonld_scalar_block_is_skipped():
    assert jsonld.extract(script('"just a string"') + script("null"), URL) == ((), ())


def test_jsonld_issue_detail_shows_the_faulty_line():
    html = script('{\n  "name": "A",\n  "price": 1,,\n}')

    _, (issue,) = jsonld.extract(html, URL)

    line, column = locate(html, ",,")
    assert issue.detail == '"price": 1,,'
    assert (issue.line, issue.column) == (line, column + 1)


def test_parse_block_locates_errors_from_the_given_start():
    block, issue = jsonld.parse_block('{"a": x}', url=URL, index=2, line=10, column=5)

    assert block is None
    assert issue is not None
    assert (issue.block, issue.line, issue.column) == (2, 10, 11)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('{"value": NaN}', "NaN"),
        ('{"note": "NaN and Infinity", "v": [1, -Infinity]}', "-Infinity"),
    ],
)
def test_jsonld_nan_and_infinity_are_not_json(body, needle):
    """Python's json accepts them; a NaN footprint would slip past every rule."""
    html = script(body)

    _, (issue,) = jsonld.extract(html, URL)

    assert (issue.line, issue.column) == locate(html, needle, html.count(needle))
    assert f"{needle} is not a JSON value" in issue.message


def test_jsonld_out_of_range_number_is_valid_json():
    """-1.8e308 (a Battery Pass sample) is valid syntax: plausibility is for rules."""
    blocks, issues = jsonld.extract(script('{"pcf": -1.8e308}'), URL)

    assert issues == ()
    assert blocks[0].data == {"pcf": float("-inf")}


def test_jsonld_absurdly_deep_nesting_is_an_issue_not_a_crash():
    html = script("[" * 100_000 + "]" * 100_000)

    _, (issue,) = jsonld.extract(html, URL)

    assert "nested too deeply" in issue.message
    assert (issue.line, issue.column) == locate(html, "[[")
