"""Every rule's metadata: citation against the seed, remediation, examples, explain.

``test_examples_run_through_engine`` runs each rule's JSON-LD examples through
the normaliser (``crawler.normalise``) and the engine: the fail example must
fail (or warn, for warn-only rules) and the pass example must pass. Examples
that need more than one page (fetched records, endpoints, HTTP exchanges) are
listed in ``NEEDS_SITE`` and covered by ``cases.py`` instead.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from rules.engine import EvaluationOptions, evaluate
from rules.explain import explain
from rules.loader import load_packs
from rules.model import Rule, Status

RULES = [r for p in load_packs(None) for r in p.rules]
IDS = [r.id for r in RULES]
ROOT = Path(__file__).resolve().parents[2]


def _seeds() -> Path | None:
    """Return the seed folder: $GREENGATE_SEEDS, docs/seeds or ../shared/seeds."""
    candidates = [
        os.environ.get("GREENGATE_SEEDS"),
        ROOT / "docs" / "seeds",
        ROOT.parent / "shared" / "seeds",
    ]
    return next(
        (Path(c) for c in candidates if c and Path(c, "README.md").is_file()), None
    )


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_citation_quotes_its_seed_line(rule: Rule) -> None:
    seeds = _seeds()
    assert seeds is not None, "seed articles not found: set GREENGATE_SEEDS"
    lines = (seeds / rule.citation.doc).read_text(encoding="utf-8").splitlines()
    assert 1 <= rule.citation.para <= len(lines), (
        f"{rule.id}: no line {rule.citation.para}"
    )
    assert rule.citation.quote in lines[rule.citation.para - 1], (
        f"{rule.id}: quote not on line"
    )


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_metadata_is_complete(rule: Rule) -> None:
    assert rule.title
    assert rule.rationale
    assert rule.explain.why
    assert "{" in rule.remediation, f"{rule.id}: remediation has no JSON-LD example"
    assert rule.check or rule.schema is not None
    assert rule.explain.fail_example != rule.explain.pass_example


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_examples_are_json(rule: Rule) -> None:
    json.loads(rule.explain.pass_example)
    if rule.check == "jsonld_blocks_parse":
        # The one rule about broken JSON shows a broken block.
        with pytest.raises(json.JSONDecodeError):
            json.loads(rule.explain.fail_example)
    else:
        json.loads(rule.explain.fail_example)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_explain_renders_every_section_in_order(rule: Rule) -> None:
    text = explain(rule)
    titles = [
        "What it checks",
        "Why it matters",
        "Example",
        "Use instead",
        "Remediation",
        "Known limits",
    ]
    positions = [text.index(f"**{t}**") for t in titles]
    assert positions == sorted(positions)
    assert rule.citation.quote in text
    assert f"line {rule.citation.para}" in text


# Rules whose examples need what one page cannot hold: followed links, fetched
# records or endpoints, HTTP exchanges, or a block that is not JSON at all.
NEEDS_SITE = {
    "G7-ESG-02": "the PDF is a page link, not JSON-LD",
    "G7-ESG-05": "the issuer's record must be fetched",
    "G7-TRC-02": "trace records must be fetched",
    "G7-TRC-03": "the example is the trace record itself",
    "G7-TRC-04": "the example is the trace record itself",
    "G7-TRC-05": "upstream records must be fetched",
    "G7-API-01": "the endpoint must be fetched",
    "RCEP-ECO-06": "the example is an HTTP exchange",
    "RCEP-ECO-07": "the example shows two representations",
    "CORE-FETCH-01": "the example is a fetch",
    "CORE-JSONLD-01": "the fail example is not JSON",
    "CORE-JS-01": "the example compares served and rendered pages",
    "MDP-EF-01": "the anchoring record must be fetched",
}
NEGATIVE = {"RCEP-SCOPE-01": Status.WARN}
PAGE = "https://acme.example/products/inv-5k"


def _example_cases() -> list[object]:
    return [pytest.param(r, id=r.id) for r in RULES if r.id not in NEEDS_SITE]


def _site_example_cases() -> list[object]:
    return [pytest.param(r, id=r.id) for r in RULES if r.id in NEEDS_SITE]


def _statuses(rule: Rule, example: str) -> set[Status]:
    """Normalise an example as a product page's only JSON-LD block; evaluate it."""
    from crawler import model, normalise
    from rules.disclosure import PageVisit

    block = model.JsonLdBlock(index=0, line=1, column=1, data=json.loads(example))
    page = normalise.normalise_page(
        model.ExtractedPage(url=PAGE, status=200, jsonld=(block,)),
        normalise.ContextRegistry.bundled(),
    )
    site = normalise.build_site(
        supplier_id="acme",
        name="Acme Inverters Co., Ltd.",
        start_url="https://acme.example/",
        pages=(page,),
        visits=(PageVisit(url=PAGE, status=200, syntaxes=("json-ld",)),),
    )
    packs = load_packs([rule.pack])
    forced = frozenset() if rule.id == "RCEP-SCOPE-01" else frozenset({rule.pack})
    options = EvaluationOptions(
        as_of=date(2027, 8, 1), profiles=frozenset({"jp", "de"}), scope_force=forced
    )
    return {f.status for f in evaluate(site, packs, options) if f.rule_id == rule.id}


@pytest.mark.parametrize("rule", _example_cases())
def test_examples_run_through_engine(rule: Rule) -> None:
    failing = _statuses(rule, rule.explain.fail_example)
    assert NEGATIVE.get(rule.id, Status.FAIL) in failing, f"fail_example gave {failing}"
    assert _statuses(rule, rule.explain.pass_example) == {Status.PASS}


@pytest.mark.parametrize("rule", _site_example_cases())
def test_site_fail_examples_never_pass_offline(rule: Rule) -> None:
    """A site example cannot be decided on one page (its records, endpoint or
    fetch are missing: by REQUIREMENTS a stage counts only when its record was
    read), but the failing example, evaluated alone, must never pass. The
    fixture sites decide both examples for real (tests/test_end_to_end.py)."""
    try:
        example = json.loads(rule.explain.fail_example)
    except ValueError:
        pytest.skip(f"the failing example is not JSON: {NEEDS_SITE[rule.id]}")
    if "@context" not in example:
        pytest.skip(f"the failing example is not page markup: {NEEDS_SITE[rule.id]}")
    assert Status.PASS not in _statuses(rule, rule.explain.fail_example)
