"""The benchmark still runs end to end: a 20-page site, one round, a table.

Timings are never asserted: only that both crawls reached every page and that
the table carries the greengate/bare ratios.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench import run
from bench.make_site import links_of, write_site
from tests.conftest import missing_system_package

PAGES = 20
APT_PACKAGES = "nginx (Debian: apt-get install -y nginx-light)"


def _require_nginx() -> None:
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return
    missing_system_package(f"nginx not found; install {APT_PACKAGES}")


def test_generated_site_links_every_page(tmp_path):
    write_site(PAGES, tmp_path)
    pages = sorted(tmp_path.glob("products/*.html"))
    assert len(pages) == PAGES - 1
    sizes = [p.stat().st_size for p in [tmp_path / "index.html", *pages]]
    assert all(60 * 1024 <= size <= 120 * 1024 for size in sizes)
    reached, frontier = {0}, [0]
    while frontier:
        for target in links_of(frontier.pop(), PAGES):
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(range(PAGES))
    html = pages[0].read_text("utf-8")
    assert html.count('type="application/ld+json"') >= 1
    assert 'itemtype="https://schema.org/BreadcrumbList"' in html


def test_generator_is_deterministic(tmp_path):
    write_site(5, tmp_path / "a")
    write_site(5, tmp_path / "b")
    for page in (tmp_path / "a").rglob("*.html"):
        twin = tmp_path / "b" / page.relative_to(tmp_path / "a")
        assert page.read_bytes() == twin.read_bytes()


def test_one_round_crawls_every_page_and_prints_ratios(tmp_path, capsys):
    _require_nginx()
    status = run.main(
        ["--pages", str(PAGES), "--rounds", "1", "--workdir", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    row = re.compile(r"^(?P<tool>bare|greengate) +1 +(?P<pages>\d+)", re.M)
    rows = {match["tool"]: int(match["pages"]) for match in row.finditer(out)}
    assert rows == {"bare": PAGES, "greengate": PAGES}
    ratio = r" +\d+\.\d+"
    assert re.search(rf"^greengate/bare{ratio * 5}$", out, re.M), out
