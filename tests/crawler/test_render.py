"""Deciding what to render, and telling what rendering added (no browser)."""

from __future__ import annotations

import pytest

from crawler.cli import main
from crawler.render import (
    RenderReason,
    ServedPage,
    builds_jsonld,
    decide,
    inspect,
    rendered_only_blocks,
)
from crawler.render.browser import (
    CHROMIUM_ENV,
    DEFAULT_CHROMIUM,
    ContextRotation,
    RenderOptions,
    playwright_settings,
)
from crawler.settings import crawl_settings
from crawler.suppliers import SupplierListError, parse_csv

URL = "https://solar.example/products/ls-600.html"
JSONLD = '<script type="application/ld+json">{"@type": "Product", "name": "A"}</script>'
TEXT = (
    "<p>" + "Micro-inverter with two MPP trackers and a 12-year warranty. " * 3 + "</p>"
)


def page(head: str = "", body: str = TEXT) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# --- signs in the served HTML ---


@pytest.mark.parametrize(
    "body",
    [
        '<div id="root"></div><script src="/static/app.js"></script>',
        '<div id="__next"><div class="spinner"></div></div>'
        '<script src="/a.js"></script>',
        "<noscript>You need to enable JavaScript to run this app.</noscript>"
        '<div id="app"></div><script>start()</script>',
        "<header><h1>Solar</h1></header><p>Loading</p><script src=/b.js></script>",
    ],
    ids=["root", "next-with-spinner", "noscript-text-ignored", "little-text"],
)
def test_app_shell(body):
    served = inspect(page(body=body), URL)
    assert served.app_shell
    assert decide(served, mode="auto") is RenderReason.APP_SHELL


def test_server_rendered_page_with_scripts_is_not_a_shell():
    body = TEXT + '<div id="root"><h2>Specifications</h2>' + TEXT + "</div>"
    served = inspect(page(JSONLD, body + "<script>track()</script>"), URL)
    assert not served.app_shell
    assert served.jsonld_scripts == 1
    assert decide(served, mode="auto") is None


def test_page_without_scripts_is_not_a_shell_however_empty():
    served = inspect(page(body='<div id="root"></div>'), URL)
    assert not served.app_shell


def test_inline_script_that_writes_jsonld():
    script = """<script>
      document.addEventListener("DOMContentLoaded", () => {
        const s = document.createElement("script");
        s.type = "application/ld+json";
        s.textContent = JSON.stringify(data);
        document.head.appendChild(s);
      });</script>"""
    served = inspect(page(script), URL)
    assert served.inline_writes_jsonld
    assert decide(served, mode="auto") is RenderReason.INLINE_SCRIPT


@pytest.mark.parametrize(
    "script",
    [
        # reads the block for analytics: names the type, writes nothing
        "const d = JSON.parse(document.querySelector('script[type=\"application/"
        "ld+json\"]').textContent); track(d.sku);",
        # writes markup, but no JSON-LD
        'document.body.appendChild(document.createElement("div"));',
    ],
    ids=["reads-jsonld", "writes-other-markup"],
)
def test_inline_scripts_that_do_not_write_jsonld(script):
    served = inspect(page(f"<script>{script}</script>"), URL)
    assert not served.inline_writes_jsonld
    assert decide(served, mode="auto") is None


def test_jsonld_data_naming_its_own_type_is_not_a_script():
    data = (
        '<script type="application/ld+json">{"@type": "Dataset", "distribution":'
        ' {"encodingFormat": "application/ld+json", "note": "createElement"}}'
        "</script>"
    )
    served = inspect(page(data), URL)
    assert served.jsonld_scripts == 1
    assert not served.inline_writes_jsonld


def test_script_files_are_same_site_resolved_and_capped():
    scripts = "".join(f'<script src="/static/s{i}.js"></script>' for i in range(7)) + (
        '<script src="https://cdn.other.example/lib.js"></script>'
        '<script type="text/template" src="/t.js"></script>'
        '<script src="/static/s0.js"></script>'
    )
    served = inspect(page(scripts), URL)
    assert served.script_files == tuple(
        f"https://solar.example/static/s{i}.js" for i in range(5)
    )
    assert decide(served, mode="auto") is None
    assert (
        decide(served, mode="auto", script_file_writes_jsonld=True)
        is RenderReason.SCRIPT_FILE
    )


def test_script_files_resolve_against_base():
    head = '<base href="https://solar.example/assets/">'
    served = inspect(page(head + '<script src="seo.js"></script>'), URL)
    assert served.script_files == ("https://solar.example/assets/seo.js",)


@pytest.mark.parametrize("html", ["", "   ", "not html at all"])
def test_non_html_shows_no_sign(html):
    served = inspect(html, URL)
    assert not served.app_shell
    assert not served.inline_writes_jsonld


def test_deeply_nested_page_does_not_overflow():
    body = "<div>" * 5000 + "text" + "</div>" * 5000 + "<script>go()</script>"
    assert isinstance(inspect(page(body=body), URL), ServedPage)


@pytest.mark.parametrize(
    ("script", "writes"),
    [
        ("el.innerHTML = '<script type=\"application/ld+json\">' + j", True),
        ("s.setAttribute('type', 'application/' + 'ld+json'); h.append(s)", True),
        ("document.write('<script type=application/ld+json>')", True),
        ("console.log('application/ld+json')", False),
        ("const s = document.createElement('script'); s.type = 'module'", False),
    ],
)
def test_builds_jsonld(script, writes):
    assert builds_jsonld(script) is writes


