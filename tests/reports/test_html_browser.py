"""The HTML report opened in the real Debian Chromium (headless), as people see it.

The screenshot is kept as a test artefact in ``test-artifacts/`` (or the
directory ``GREENGATE_ARTIFACTS`` names) so a reviewer can look at it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from crawler.render.browser import CHROMIUM_FLAGS, RenderOptions
from reports.render import html as html_report
from tests.conftest import REPO, missing_system_package
from tests.reports.sample import HOSTILE_MESSAGE, sample_catalog, sample_run

pytestmark = pytest.mark.browser


def _artifacts() -> Path:
    path = Path(os.environ.get("GREENGATE_ARTIFACTS", REPO / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _chromium() -> str:
    executable = RenderOptions().executable()
    if not Path(executable).is_file():
        missing_system_package(
            f"Chromium not found at {executable} (apt-get install chromium)"
        )
    return executable


def test_report_renders_in_chromium_without_errors(tmp_path):
    run = sample_run()
    report = tmp_path / "report.html"
    report.write_text(html_report.render(run, sample_catalog()), "utf-8")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(), args=list(CHROMIUM_FLAGS), headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
            page.on(
                "request",
                lambda r: (
                    problems.append(f"request: {r.url}")
                    if not r.url.startswith(("file:", "data:", "about:"))
                    else None
                ),
            )
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            shot = _artifacts() / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            text = page.inner_text("body")
            charts = page.locator("svg").count()
        finally:
            browser.close()
    assert not problems, problems
    for supplier in run.suppliers:
        assert supplier.site.name in text, supplier.site.name
    # The hostile message is shown as text, never run.
    assert HOSTILE_MESSAGE in text
    assert charts >= 2
    assert shot.stat().st_size > 10_000
