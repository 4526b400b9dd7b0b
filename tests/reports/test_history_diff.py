"""Diffs between recorded runs: verdicts, findings, disclosed values, expiries."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from reports.history import RunDiff, diff, open_store
from reports.history.text import diff_text, to_json
from rules.model import Severity, Status
from tests.reports._runs import (
    BOLT,
    finding,
    high_risk,
    result,
    screening,
    site,
)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "history.sqlite3") as opened:
        yield opened


def _diff(store, first, second) -> RunDiff:
    a = store.record(first)
    b = store.record(second)
    return diff(store.load_run(a.run_id), store.load_run(b.run_id))


def test_a_changed_footprint_is_reported_with_path_and_unit(store):
    changes = _diff(
        store,
        screening(result(site(footprint=412.0))),
        screening(result(site(footprint=389.0))),
    )
    (change,) = changes.value_changes
    assert change.path == "products[gtin:1].footprints[/p/1.html#/0].value_kg_co2e"
    assert (change.change, change.before, change.after) == ("changed", 412.0, 389.0)
    assert change.unit == "kg CO2e per 1 H87"
    assert changes.unchanged == 0
    line = next(x for x in diff_text(changes).splitlines() if "value_kg_co2e" in x)
    assert line.split()[-7:] == ["412", "389", "kg", "CO2e", "per", "1", "H87"]


def test_moving_a_block_on_the_page_is_not_a_change(store):
    before = site()
    product = before.products[0]
    moved = dataclasses.replace(
        product,
        footprints=tuple(
            dataclasses.replace(
                f, provenance=dataclasses.replace(f.provenance, line=99)
            )
            for f in product.footprints
        ),
    )
    after = dataclasses.replace(before, products=(moved,))
    changes = _diff(store, screening(result(before)), screening(result(after)))
    assert changes.value_changes == ()
    assert changes.verdict_changes == ()


def test_an_identical_rerun_is_empty(store):
    changes = _diff(store, screening(high_risk()), screening(high_risk()))
    assert changes.empty
    assert changes.unchanged == 1
    assert "No changes." in diff_text(changes)


def test_verdict_fixed_and_new_findings(store):
    later = result(
        site(),
        (
            finding("G7-CFP-01", Status.PASS, Severity.CRITICAL),
            finding("G7-CFP-02", Status.NOT_APPLICABLE),
            finding("MDP-EPD-01", Status.FAIL, Severity.MEDIUM),
            finding("G7-ESG-01", Status.WARN, Severity.CRITICAL),
            finding("G7-ESG-05", Status.ERROR, Severity.CRITICAL),
        ),
        verdict="watchlist",
        score=70,
    )
    changes = _diff(store, screening(high_risk()), screening(later))
    (verdict,) = changes.verdict_changes
    assert (verdict.verdict_before, verdict.verdict_after) == ("high-risk", "watchlist")
    assert (verdict.score_before, verdict.score_after) == (38, 70)
    fixed = {
        (c.rule_id, c.status_before, c.status_after) for c in changes.fixed_findings
    }
    assert fixed == {
        ("G7-CFP-01", "fail", "pass"),
        ("G7-CFP-02", "fail", "not-applicable"),
    }
    assert (
        next(c.message for c in changes.fixed_findings if c.rule_id == "G7-CFP-01")
        == "no product carbon footprint"
    )
    new = {(c.rule_id, c.status_before, c.status_after) for c in changes.new_findings}
    assert new == {("G7-ESG-01", "pass", "warn"), ("G7-ESG-05", None, "error")}
    # the footprint appeared: one added item
    (added,) = changes.value_changes
    assert added.change == "added"
    assert added.path == "products[gtin:1].footprints[/p/1.html#/0]"


def test_a_status_change_between_failing_statuses_is_new(store):
    first = result(site(), (finding("G7-ESG-05", Status.ERROR),))
    second = result(site(), (finding("G7-ESG-05", Status.FAIL),))
    changes = _diff(store, screening(first), screening(second))
    assert [(c.status_before, c.status_after) for c in changes.new_findings] == [
        ("error", "fail")
    ]
    assert changes.fixed_findings == ()


def test_suppliers_added_and_removed(store):
    changes = _diff(
        store,
        screening(high_risk()),
        screening(result(site(BOLT, "Bolt Motors"), verdict="watchlist", score=80)),
    )
    assert [(s.name, s.verdict) for s in changes.added] == [
        ("Bolt Motors", "watchlist")
    ]
    assert [(s.supplier_key, s.score) for s in changes.removed] == [
        ("https://acme.example", 38)
    ]
    assert changes.new_findings == ()


def test_credentials_that_expired_between_the_inspection_dates(store):
    disclosure = site(cert_until=date(2027, 5, 31), vc_until=date(2027, 4, 1))
    changes = _diff(
        store,
        screening(result(disclosure), as_of=date(2027, 3, 1)),
        screening(result(disclosure), as_of=date(2027, 6, 1)),
    )
    expired = {(e.kind, e.valid_until, e.subject) for e in changes.expired}
    assert expired == {
        ("certification", date(2027, 5, 31), "gtin:1"),
        ("credential", date(2027, 4, 1), "gtin:1"),
    }
    assert changes.expired[0].reference_number == "ESG-2026-001"


@pytest.mark.parametrize(
    "until", [date(2027, 2, 28), date(2027, 6, 1), date(2028, 1, 1)]
)
def test_validity_outside_the_window_is_not_expired(store, until):
    disclosure = site(cert_until=until)
    changes = _diff(
        store,
        screening(result(disclosure), as_of=date(2027, 3, 1)),
        screening(result(disclosure), as_of=date(2027, 6, 1)),
    )
    assert changes.expired == ()


def test_the_valid_from_day_of_run_a_counts(store):
    disclosure = site(cert_until=date(2027, 3, 1))
    changes = _diff(
        store,
        screening(result(disclosure), as_of=date(2027, 3, 1)),
        screening(result(disclosure), as_of=date(2027, 3, 2)),
    )
    assert [e.valid_until for e in changes.expired] == [date(2027, 3, 1)]


def test_diff_is_json_serialisable(store):
    changes = _diff(
        store,
        screening(high_risk()),
        screening(result(site(footprint=389.0))),
    )
    data = json.loads(to_json(changes))
    assert data["run_a"]["run_id"] == changes.run_a.run_id
    assert data["verdict_changes"][0]["verdict_after"] == "whitelist-ready"
    assert {"fixed_findings", "new_findings", "value_changes", "expired"} <= set(data)
