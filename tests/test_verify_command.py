"""``greengate verify`` on fixtures/credentials (in process) and on served URLs.

Files whose resources are given with ``--resource`` (or which need none) are
verified in this process: no crawl runs. URLs are fetched by a real Scrapy
crawl, in a fresh process (a reactor cannot restart).
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest

from crawler.cli import main
from tests.conftest import FIXTURES, run_greengate

CREDENTIALS = FIXTURES / "credentials"
MANIFEST = json.loads((CREDENTIALS / "EXPECTED.json").read_text("utf-8"))
AS_OF = MANIFEST["as_of"][:10]
CHECKS = ["structure", "proof", "validity", "status", "issuer trust"]
CERTIFIER = json.loads((CREDENTIALS / "keys.json").read_text("utf-8"))["certifier"]

# The check each failing fixture fails, and the reason it gives.
FAILS = {
    "dcc-tampered.json": ("proof", "signature does not verify"),
    "dcc-expired.json": ("validity", "expired"),
    "dcc-wrong-key.json": ("proof", "not by the issuer"),
    "dcc-revoked.json": ("status", "revoked: index 42"),
    "dcc-alg-none.vc-jwt": ("proof", "alg 'none'"),
    "dcc-unsigned.json": ("proof", "no proof"),
}


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    status = main(["verify", *args])
    out = capsys.readouterr().out
    return status, json.loads(out) if "--json" in args else out


def resource_args(name: str) -> list[str]:
    args = ["--offline"]
    for url, file in MANIFEST["files"][name].get("resources", {}).items():
        if file is not None:
            args += ["--resource", f"{url}={CREDENTIALS / file}"]
    return args


@pytest.mark.parametrize("name", sorted(MANIFEST["files"]))
def test_fixture_verdict_and_exit_status(capsys, name):
    expected = MANIFEST["files"][name]
    status, report = verify(
        capsys,
        str(CREDENTIALS / name),
        "--json",
        "--as-of",
        AS_OF,
        *resource_args(name),
    )
    assert [c["name"] for c in report["checks"]] == CHECKS
    assert report["verified"] is (expected["status"] == "verified")
    assert status == (0 if report["verified"] else 1)
    assert report["status"] == expected["status"]
    if name in FAILS:
        group, reason = FAILS[name]
        (check,) = [c for c in report["checks"] if c["name"] == group]
        assert check["status"] == "fail", report
        assert reason in check["message"]
    elif expected["status"] == "verified":
        assert {c["status"] for c in report["checks"]} <= {"pass", "skipped"}
        assert report["message"].startswith("verified")


def test_status_list_not_fetched_is_an_error_not_a_pass(capsys):
    status, report = verify(
        capsys,
        str(CREDENTIALS / "dcc-status-unreachable.json"),
        "--json",
        "--offline",
        "--as-of",
        AS_OF,
    )
    assert status == 1
    assert report["status"] == "error"
    (check,) = [c for c in report["checks"] if c["name"] == "status"]
    assert check["status"] == "error"
    assert "was not fetched" in check["message"]


def test_trusted_issuer_by_did(capsys):
    args = [str(CREDENTIALS / "dcc-valid.json"), "--as-of", AS_OF, "--json"]
    status, report = verify(capsys, *args, "--trusted-issuer", CERTIFIER["did"])
    assert status == 0
    assert report["checks"][-1]["status"] == "pass"
    status, report = verify(capsys, *args, "--trusted-issuer", "did:web:rmi.example")
    assert status == 1
    assert report["status"] == "verified"  # the proof is fine; the issuer is not
    assert report["checks"][-1]["status"] == "fail"


def test_text_output_from_stdin(capsys, monkeypatch):
    data = (CREDENTIALS / "dcc-eddsa.vc-jwt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out = verify(capsys, "-", "--as-of", AS_OF)
    assert status == 0
    assert "credential: <stdin>" in out
    assert "pass    proof" in out
    assert out.rstrip().endswith(f"by the issuer {CERTIFIER['did']}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-file.json"], "no such file"),
        ([str(FIXTURES / "sites" / "acme-inverters" / "index.html")], "no verifiable"),
        (["https://cb.example/c.json", "--offline"], "--offline"),
    ],
)
def test_usage_errors_exit_2(capsys, args, message):
    assert main(["verify", *args]) == 2
    assert message in capsys.readouterr().err


def test_url_and_its_status_list_are_fetched_through_the_host_guard(sites):
    url = sites.url("trace-platform", "/credentials/dcc-rc-12200.json")
    allowed = run_greengate(
        "verify", url, "--json", "--as-of", "2027-03-01", "--allow-host", "127.0.0.1"
    )
    assert allowed.returncode == 1, allowed.stderr
    report = json.loads(allowed.stdout)
    assert report["status"] == "failed"
    assert report["message"].startswith("revoked (index 712 of")
    # The URL typed is allowed; the status list it names is a link to a
    # loopback address: refused without --allow-host, so never a pass.
    refused = run_greengate("verify", url, "--json", "--as-of", "2027-03-01")
    assert refused.returncode == 1, refused.stderr
    report = json.loads(refused.stdout)
    assert report["status"] == "error"
    (error,) = report["fetch_errors"]
    assert "host guard" in error["error"]


def test_vc_jwt_url_verifies(sites):
    url = sites.url("trace-platform", "/credentials/dcc-rc-48050.jwt")
    result = run_greengate("verify", url, "--as-of", "2027-03-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "EdDSA vc-jwt" in result.stdout
