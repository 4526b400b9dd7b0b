"""Pages processed in worker processes (crawler.pool) give what in-process gives."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.cli import _parser, _screen_options_from, main
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry
from crawler.pagecache import CachingPageProcessor, PageCache, fingerprint
from crawler.pool import PagePool, default_processes
from crawler.processing import PageProcessor, ProcessorRecipe
from crawler.render import inspect
from tests.conftest import REPO, SITES, load_report, run_greengate

PROBE_SITES = ("acme-inverters", "volta-drives", "untp-batteries", "js-solar")


def _probe(sites, *args: str) -> dict[str, Any]:
    urls = [sites.origins[name] + "/" for name in PROBE_SITES]
    result = subprocess.run(
        [sys.executable, "-m", "tests.crawler.pool_probe", *args, *urls],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_worker_killed_mid_crawl_loses_no_page(sites) -> None:
    in_process = _probe(sites, "--processes", "0")
    killed = _probe(sites, "--processes", "1", "--kill-at", "3")
    assert killed["killed"], "no worker was killed"
    assert killed["pages"] == in_process["pages"]
    assert killed["stats"]["greengate/pool/restarts"] == 1
    assert killed["stats"]["greengate/pool/pages"] > 0


def test_a_re_inspection_takes_unchanged_pages_from_the_cache_without_workers(
    sites, tmp_path: Path
) -> None:
    cache = str(tmp_path / "pages")
    first = _probe(sites, "--processes", "1", "--cache", cache)
    second = _probe(sites, "--processes", "1", "--cache", cache)
    assert first["pool_starts"] > 0
    assert first["stats"]["greengate/pool/pages"] > 0
    assert first["stats"]["greengate/pool/reused"] == 0
    assert second["pages"] == first["pages"]
    assert second["pool_starts"] == 0, "the pool started with nothing to do"
    assert second["stats"]["greengate/pool/pages"] == 0
    reused = second["stats"]["greengate/pool/reused"]
    assert reused == first["stats"]["greengate/pool/pages"]


def test_pool_on_and_off_give_the_same_report(sites, tmp_path: Path) -> None:
    listing = tmp_path / "suppliers.csv"
    listing.write_text(sites.expand((SITES / "suppliers.csv").read_text("utf-8")))
    reports = []
    for processes in ("0", "2"):
        out = tmp_path / processes
        result = run_greengate(
            "scan",
            "--suppliers",
            str(listing),
            "--out",
            str(out),
            "--as-of",
            "2027-03-01",
            "--allow-host",
            "127.0.0.1",
            "--processes",
            processes,
            "--no-cache",
            "--format",
            "json",
            "--quiet",
        )
        assert result.returncode in (0, 1), result.stderr
        report = load_report(out)
        report.pop("generated_at", None)
        reports.append(report)
    # Pages arrive in whatever order the sites answer, with or without a pool.
    assert _unordered(reports[0]) == _unordered(reports[1])


def _unordered(value: Any) -> Any:
    """Return a JSON value with every list sorted (canonical JSON as the key)."""
    if isinstance(value, dict):
        return {key: _unordered(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_unordered(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _recipe_that_fails() -> ProcessorRecipe:
    return ProcessorRecipe(contexts=(("https://x.example/c", Path("/nonexistent")),))


def test_a_pool_that_cannot_start_processes_in_process() -> None:
    processor = PageProcessor(ContextRegistry.bundled())
    processor.recipe = _recipe_that_fails  # type: ignore[method-assign]
    pool = PagePool(processor, 1)
    page = FetchedPage(
        url="https://shop.example/a.html",
        status=200,
        body=b"<html><body><a href='/b.html'>b</a></body></html>",
        content_type="text/html",
    )
    try:
        work = asyncio.run(
            pool.work(
                page, supplier_id="s", site_url="https://shop.example", role="page"
            )
        )
    finally:
        pool.close()
    assert work.processed == processor.process(
        page, supplier_id="s", site_url="https://shop.example", role="page"
    )
    assert pool.fallbacks == 1
    assert pool.processed_in_pool == 0


def test_the_pool_size_is_checked() -> None:
    processor = PageProcessor(ContextRegistry.bundled())
    with pytest.raises(ValueError, match="0 or more"):
        PagePool(processor, -1)
    assert default_processes() >= 0


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_processes_option_rejects_bad_values(value: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["scan", "http://x.example", "--processes", value])
    assert exit_info.value.code == 2
    assert "--processes" in capsys.readouterr().err


def test_processes_option_reaches_the_screen_options() -> None:
    parser = _parser()
    explicit = parser.parse_args(["scan", "http://x.example", "--processes", "0"])
    default = parser.parse_args(["scan", "http://x.example"])
    assert _screen_options_from(explicit, ()).processes == 0
    assert _screen_options_from(default, ()).processes == default_processes()


def test_the_recipe_builds_an_equal_processor(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, fingerprint())
    processor = CachingPageProcessor(ContextRegistry.bundled(), cache)
    built = processor.recipe().build()
    assert isinstance(built, CachingPageProcessor)
    assert (built.cache.directory, built.cache.fingerprint) == (
        tmp_path,
        cache.fingerprint,
    )


HTML_PAGES = sorted(SITES.rglob("*.html"))


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_inspection_with_extraction_tree_equals_inspection_alone(path: Path) -> None:
    processor = PageProcessor(ContextRegistry.bundled())
    url = "http://127.0.0.1:8000/" + path.name
    page = FetchedPage(
        url=url, status=200, body=path.read_bytes(), content_type="text/html"
    )
    work = processor.work(
        page,
        supplier_id="s",
        site_url="http://127.0.0.1:8000",
        role="page",
        inspect_render=True,
    )
    assert work.served == inspect(path.read_bytes().decode("utf-8", "replace"), url)


def test_the_page_cache_keeps_the_render_inspection(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, fingerprint())
    processor = CachingPageProcessor(ContextRegistry.bundled(), cache)
    page = FetchedPage(
        url="https://shop.example/a.html",
        status=200,
        body=b'<html><body><div id="root"></div><script src="/app.js"></script>'
        b"</body></html>",
        content_type="text/html",
    )
    args: dict[str, Any] = {
        "supplier_id": "s",
        "site_url": "https://shop.example",
        "role": "page",
    }
    plain = processor.work(page, **args)
    assert plain.served is None
    inspected = processor.work(page, **args, inspect_render=True)
    assert inspected.served is not None
    assert inspected.served.app_shell
    assert inspected.processed == plain.processed
    again = processor.work(page, **args, inspect_render=True)
    assert again == inspected
    assert (cache.hits, cache.misses) == (2, 1)
