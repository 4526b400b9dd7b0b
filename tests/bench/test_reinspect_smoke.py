"""The re-inspection benchmark runs end to end: two scans sharing one cache.

Timings are never asserted; regression test for the second scan ignoring
``--cache-dir`` (bench.run's scans pass ``--no-cache``, and so did these).
"""

from __future__ import annotations

import re

from bench import reinspect
from tests.bench.test_bench_smoke import _require_nginx

PAGES = 20


def test_reinspect_runs_two_scans_with_one_cache(tmp_path, capsys):
    _require_nginx()
    status = reinspect.main(["--pages", str(PAGES), "--workdir", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert re.search(r"^median +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+x$", out, re.M)
    second = tmp_path / "second-1.log"
    assert second.exists()
