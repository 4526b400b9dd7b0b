"""Workers' writes on real PostgreSQL: idempotent under races; exact round trip."""

from __future__ import annotations

import threading

from crawler.fleet.results import screening_run
from reports.history import open_store
from rules.loader import load_packs
from tests.reports._runs import BOLT, high_risk, result, screening, site


def _begin(url: str) -> str:
    run = screening()
    with open_store(url) as store:
        return store.begin_run(
            generated_at=run.generated_at,
            as_of=run.as_of,
            tool_version=run.tool_version,
            score_formula=run.score_formula,
            packs=["g7-gpw@2026.1"],
        )


def test_racing_workers_record_a_supplier_once(postgres_url):
    run_id = _begin(postgres_url)
    stores = [open_store(postgres_url) for _ in range(6)]
    start = threading.Barrier(len(stores))
    outcomes: list[bool] = []

    def record(n: int) -> None:
        start.wait()
        # each "worker" saw a slightly different site: only one may stay
        sample = result(site(BOLT, f"Bolt Motors {n}"))
        outcomes.append(stores[n].record_inspection(run_id, 0, sample))

    threads = [threading.Thread(target=record, args=(n,)) for n in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        store = stores[0]
        assert sorted(outcomes) == [False] * (len(stores) - 1) + [True]
        counts = {
            table: store._query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
            for table in ("inspections", "disclosures")
        }
        assert counts == {"inspections": 1, "disclosures": 1}
    finally:
        for opened in stores:
            opened.close()


def test_a_stored_run_reads_back_as_the_run_that_was_screened(postgres_url):
    run = screening(high_risk(), result(site(BOLT, "Bolt Motors")))
    run_id = _begin(postgres_url)
    with open_store(postgres_url) as store:
        for position, supplier in enumerate(run.suppliers):
            store.record_inspection(run_id, position, supplier)
        stored = store.load_run(run_id)
    packs = load_packs(("g7-gpw",), ())
    back = screening_run(stored, packs)
    assert back.suppliers == run.suppliers  # disclosures, findings, verdicts, scores
    assert back.as_of == run.as_of
    assert [p.id for p in back.packs] == ["g7-gpw"]
