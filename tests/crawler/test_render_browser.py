"""Rendering with the real Chromium: real Scrapy engine, real servers on 127.0.0.1.

The js-solar fixture site (fixtures/sites/js-solar) has one product page per
way of writing JSON-LD with JavaScript, a server-rendered page that must not
be rendered, and a page whose render times out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from crawler.fixtureserver import serve_sites
from reports.render.json import report_schema
from tests.conftest import REPO, load_report, run_greengate

pytestmark = pytest.mark.browser

SITE = "js-solar"
RENDER_TIMEOUT = "3"  # the slow page's footprint would take 60 s


def probe(url: str, *args: str, timeout: float = 180) -> dict[str, Any]:
    """Crawl ``url`` in a fresh process and report what it started."""
    command = [sys.executable, "-m", "tests.crawler.render_probe", url]
    if "--allow-host" not in args:
        command += ["--allow-host", "127.0.0.1"]
    result = subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def scan(sites, out: Path, *args: str) -> dict[str, Any]:
    result = run_greengate(
        "scan",
        sites.url(SITE),
        "--allow-host",
        "127.0.0.1",
        "--as-of",
        "2027-03-01",
        "--quiet",
        "--out",
        str(out),
        *args,
    )
    assert result.returncode == 0, result.stderr
    report = load_report(out)
    jsonschema.validate(report, report_schema())
    (supplier,) = report["suppliers"]
    return supplier


def page(supplier: dict[str, Any], path: str) -> dict[str, Any]:
    (found,) = [p for p in supplier["pages"] if p["url"].endswith(path)]
    return found


def findings(supplier: dict[str, Any], rule: str) -> dict[str, dict[str, Any]]:
    return {f["subject"]: f for f in supplier["findings"] if f["rule"] == rule}


@pytest.fixture(scope="module")
def auto(sites, tmp_path_factory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("render-auto")
    return scan(sites, out, "--render-timeout", RENDER_TIMEOUT)


def product_keys(supplier: dict[str, Any]) -> set[str]:
    return {p["key"] for p in supplier["products"]}


@pytest.mark.parametrize(
    ("path", "reason", "key"),
    [
        ("/products/ready-600.html", "inline-script", "gtin:06978000000020"),
        ("/products/delayed-800.html", "inline-script", "gtin:06978000000037"),
        ("/products/app-1000.html", "app-shell", "gtin:06978000000044"),
        ("/products/seo-1200.html", "script-file", "gtin:06978000000051"),
    ],
    ids=["on-domcontentloaded", "after-a-delay", "app-shell-from-api", "script-file"],
)
def test_jsonld_written_by_javascript_is_found_in_auto_mode(auto, path, reason, key):
    visit = page(auto, path)
    assert visit["rendered"] is True
    assert visit["render_reason"] == reason
    assert visit["render_error"] is None
    assert visit["syntaxes"] == ["json-ld"]
    assert visit["rendered_only_blocks"] == [0]
    assert key in product_keys(auto)
    product = next(p for p in auto["products"] if p["key"] == key)
    assert product["footprints"][0]["value_kg_co2e"] > 0


def test_core_js_01_warns_naming_the_page(auto):
    by_subject = findings(auto, "CORE-JS-01")
    warning = by_subject["gtin:06978000000037"]
    assert warning["status"] == "warn"
    assert "/products/delayed-800.html" in warning["message"]
    assert "only after JavaScript runs" in warning["message"]
    assert warning["evidence"][0]["url"].endswith("/products/delayed-800.html")
    assert by_subject["gtin:06978000000013"]["status"] == "pass"


def test_auto_mode_does_not_render_a_static_page(auto):
    for path in ("/products/static-400.html", "/"):
        visit = page(auto, path) if path != "/" else auto["pages"][0]
        assert visit["rendered"] is False
        assert visit["render_reason"] is None
        assert visit["render_error"] is None
    assert page(auto, "/products/static-400.html")["syntaxes"] == ["json-ld"]


def test_render_timeout_keeps_the_served_result_and_says_why(auto):
    visit = page(auto, "/products/slow-1500.html")
    assert visit["rendered"] is False
    assert visit["render_reason"] == "inline-script"
    assert "timed out" in visit["render_error"]
    assert visit["syntaxes"] == ["json-ld"]  # the served block was still read
    assert "gtin:06978000000068" in product_keys(auto)
    (issue,) = [i for i in auto["issues"] if i["kind"] == "render"]
    assert issue["url"].endswith("/products/slow-1500.html")
    assert issue["message"].startswith(issue["url"])
    assert "timed out" in issue["message"]
    finding = findings(auto, "CORE-JS-01")["gtin:06978000000068"]
    assert finding["status"] == "error"
    assert "/products/slow-1500.html" in finding["message"]
    assert "timed out" in finding["message"]


def test_report_lists_the_rendered_pages(auto):
    rendered = sorted(
        p["url"].rsplit("/", 1)[1] for p in auto["pages"] if p["rendered"]
    )
    assert rendered == [
        "app-1000.html",
        "delayed-800.html",
        "ready-600.html",
        "seo-1200.html",
    ]


def test_render_never_finds_nothing_on_the_js_site_and_starts_no_browser(sites):
    report = probe(sites.url(SITE), "--render", "never")
    assert not report["handler_loaded"]
    assert report["browsers_during"] == 0
    assert report["drivers_during"] == 0
    assert not any(v["rendered"] for v in report["visits"])
    js_pages = [v for v in report["visits"] if "static-400" not in v["url"]]
    ready = next(v for v in js_pages if v["url"].endswith("/ready-600.html"))
    assert ready["syntaxes"] == []
    assert report["products"] == 2  # the server-rendered LS-400 and LS-1500 only


def test_site_hint_never_renders_nothing(sites):
    report = probe(sites.url(SITE), "--hint", "never")
    assert not any(v["rendered"] or v["render_reason"] for v in report["visits"])
    assert report["browsers_during"] == 0


def test_render_always_renders_static_pages_too(sites):
    report = probe(sites.url(SITE), "--render", "always", "--timeout", RENDER_TIMEOUT)
    static = next(v for v in report["visits"] if v["url"].endswith("/static-400.html"))
    assert static["rendered"] is True
    assert static["render_reason"] == "always"
    assert static["rendered_only_blocks"] == []
    assert report["products"] == 6
    assert report["browsers_after"] == 0


def test_missing_chromium_fails_every_render_and_the_crawl_goes_on(sites, tmp_path):
    missing = "/nonexistent/chromium"
    supplier = scan(sites, tmp_path, "--chromium", missing)
    failed = [p for p in supplier["pages"] if p["render_error"]]
    assert len(failed) == 5
    assert all(f"Chromium not found at {missing}" in p["render_error"] for p in failed)
    assert not any(p["rendered"] for p in supplier["pages"])
    assert product_keys(supplier) == {"gtin:06978000000013", "gtin:06978000000068"}
    issues = [i for i in supplier["issues"] if i["kind"] == "render"]
    assert {i["url"] for i in issues} == {p["url"] for p in failed}
    finding = findings(supplier, "CORE-JS-01")["gtin:06978000000068"]
    assert finding["status"] == "error"
    assert missing in finding["message"]


def test_browser_fetches_no_images_and_nothing_the_host_guard_refuses(tmp_path):
    site = tmp_path / "guarded"
    (site / "static").mkdir(parents=True)
    (site / "static" / "inject.js").write_text(
        'const s = document.createElement("script");'
        ' s.type = "application/ld+json";'
        ' s.textContent = JSON.stringify({"@context": "https://schema.org",'
        ' "@type": "Product", "@id": "urn:example:guarded", "name": "Guarded"});'
        " document.head.appendChild(s);",
        "utf-8",
    )
    with serve_sites(tmp_path) as sites:
        port = sites.origins["guarded"].rsplit(":", 1)[1]
        # The same server under another name: another origin, resolving to loopback.
        (site / "index.html").write_text(
            '<!DOCTYPE html><html><body><div id="root"></div><img src="/logo.png">'
            f'<script src="http://localhost:{port}/static/inject.js"></script>'
            "</body></html>",
            "utf-8",
        )
        refused = probe(
            sites.url("guarded"), "--allow-host", "192.0.2.1", "--timeout", "2"
        )
        allowed = probe(sites.url("guarded"), "--allow-host", "127.0.0.1")
    (visit,) = refused["visits"]
    assert visit["render_reason"] == "app-shell"
    assert "timed out" in visit["render_error"]
    assert refused["stats"]["greengate/render/blocked/host-guard"] == 1
    assert refused["stats"]["greengate/render/blocked/image"] == 1
    (visit,) = allowed["visits"]
    assert visit["rendered"] is True
    assert visit["rendered_only_blocks"] == [0]
    assert "greengate/render/blocked/host-guard" not in allowed["stats"]
    assert allowed["stats"]["greengate/render/blocked/image"] == 1


# --- bounded resources over many pages ---

PAGES = 200


def js_site(root: Path, pages: int) -> Path:
    """Write a site whose every product page gets its JSON-LD from a script."""
    site = root / "many-js"
    (site / "p").mkdir(parents=True)
    links = "\n".join(
        f'<a href="/p/{i:03d}.html">Product {i}</a>' for i in range(pages)
    )
    (site / "index.html").write_text(
        f"<!DOCTYPE html><html><body><h1>Catalogue of micro-inverters for rooftops"
        f" and balconies</h1><p>Every product page below is built in the browser."
        f"</p>{links}</body></html>",
        "utf-8",
    )
    for i in range(pages):
        data = {
            "@context": "https://schema.org",
            "@type": "Product",
            "@id": f"urn:example:many-js:{i}",
            "name": f"Micro-inverter {i}",
        }
        (site / "p" / f"{i:03d}.html").write_text(
            "<!DOCTYPE html><html><head><script>"
            'document.addEventListener("DOMContentLoaded", () => {'
            ' const s = document.createElement("script");'
            ' s.type = "application/ld+json";'
            f" s.textContent = JSON.stringify({json.dumps(data)});"
            " document.head.appendChild(s); });"
            f"</script></head><body><h1>Micro-inverter {i}</h1>"
            "<p>Specifications, warranty and certificates of this micro-inverter."
            "</p></body></html>",
            "utf-8",
        )
    return site


@pytest.mark.slow
def test_many_js_pages_leak_no_page_and_no_browser_process(tmp_path):
    js_site(tmp_path, PAGES)
    with serve_sites(tmp_path) as sites:
        report = probe(
            sites.url("many-js"),
            "--max-pages",
            str(PAGES + 10),
            "--pages-per-context",
            "50",
        )
    rendered = [v for v in report["visits"] if v["rendered"]]
    assert len(rendered) == PAGES
    assert all(v["rendered_only_blocks"] == [0] for v in rendered)
    assert report["products"] == PAGES
    stats = report["stats"]
    assert stats["greengate/render/pages_opened"] == PAGES
    assert stats["greengate/render/pages_closed"] == PAGES
    assert stats["playwright/page_count/max_concurrent"] <= 4
    assert stats["playwright/context_count"] == PAGES // 50
    assert report["browsers_before"] == 0
    assert report["browsers_during"] > 0
    assert report["browsers_after"] == 0
    assert report["drivers_after"] == 0
    assert report["leftover"] == []
    # One browser, with a fresh temporary profile that is gone afterwards.
    (profile,) = report["profiles"]
    assert profile.startswith(tempfile.gettempdir())
    assert report["profiles_left"] == []


def test_auto_mode_starts_no_playwright_process_on_a_site_without_javascript(sites):
    report = probe(sites.url("acme-inverters"))
    assert report["handler_loaded"]  # the browser stays available...
    assert len(report["visits"]) > 3
    assert not any(v["rendered"] or v["render_reason"] for v in report["visits"])
    assert report["drivers_during"] == 0  # ...but nothing was started for it
    assert report["browsers_during"] == 0
    assert report["products"] > 0


def test_crawl_runs_no_scrapy_remote_control(sites):
    # Scrapy 2.19's remote control runs code sent to it over HTTP; greengate
    # leaves it out, and with it aiohttp and its start-up time.
    report = probe(sites.url("acme-inverters"))
    assert not report["remote_control_loaded"]
    assert not report["aiohttp_loaded"]


def test_auto_mode_starts_playwright_once_a_page_needs_javascript(sites):
    report = probe(sites.url(SITE), "--timeout", RENDER_TIMEOUT)
    rendered = {v["url"].rsplit("/", 1)[-1] for v in report["visits"] if v["rendered"]}
    assert {"ready-600.html", "app-1000.html"} <= rendered
    assert report["drivers_during"] == 1  # one driver, for the one scheme used
    assert report["browsers_during"] > 0
    assert report["drivers_after"] == 0
    assert report["browsers_after"] == 0