# --- the decision: mode, hint, signs ---

SHELL = ServedPage(app_shell=True)
PLAIN = ServedPage(jsonld_scripts=1)


@pytest.mark.parametrize(
    ("served", "mode", "hint", "expected"),
    [
        (SHELL, "never", "always", None),
        (PLAIN, "always", "never", RenderReason.ALWAYS),
        (SHELL, "always", "auto", RenderReason.APP_SHELL),
        (PLAIN, "auto", "always", RenderReason.SITE_HINT),
        (SHELL, "auto", "always", RenderReason.APP_SHELL),
        (SHELL, "auto", "never", None),
        (PLAIN, "auto", "auto", None),
    ],
)
def test_decide(served, mode, hint, expected):
    assert decide(served, mode=mode, hint=hint) is expected


def test_only_signs_predict_jsonld():
    assert RenderReason.APP_SHELL.expects_jsonld
    assert RenderReason.SCRIPT_FILE.expects_jsonld
    assert not RenderReason.ALWAYS.expects_jsonld
    assert not RenderReason.SITE_HINT.expects_jsonld


# --- what rendering added ---


def test_rendered_only_blocks_compare_data_not_text():
    served = page(
        '<script type="application/ld+json">{"name":"A", "@type":"Product"}</script>'
    )
    rendered = page(
        '<script type="application/ld+json">{"@type": "Product",\n "name": "A"}'
        '</script><script type="application/ld+json">{"@type": "Offer"}</script>'
    )
    assert rendered_only_blocks(served, rendered, URL) == (1,)


def test_rendered_only_blocks_count_duplicates():
    block = '<script type="application/ld+json">{"@type": "Product"}</script>'
    assert rendered_only_blocks(page(block), page(block * 3), URL) == (1, 2)
    assert rendered_only_blocks(page(), page(block), URL) == (0,)
    assert rendered_only_blocks(page(block), page(block), URL) == ()


# --- browser settings and contexts ---


def test_never_loads_no_browser_machinery():
    settings = crawl_settings(
        allow_hosts=(), timeout=5, render=RenderOptions(mode="never")
    )
    assert not any(settings["DOWNLOAD_HANDLERS"].values())  # file, data, ...: None
    assert "TWISTED_REACTOR" not in settings
    assert not any(k.startswith("PLAYWRIGHT_") for k in settings)
    assert list(settings["DOWNLOADER_MIDDLEWARES"]) == [
        "crawler.middlewares.HostGuardMiddleware",
        "scrapy.downloadermiddlewares.retry.RetryMiddleware",  # replaced by:
        "crawler.retry.RetryAfterMiddleware",
    ]


def test_auto_uses_system_chromium_with_flags(monkeypatch):
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    settings = crawl_settings(
        allow_hosts=(), timeout=5, render=RenderOptions(timeout=7, max_pages=3)
    )
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert launch["executable_path"] == DEFAULT_CHROMIUM
    assert {"--headless", "--no-sandbox", "--disable-quic"} <= set(launch["args"])
    assert "user_data_dir" not in launch  # Playwright makes a fresh temporary one
    assert settings["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 3
    assert settings["PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"] == 7000
    assert settings["TWISTED_REACTOR"].endswith("AsyncioSelectorReactor")
    assert (
        "crawler.middlewares.HostGuardMiddleware" in settings["DOWNLOADER_MIDDLEWARES"]
    )


def test_chromium_path_from_option_or_environment(monkeypatch):
    monkeypatch.setenv(CHROMIUM_ENV, "/opt/chromium/chrome")
    assert RenderOptions().executable() == "/opt/chromium/chrome"
    assert RenderOptions(chromium="/x/chromium").executable() == "/x/chromium"
    assert playwright_settings(RenderOptions(mode="never")) == {}


def test_context_rotation_retires_drained_contexts():
    rotation = ContextRotation(pages_per_context=2)
    first = [rotation.assign(), rotation.assign()]
    assert first == ["greengate-0", "greengate-0"]
    third = rotation.assign()
    assert third == "greengate-1"
    assert not rotation.retired("greengate-0")  # two renders still open there
    rotation.release("greengate-0")
    assert not rotation.retired("greengate-0")
    rotation.release("greengate-0")
    assert rotation.retired("greengate-0")
    rotation.release(third)
    assert not rotation.retired(third)  # the current context stays open


# --- the supplier list's render hint and the command line ---


def test_supplier_render_hint():
    specs = parse_csv(
        "name,url,render\nA,https://a.example/,always\nB,https://b.example/,\n"
        "C,https://c.example/,NEVER\n",
        "suppliers.csv",
    )
    assert [s.render for s in specs] == ["always", "auto", "never"]


def test_supplier_render_hint_must_be_known():
    with pytest.raises(SupplierListError, match=r"row 2: render 'sometimes'"):
        parse_csv("name,url,render\nA,https://a.example/,sometimes\n", "s.csv")


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", "https://a.example/", "--render", "sometimes"],
        ["scan", "https://a.example/", "--render-timeout", "0"],
        ["demo", "--render-timeout", "soon"],
    ],
)
def test_bad_render_options_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "render" in capsys.readouterr().err
