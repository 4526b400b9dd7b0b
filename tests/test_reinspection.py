"""Re-inspection: a second scan of an unchanged site revalidates and reuses.

A generated site (:mod:`bench.make_site`) is served by the fixture server,
which sends ``ETag`` / ``Last-Modified`` and answers conditional requests with
304. Scanning it twice with the same ``--cache-dir`` must give the same
report (but for ``generated_at``), the second scan's requests answered 304;
a page changed before a third scan must be read afresh.

Reports are compared in a canonical order (`tests.conftest.unordered`): the order of
pages and products in a report follows the order the crawl fetched them in,
which concurrent downloads make vary from scan to scan, cache or not.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bench.make_site import _product_name, page_path, write_site
from crawler.fixtureserver import FixtureSites, serve_sites
from tests.conftest import load_report, run_greengate, unordered

PAGES = 30
CHANGED = 3  # the product page edited before the third scan


def _scan(sites: FixtureSites, cache: Path, out: Path) -> dict[str, Any]:
    done = run_greengate(
        "scan",
        sites.url("shop"),
        "--allow-host=127.0.0.1",
        f"--max-pages={PAGES}",
        f"--max-depth={PAGES}",
        "--render=never",
        f"--cache-dir={cache}",
        f"--out={out}",
        "--as-of=2027-03-01",
        "--format=json",
        "--quiet",
    )
    assert done.returncode == 0, done.stderr
    canonical: dict[str, Any] = unordered(load_report(out))
    return canonical


def _pages(report: dict[str, Any]) -> dict[str, Any]:
    return {p["url"]: p for p in report["suppliers"][0]["pages"]}


def test_second_scan_revalidates_and_third_sees_a_change(tmp_path: Path) -> None:
    root = tmp_path / "sites"
    write_site(PAGES, root / "shop")
    cache = tmp_path / "cache"
    with serve_sites(root) as sites:
        first = _scan(sites, cache, tmp_path / "first")
        assert not sites.not_modified  # an empty cache asks nothing conditionally
        fetched = sum(sites.hits.values())
        assert fetched >= PAGES + 1  # every page and robots.txt

        sites.hits.clear()
        second = _scan(sites, cache, tmp_path / "second")
        assert second == first
        # every page and robots.txt was asked for again, and each was a 304
        assert sum(sites.hits.values()) == fetched
        assert sum(sites.not_modified.values()) >= PAGES + 1
        assert set(sites.not_modified) >= {
            sites.url("shop", path) for path in ("/", "/robots.txt")
        }
        assert (cache / "http").is_dir()
        assert any((cache / "pages").iterdir())

        page = root / "shop" / page_path(CHANGED).lstrip("/")
        old, new = _product_name(CHANGED), "Renamed battery storage system"
        page.write_text(page.read_text("utf-8").replace(old, new), "utf-8")
        url = sites.url("shop", page_path(CHANGED))
        sites.not_modified.clear()
        third = _scan(sites, cache, tmp_path / "third")

    assert url not in sites.not_modified  # the changed page came whole
    assert len(sites.not_modified) >= PAGES  # the others did not
    assert _pages(third)[url]["status"] == 200
    names = {p["name"] for p in third["suppliers"][0]["products"]}
    assert any(new in str(name) for name in names)
    assert not any(old in str(name) for name in names)
    assert {p["name"] for p in first["suppliers"][0]["products"]} - names == {old}


def test_no_cache_fetches_everything_afresh(tmp_path: Path) -> None:
    root = tmp_path / "sites"
    write_site(5, root / "shop")
    cache = tmp_path / "cache"
    with serve_sites(root) as sites:
        for out in ("a", "b"):
            done = run_greengate(
                "scan",
                sites.url("shop"),
                "--allow-host=127.0.0.1",
                "--render=never",
                "--no-cache",
                f"--cache-dir={cache}",
                f"--out={tmp_path / out}",
                "--format=json",
                "--quiet",
            )
            assert done.returncode == 0, done.stderr
    assert not sites.not_modified
    assert not cache.exists()
    shutil.rmtree(root)


def _entries(cache: Path) -> dict[str, int]:
    """Return each stored file of the HTTP cache with its modification time."""
    return {
        str(path.relative_to(cache)): path.stat().st_mtime_ns
        for path in (cache / "http").rglob("*")
        if path.is_file()
    }


def test_a_304_leaves_the_cache_entry_unwritten(tmp_path: Path) -> None:
    root = tmp_path / "sites"
    write_site(5, root / "shop")
    cache = tmp_path / "cache"
    with serve_sites(root) as sites:
        first = _scan(sites, cache, tmp_path / "first")
        stored = _entries(cache)
        assert any(name.endswith("response_body") for name in stored)
        second = _scan(sites, cache, tmp_path / "second")
        assert sum(sites.not_modified.values()) >= 5
        assert _entries(cache) == stored  # nothing written again
        sites.not_modified.clear()
        third = _scan(sites, cache, tmp_path / "third")
        assert sum(sites.not_modified.values()) >= 5  # still revalidated
    assert first == second == third
