"""The history store on both backends: round trip, append-only, transactions."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from reports.history import (
    AppendOnlyError,
    HistoryStore,
    SchemaTooNewError,
    StoreUnavailableError,
    UnknownRunError,
    default_path,
    open_store,
)
from reports.history.canonical import canonical_json, supplier_key
from reports.history.location import redact_url
from reports.history.schema import APPEND_ONLY_TABLES, SCHEMA_VERSION
from rules.model import Status
from rules.schema_eval import project
from tests.reports._runs import (
    BOLT,
    finding,
    high_risk,
    result,
    screening,
    site,
)


@pytest.fixture
def store(store_spec):
    with open_store(store_spec) as opened:
        yield opened


def _count(store: HistoryStore, table: str) -> int:
    return int(store._query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])


def test_a_recorded_run_reads_back_whole(store):
    run = screening(high_risk(), result(site(BOLT, "Bolt Motors")))
    recorded = store.record(run, command="greengate scan --store x")
    assert recorded.seq == 1
    assert recorded.suppliers == 2
    assert recorded.as_of == date(2027, 3, 1)
    assert recorded.packs == ("g7-gpw@2026.1",)
    assert recorded.command == "greengate scan --store x"
    assert recorded.generated_at == run.generated_at

    loaded = store.load_run(recorded.run_id)
    assert loaded.run == recorded
    first, second = loaded.inspections
    assert first.findings == run.suppliers[0].findings
    assert first.record.verdict == "high-risk"
    assert first.record.score == 38
    assert (first.record.fails, first.record.warns, first.record.errors) == (3, 0, 0)
    assert first.disclosure == project(run.suppliers[0].site)
    assert second.record.name == "Bolt Motors"
    assert second.record.supplier_key == "https://bolt.example"


def test_content_hash_is_sha256_of_canonical_disclosure(store):
    run = screening(high_risk())
    recorded = store.record(run)
    (inspection,) = store.load_run(recorded.run_id).inspections
    text = canonical_json(project(run.suppliers[0].site))
    assert inspection.record.content_hash == hashlib.sha256(text.encode()).hexdigest()


def test_an_unchanged_disclosure_is_stored_once(store):
    store.record(screening(high_risk()))
    store.record(screening(high_risk()))
    assert _count(store, "inspections") == 2
    assert _count(store, "disclosures") == 1


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_recorded_rows_cannot_be_updated_or_deleted(store, table):
    store.record(screening(high_risk()))
    column = {"runs": "command", "disclosures": "document"}.get(table, "run_id")
    with pytest.raises(AppendOnlyError, match="append-only"):
        store._execute(f"UPDATE {table} SET {column} = 'rewritten'")
    with pytest.raises(AppendOnlyError, match="append-only"):
        store._execute(f"DELETE FROM {table}")
    assert _count(store, table) >= 1


def test_postgres_refuses_truncate(postgres_url):
    with open_store(postgres_url) as store:
        store.record(screening(high_risk()))
        with pytest.raises(AppendOnlyError, match="TRUNCATE on runs"):
            store._execute("TRUNCATE runs CASCADE")
        assert len(store.runs()) == 1


def test_a_failure_midway_records_nothing(store, monkeypatch):
    store.record(screening(high_risk()))
    calls = []
    original = store._insert_inspection

    def fail_on_second(run_id, position, supplier):
        calls.append(position)
        if position == 1:
            raise RuntimeError("disk full")
        original(run_id, position, supplier)

    monkeypatch.setattr(store, "_insert_inspection", fail_on_second)
    with pytest.raises(RuntimeError, match="disk full"):
        store.record(screening(high_risk(), result(site(BOLT, "Bolt"))))
    assert calls == [0, 1]
    assert [r.seq for r in store.runs()] == [1]
    assert _count(store, "inspections") == 1
    assert _count(store, "findings") == 4
    monkeypatch.undo()
    assert store.record(screening(high_risk())).suppliers == 1


def test_reopening_keeps_the_runs(store_spec):
    with open_store(store_spec) as store:
        first = store.record(screening(high_risk()))
    with open_store(store_spec, create=False) as store:
        assert [r.run_id for r in store.runs()] == [first.run_id]


def test_a_newer_schema_is_refused_with_a_clear_message(store_spec):
    with open_store(store_spec) as store:
        store._execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'",
            (str(SCHEMA_VERSION + 1),),
        )
    with pytest.raises(SchemaTooNewError, match="upgrade greengate"):
        open_store(store_spec)


def test_resolve_relative_ids_and_prefixes(store):
    runs = [store.record(screening(high_risk())) for _ in range(3)]
    assert store.resolve("latest") == runs[2]
    assert store.resolve("previous") == runs[1]
    assert store.resolve("latest~1") == runs[1]
    assert store.resolve("latest~2") == runs[0]
    assert store.resolve(runs[0].run_id) == runs[0]
    assert store.resolve(runs[0].run_id[:-3]) == runs[0]
    assert store.load_run("latest").run == runs[2]
    with pytest.raises(UnknownRunError, match="3 run"):
        store.resolve("latest~3")
    with pytest.raises(UnknownRunError, match="no run 'nope-1234'"):
        store.resolve("nope-1234")
    with pytest.raises(UnknownRunError, match="ambiguous"):
        store.resolve(runs[0].run_id[:4])


def test_history_matches_name_or_url_in_any_case(store):
    store.record(screening(high_risk(), result(site(BOLT, "Bolt Motors"))))
    store.record(screening(result(site(), score=90)))
    acme = store.history("acme INVERTERS")
    assert [(r.seq, r.verdict) for r in acme] == [
        (1, "high-risk"),
        (2, "whitelist-ready"),
    ]
    assert [r.name for r in store.history("bolt.EXAMPLE")] == ["Bolt Motors"]
    assert store.history("nobody") == []
    assert [r.name for r in store.history("%")] == []


def test_latest_inspection_per_supplier(store):
    store.record(screening(high_risk(), result(site(BOLT, "Bolt Motors"))))
    second = store.record(screening(result(site(), score=90)))
    latest = {r.supplier_key: r for r in store.latest()}
    assert latest["https://acme.example"].run_id == second.run_id
    assert latest["https://acme.example"].score == 90
    assert latest["https://bolt.example"].seq == 1


def test_a_finding_evidence_survives_the_round_trip(store):
    run = screening(result(site(), (finding("G7-ESG-05", Status.ERROR),)))
    store.record(run)
    (inspection,) = store.load_run("latest").inspections
    assert inspection.findings[0].evidence == run.suppliers[0].findings[0].evidence


def test_missing_sqlite_store_is_not_created_for_reading(tmp_path):
    path = tmp_path / "none" / "history.sqlite3"
    with pytest.raises(StoreUnavailableError, match="no inspection history"):
        open_store(path, create=False)
    assert not path.exists()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not a database" * 100)
    with pytest.raises(StoreUnavailableError, match="not a database"):
        open_store(path)


def test_unreachable_postgres_is_reported_without_password():
    with pytest.raises(StoreUnavailableError) as caught:
        open_store("postgresql://inspector:s3cret@127.0.0.1:1/history")
    assert "cannot connect" in str(caught.value)
    assert "s3cret" not in str(caught.value)
    assert "inspector:***@127.0.0.1:1" in str(caught.value)


def test_other_url_schemes_are_refused():
    with pytest.raises(StoreUnavailableError, match="postgresql://"):
        open_store("mysql://db.example/history")


def test_default_path_follows_xdg_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("GREENGATE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "greengate" / "history.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "greengate" / "history.sqlite3"
    assert default_path() == expected
    with open_store(None) as store:
        assert Path(store.location) == expected
    monkeypatch.setenv("GREENGATE_STORE", str(tmp_path / "env.sqlite3"))
    with open_store(None) as store:
        assert store.location == str(tmp_path / "env.sqlite3")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://Acme.Example/", "https://acme.example"),
        ("https://acme.example:443/catalogue/#top", "https://acme.example/catalogue"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://user:pw@acme.example/x?a=1", "https://acme.example/x?a=1"),
        ("file:///tmp/page.html", "file:///tmp/page.html"),
    ],
)
def test_supplier_key_normalises_the_start_url(url, key):
    assert supplier_key(url) == key


def test_recorded_packs_are_json(store):
    store.record(screening(high_risk()))
    (row,) = store._query("SELECT packs FROM runs")
    assert json.loads(row["packs"]) == ["g7-gpw@2026.1"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:pw@db/h", "postgresql://u:***@db/h"),
        (
            "postgresql://db/h?sslmode=require&password=pw",
            "postgresql://db/h?sslmode=require&password=***",
        ),
        ("postgresql://db/h", "postgresql://db/h"),
    ],
)
def test_passwords_are_redacted_from_store_urls(url, shown):
    assert redact_url(url) == shown


def _begin(store: HistoryStore) -> str:
    run = screening()
    return store.begin_run(
        generated_at=run.generated_at,
        as_of=run.as_of,
        tool_version=run.tool_version,
        score_formula=run.score_formula,
        packs=["g7-gpw@2026.1"],
        command="greengate scan --frontier redis://h/0",
    )


def test_a_begun_run_takes_inspections_one_at_a_time(store):
    run_id = _begin(store)
    assert store.resolve(run_id).suppliers == 0
    bolt = result(site(BOLT, "Bolt Motors"))
    assert store.record_inspection(run_id, 1, bolt) is True
    assert store.record_inspection(run_id, 0, high_risk()) is True
    loaded = store.load_run(run_id)
    assert [i.record.name for i in loaded.inspections] == [
        "Acme Inverters",
        "Bolt Motors",
    ]
    assert loaded.inspections[0].findings == high_risk().findings
    assert loaded.run.command == "greengate scan --frontier redis://h/0"


def test_recording_a_position_twice_writes_nothing_the_second_time(store):
    run_id = _begin(store)
    assert store.record_inspection(run_id, 0, high_risk()) is True
    counts = {t: _count(store, t) for t in APPEND_ONLY_TABLES}
    # another worker screened the same supplier (its first taker was presumed dead)
    assert store.record_inspection(run_id, 0, result(site(BOLT, "Bolt"))) is False
    assert {t: _count(store, t) for t in APPEND_ONLY_TABLES} == counts
    (inspection,) = store.load_run(run_id).inspections
    assert inspection.record.name == "Acme Inverters"  # the first record stays


def test_record_and_record_inspection_store_the_same_rows(store):
    run = screening(high_risk(), result(site(BOLT, "Bolt Motors")))
    whole = store.load_run(store.record(run).run_id)
    run_id = _begin(store)
    for position, supplier in enumerate(run.suppliers):
        store.record_inspection(run_id, position, supplier)
    piecewise = store.load_run(run_id)
    assert [(i.record.content_hash, i.findings) for i in whole.inspections] == [
        (i.record.content_hash, i.findings) for i in piecewise.inspections
    ]
