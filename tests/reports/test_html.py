"""The HTML report: escaping of hostile pages, self-containment, structure."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

import pytest

from reports.render import RuleCatalog
from reports.render import html as html_report
from reports.render._svg import RuleRate, rule_failure_bars, rule_rates
from rules.loader import find_rule, load_packs
from tests.reports.sample import HOSTILE_EXCERPT, HOSTILE_MESSAGE, sample_run

VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "source", "col"}
SVG_EMPTY = {"circle", "rect", "path", "line"}


class _Structure(HTMLParser):
    """Collect tags, check nesting, ids and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(str(attributes["id"]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID | SVG_EMPTY:
            self.errors.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()


@pytest.fixture
def page(sample, sample_rules):
    return html_report.render(sample, sample_rules)


@pytest.fixture
def structure(page):
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def test_document_is_well_formed(page, structure):
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert structure.errors == []
    assert structure.stack == []
    assert len(structure.ids) == len(set(structure.ids)), "duplicate ids"


def test_internal_links_point_at_existing_ids(structure):
    targets = {
        str(a["href"])[1:]
        for tag, a in structure.tags
        if tag == "a" and str(a.get("href", "")).startswith("#")
    }
    assert targets
    assert targets <= set(structure.ids)


def test_hostile_message_and_evidence_are_escaped(page, structure):
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert html_lib.escape(HOSTILE_MESSAGE, quote=False) in page.replace("&#34;", '"')
    assert "onerror=alert(1)&gt;" in page
    assert not [t for t, _ in structure.tags if t in {"script", "img", "iframe"}]
    assert HOSTILE_EXCERPT not in page


def test_hostile_name_is_escaped(page):
    assert "+Acme Power &amp; &lt;Electronics&gt;" in page
    assert "<Electronics>" not in page


def test_only_safe_schemes_become_links(page, structure):
    hrefs = [str(a["href"]) for tag, a in structure.tags if tag == "a" and "href" in a]
    assert all(re.match(r"(#|https?://)", h) for h in hrefs), hrefs
    assert "javascript:alert(1)" in page  # shown as text
    assert 'href="javascript' not in page.lower()


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://a.example/x", True),
        ("http://127.0.0.1:8000/", True),
        ("file:///tmp/page.html", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("vbscript:x", False),
        ("//evil.example/x", False),
        ("", False),
    ],
)
def test_href_links_only_safe_schemes(url, linked):
    assert (html_report.href(url) is not None) is linked


def test_page_is_self_contained(page, structure):
    assert "default-src 'none'" in page  # Content-Security-Policy: no script
    for tag, attributes in structure.tags:
        assert "src" not in attributes, tag
        if tag == "link":
            assert attributes.get("href") == "data:,"
    assert "@import" not in page
    assert "url(" not in page


def test_control_characters_never_reach_the_page(page):
    assert "\x07" not in page
    assert "bell \ufffd character" in page


def test_watchlist_is_riskiest_first_with_failed_counts(page):
    table = page[page.index('<table id="watchlist">') : page.index("</table>")]
    rows = re.findall(r"<tr>\n<td><a href=\"#supplier-\d\">(.*?)</a></td>", table)
    assert rows == [
        "+Acme Power &amp; &lt;Electronics&gt;",
        "Gone Fasteners",
        "Sunvolt Energy Storage",
        "Lumen Alloys",
    ]
    first = table[table.index("supplier-1") :].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(\d+)</td>', first)
    # score, fail critical/high/medium/low/info, errors, warnings, suppressed
    assert cells == ["62", "1", "1", "0", "0", "0", "0", "1", "0"]


def test_run_metadata_formula_and_charts_are_shown(sample, page):
    assert "2026-11-23" in page
    assert sample.generated_at.isoformat() in page
    assert "<code>g7-gpw</code>" in page
    assert html_lib.escape(sample.score_formula) in page
    assert page.count("<svg") == 2
    assert "high-risk: 1" in page
    assert "MDP-EF-02" in page[page.index('id="chart-rules"') :]


def test_findings_carry_citation_remediation_and_score_deductions(page):
    section = page[page.index('id="supplier-1"') : page.index('id="supplier-2"')]
    assert "the sentence behind G7-CFP-01" in section
    assert "Publish what G7-CFP-01 asks for, as JSON-LD." in section
    assert "/additionalProperty/1" in section
    assert "gtin:06970000000011" in section
    assert '&minus; 25 (<a href="#rule-G7-CFP-01">G7-CFP-01</a> fail, critical)' in (
        section
    )


def test_suppressed_findings_stay_visible_and_notices_are_shown(page):
    assert "Suppressed until 2026-12-31: Process inputs follow" in page
    assert "process inputs not described: fuel types" in page
    assert "suppression of <code>G7-CFP-02</code>" in page
    assert "expired on 2026-01-31" in page
    assert "matched no finding" in page


def test_real_packs_supply_citations_when_none_are_given():
    sample = sample_run()
    page = html_report.render(sample, RuleCatalog.for_run(sample))
    rule = find_rule(load_packs(None), "G7-CFP-01")
    assert rule is not None
    assert html_lib.escape(rule.citation.doc) in page
    assert html_lib.escape(rule.title) in page


def test_unknown_rules_render_without_metadata(sample):
    page = html_report.render(sample, RuleCatalog(()))
    assert "No rule metadata available." in page
    assert "G7-CFP-01" in page


def test_chart_labels_are_escaped():
    svg = rule_failure_bars([RuleRate(rule_id="<b>X-1</b>", failed=1, applied=2)])
    assert "&lt;b&gt;X-1&lt;/b&gt;" in svg
    assert "<b>" not in svg


def test_rule_rates_count_suppliers_the_rule_applied_to(sample):
    rates = {r.rule_id: (r.failed, r.applied) for r in rule_rates(sample)}
    assert rates["G7-CFP-01"] == (1, 3)
    assert rates["G7-CFP-02"] == (1, 2)
    assert "G7-JP-01" not in rates  # not-applicable everywhere
    assert "G7-GOV-01" not in rates  # upcoming everywhere
