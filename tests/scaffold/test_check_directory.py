"""``greengate check DIR``: a built static site screened as one supplier."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from tests.conftest import load_report, run_greengate
from tests.scaffold.support import STATIC_SITE, check, run

EXPECTED = yaml.safe_load((STATIC_SITE / "EXPECTED.yaml").read_text("utf-8"))
BASE = EXPECTED["base_url"]
SARIF_SCHEMA = (
    STATIC_SITE.parents[1]
    / "tests"
    / "reports"
    / "data"
    / "sarif-2.1.0"
    / "sarif-schema-2.1.0.json"
)


def _failures(supplier):
    found: dict[str, list[str]] = {}
    for f in supplier["findings"]:
        if f["status"] == "fail":
            found.setdefault(f["rule"], []).append(f["subject"])
    return {rule: sorted(subjects) for rule, subjects in found.items()}


def _check_site(tmp_path, *extra):
    return run(
        "check",
        STATIC_SITE,
        "--base-url",
        BASE,
        "--out",
        tmp_path,
        "--as-of",
        EXPECTED["as_of"],
        "--quiet",
        *extra,
    )


def test_static_site_has_exactly_the_known_failures(tmp_path):
    assert _check_site(tmp_path) == 0
    (supplier,) = load_report(tmp_path)["suppliers"]
    assert _failures(supplier) == EXPECTED["failures"]
    screened = sorted(p["url"] for p in supplier["pages"])
    assert screened == sorted(BASE + path for path in EXPECTED["screened"])
    assert {p["status"] for p in supplier["pages"]} == {200}


def test_fail_on_gates_the_release(tmp_path, capsys):
    assert _check_site(tmp_path, "--fail-on", "high") == 5
    count = EXPECTED["fail_on_high"]
    assert f"--fail-on high: {count} unsuppressed failing finding(s)" in (
        capsys.readouterr().err
    )


def test_suppressions_accept_known_failures(tmp_path):
    suppressions = tmp_path / "accepted.yaml"
    suppressions.write_text(
        yaml.safe_dump(
            [
                {
                    "rule": rule,
                    "url": f"{BASE}*",
                    "reason": "fixture",
                    "expires": "2027-12-31",
                }
                for rule in EXPECTED["failures"]
            ]
        )
    )
    status = _check_site(
        tmp_path / "out", "--fail-on", "low", "--suppressions", str(suppressions)
    )
    assert status == 0


def test_sarif_lists_the_failures(tmp_path):
    result = run_greengate(
        "check",
        str(STATIC_SITE),
        "--base-url",
        BASE,
        "--out",
        str(tmp_path),
        "--as-of",
        EXPECTED["as_of"],
        "--format",
        "sarif",
        "--fail-on",
        "high",
    )
    assert result.returncode == 5, result.stderr
    sarif = json.loads((tmp_path / "report.sarif").read_text("utf-8"))
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text("utf-8")))
    failing = {
        r["ruleId"]
        for run_ in sarif["runs"]
        for r in run_["results"]
        if r.get("level") == "error" or r.get("kind") == "fail"
    }
    assert failing == set(EXPECTED["failures"])


def test_without_base_url_files_keep_their_file_urls(tmp_path):
    supplier = check(tmp_path, STATIC_SITE)
    urls = {p["url"] for p in supplier["pages"]}
    assert all(u.startswith("file:///") for u in urls)
    assert not any("/.cache/" in u for u in urls)
    assert len(urls) == len(EXPECTED["screened"])


def test_named_files_and_directories_mix(tmp_path):
    page = STATIC_SITE / "products" / "gs-12.html"
    supplier = check(tmp_path, page, STATIC_SITE / "api", extra=["--base-url", BASE])
    assert sorted(p["url"] for p in supplier["pages"]) == [
        f"{BASE}gs-12.html",  # each path is published at the base URL
        f"{BASE}pcf/dr-18.jsonld",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty", "empty: no *.html, *.htm, *.jsonld, *.json files in it"),
        ("nope", "nope: no such file or directory"),
    ],
)
def test_unusable_paths_are_usage_errors(tmp_path, capsys, name, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "style.css").write_text("p {}")
    assert run("check", tmp_path / name, "--out", tmp_path / "out") == 2
    assert message in capsys.readouterr().err


def test_base_url_must_be_http(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        run("check", STATIC_SITE, "--base-url", "ftp://x.example/")
    assert exit_.value.code == 2
    assert "is not an http(s) URL" in capsys.readouterr().err
