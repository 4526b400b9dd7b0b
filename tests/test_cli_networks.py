"""``--network`` adds a traceability network to the recognised ones (G7-TRC-01)."""

from __future__ import annotations

import json
import shutil

import pytest

from crawler.fixtureserver import serve_sites
from tests.conftest import SITES, load_report, run_greengate


@pytest.fixture(scope="module")
def own_network(tmp_path_factory):
    """Sunvolt and its trace platform, the records declaring a network of their own."""
    root = tmp_path_factory.mktemp("sites")
    for site in ("untp-batteries", "trace-platform"):
        shutil.copytree(SITES / site, root / site)
    for path in (root / "trace-platform" / "records").glob("bat-*.jsonld"):
        record = json.loads(path.read_text("utf-8"))
        record["traceNetwork"]["name"] = "Acme Ledger"
        record["issuer"]["id"] = "did:web:ledger.acme.example"
        path.write_text(json.dumps(record, indent=2), "utf-8")
    with serve_sites(root) as sites:
        yield sites


@pytest.mark.parametrize(
    ("extra", "expected"), [((), "fail"), (("--network", "Acme Ledger"), "pass")]
)
def test_network_option_recognises_another_network(
    own_network, tmp_path, extra, expected
):
    result = run_greengate(
        "scan", own_network.url("untp-batteries"), "--out", str(tmp_path),
        "--as-of", "2027-03-01", "--allow-host", "127.0.0.1", "--quiet",
        "--render", "never", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (supplier,) = load_report(tmp_path)["suppliers"]
    found = [f for f in supplier["findings"] if f["rule"] == "G7-TRC-01"]
    assert [f["status"] for f in found] == [expected], found
