"""CORE-FETCH-01, CORE-JSONLD-01, CORE-CONTEXT-01 and CORE-JS-01 cases."""

from __future__ import annotations

from dataclasses import replace

from rules.disclosure import (
    Issue,
    PageVisit,
)
from tests.rules.cases._base import (
    Case,
    E,
    F,
    P,
    W,
    site_with,
    with_pages,
)
from tests.rules.conftest import (
    PAGE,
    TRACE,
    site,
)

CORE = [
    Case("CORE-FETCH-01", "all-fetched", P, lambda: site(), subject="site"),
    Case(
        "CORE-FETCH-01",
        "dns-failure",
        F,
        lambda: with_pages(
            PageVisit(
                url="https://acme.example/products/inv-10k",
                status=0,
                error="DNS lookup failed",
            )
        )(site()),
        subject="site",
    ),
    Case(
        "CORE-FETCH-01",
        "trace-link-is-trc-03-business",
        P,
        lambda: with_pages(PageVisit(url=TRACE["mining"], status=404))(site()),
        subject="site",
    ),
    Case(
        "CORE-FETCH-01",
        "robots-refusal-is-eco-06-business",
        P,
        lambda: with_pages(
            PageVisit(
                url="https://acme.example/private/prices.html",
                status=0,
                error="disallowed by robots.txt",
            )
        )(site(robots_disallowed=("/private/",))),
        subject="site",
    ),
    Case(
        "CORE-FETCH-01", "no-visit-recorded", E, lambda: site(pages=()), subject="site"
    ),
    Case("CORE-JSONLD-01", "valid", P, lambda: site(), subject="site"),
    Case(
        "CORE-JSONLD-01",
        "trailing-comma",
        F,
        lambda: site(
            issues=(
                Issue(
                    kind="jsonld-syntax",
                    url=PAGE,
                    message="Expecting property name",
                    block=1,
                    line=40,
                    column=17,
                ),
            )
        ),
        subject="site",
    ),
    Case("CORE-CONTEXT-01", "known", P, lambda: site(), subject="site"),
    Case(
        "CORE-CONTEXT-01",
        "unknown-context",
        F,
        lambda: site(
            issues=(
                Issue(
                    kind="jsonld-context",
                    url=PAGE,
                    message="not bundled",
                    block=0,
                    detail="https://cms.acme.example/ctx.jsonld",
                ),
            )
        ),
        subject="site",
    ),
    Case("CORE-JS-01", "served-html", P, site_with()),
    Case(
        "CORE-JS-01",
        "only-after-rendering",
        W,
        lambda: with_pages(
            PageVisit(
                url=PAGE,
                status=200,
                rendered=True,
                syntaxes=("json-ld",),
                render_reason="app-shell",
                rendered_only_blocks=(0,),
            )
        )(site()),
    ),
    Case(
        "CORE-JS-01",
        "rendering-added-another-block",
        P,
        lambda: with_pages(
            PageVisit(
                url=PAGE,
                status=200,
                rendered=True,
                syntaxes=("json-ld",),
                render_reason="inline-script",
                rendered_only_blocks=(1,),
            )
        )(site()),
    ),
    Case(
        "CORE-JS-01",
        "rendering-failed",
        E,
        lambda: with_pages(
            PageVisit(
                url=PAGE,
                status=200,
                syntaxes=("json-ld",),
                render_reason="inline-script",
                render_error="no JSON-LD block appeared within 10 s",
            )
        )(site()),
    ),
    Case(
        "CORE-JS-01",
        "also-in-served-html",
        P,
        lambda: replace(
            site(),
            pages=(
                *site().pages,
                PageVisit(url=PAGE, status=200, rendered=True, syntaxes=("json-ld",)),
            ),
        ),
    ),
]
