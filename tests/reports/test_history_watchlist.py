"""The watchlist: latest inspection per supplier, riskiest first, with a reason."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from reports.history import open_store, watchlist
from reports.history.text import WATCHLIST_COLUMNS, watchlist_csv, watchlist_table
from reports.history.watchlist import reason
from rules.disclosure import PageVisit, SiteDisclosure
from rules.model import Severity, Status
from tests.reports._runs import BOLT, finding, high_risk, result, screening, site


@pytest.fixture
def store(store_spec):
    with open_store(store_spec) as opened:
        yield opened


def test_reason_names_the_most_severe_failure_first():
    text, rules = reason("high-risk", high_risk().findings)
    assert text == "G7-CFP-01 fail (critical): no product carbon footprint; +2 more"
    assert rules == ("G7-CFP-01", "G7-CFP-02", "MDP-EPD-01")


def test_reason_puts_a_failure_before_an_error_of_the_same_severity():
    findings = (
        finding("G7-ESG-05", Status.ERROR, Severity.HIGH, message="unsigned"),
        finding("G7-ESG-04", Status.FAIL, Severity.HIGH, message="no audit number"),
        finding("G7-GOV-01", Status.UPCOMING, Severity.CRITICAL),
    )
    text, _ = reason("watchlist", findings)
    assert text == "G7-ESG-04 fail (high): no audit number; +1 more"


def test_reason_of_an_unreachable_site():
    fetch = finding(
        "CORE-FETCH-01", Status.FAIL, Severity.HIGH, "site", "connection refused"
    )
    assert reason("unreachable", (fetch,))[0] == "unreachable: connection refused"
    assert reason("unreachable", ())[0] == "unreachable: no page could be fetched"


def _unreachable(url: str) -> SiteDisclosure:
    return SiteDisclosure(
        supplier_id="gone",
        name="Gone Ltd",
        start_url=url,
        pages=(PageVisit(url=url, status=0, error="DNS lookup failed"),),
    )


def test_watchlist_uses_each_suppliers_latest_inspection(store):
    gone = "https://gone.example/"
    store.record(
        screening(
            high_risk(),
            result(site(BOLT, "Bolt Motors"), verdict="high-risk", score=40),
            as_of=date(2027, 1, 1),
        )
    )
    store.record(
        screening(
            high_risk(),
            result(_unreachable(gone), verdict="unreachable", score=0),
            as_of=date(2027, 3, 1),
        )
    )
    store.record(
        screening(
            result(site(BOLT, "Bolt Motors"), verdict="whitelist-ready", score=95),
            as_of=date(2027, 4, 1),
        )
    )
    entries = watchlist(store)
    assert [(e.name, e.verdict) for e in entries] == [
        ("Acme Inverters", "high-risk"),
        ("Gone Ltd", "unreachable"),
    ]
    acme = entries[0]
    assert acme.since == date(2027, 1, 1)
    assert acme.as_of == date(2027, 3, 1)
    assert acme.reason.startswith("G7-CFP-01 fail (critical)")

    lines = watchlist_table(entries).splitlines()
    assert lines[0].split() == ["VERDICT", "SCORE", "SUPPLIER", "SINCE", "REASON"]
    assert len(lines) == 3
    rows = list(csv.DictReader(io.StringIO(watchlist_csv(entries))))
    assert tuple(rows[0]) == WATCHLIST_COLUMNS
    assert rows[0]["rules"] == "G7-CFP-01 G7-CFP-02 MDP-EPD-01"
    assert rows[1]["start_url"] == gone


def test_an_empty_store_has_an_empty_watchlist(store):
    assert watchlist(store) == []
