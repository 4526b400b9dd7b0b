"""Generate a local supplier site of N realistic product pages for benchmarks.

Usage: ``python -m bench.make_site N OUTDIR``

The site has ``index.html`` and ``N - 1`` product pages under ``products/``,
so a crawl that reaches everything fetches exactly N HTML pages (plus
``robots.txt``). Each product page is 60-120 KB: a head with inline CSS and a
small inline script, a navigation menu, microdata breadcrumbs, two JSON-LD
blocks in the shapes of the fixture sites (a schema.org Product with a
Certification and either a carbon-footprint ``additionalProperty``, as
``acme-inverters/products/inv-5k.html``, or a PACT footprint block, as
``volta-drives/products/wcv-3000.html``), long descriptive text, a
specification table, reviews and a footer.

Every page links to about 50 other product pages: up to ``FANOUT`` "series"
children (page ``k`` links to ``k * FANOUT + 1 .. k * FANOUT + FANOUT``, which
makes the site a tree of depth ``log_FANOUT(N)``: 3 for N up to 65 000) and
related products around it. Everything is derived from the page number, so
two runs of the generator write identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from rules.facts import gs1_check_digit

FANOUT = 40
"""Series links per page; the crawl depth needed is log_FANOUT(N)."""

RELATED = 10
"""Related-product links per page, besides the series links."""

MIN_BYTES = 60 * 1024
MAX_BYTES = 120 * 1024

_WORDS = (
    "inverter",
    "converter",
    "module",
    "efficiency",
    "thermal",
    "cabinet",
    "copper",
    "aluminium",
    "steel",
    "grid",
    "voltage",
    "current",
    "harmonic",
    "filter",
    "cooling",
    "fan",
    "enclosure",
    "terminal",
    "installation",
    "maintenance",
    "warranty",
    "certified",
    "tested",
    "assembly",
    "quality",
    "recycled",
    "material",
    "supplier",
    "component",
    "capacitor",
    "transformer",
    "busbar",
    "relay",
    "firmware",
    "monitoring",
    "interface",
    "protection",
    "surge",
    "isolation",
    "insulation",
    "operating",
    "ambient",
    "humidity",
    "altitude",
    "derating",
    "nominal",
    "rated",
    "peak",
    "standby",
    "packaging",
    "transport",
    "pallet",
    "shipment",
    "logistics",
    "durability",
    "lifetime",
    "service",
    "documentation",
    "manual",
    "commissioning",
    "connection",
    "cable",
    "gland",
    "mounting",
    "bracket",
)
_CATEGORIES = (
    "Photovoltaic inverters",
    "Wind turbine converters",
    "Motor drives",
    "Battery storage systems",
    "Power supplies",
)
_ISSUERS = (
    "Bureau Veritas Certification",
    "TÜV Rheinland Certification",
    "SGS Certification",
    "DNV Business Assurance",
)
_GRIDS = ("East China grid 2025", "Central China grid 2026", "ENTSO-E 2025")
_PARAGRAPHS = 64
_CSS_RULES = 180


def page_path(number: int) -> str:
    """Return the site path of page ``number`` (0 is the home page)."""
    return "/" if number == 0 else f"/products/p-{number:05d}.html"


def links_of(number: int, total: int) -> list[int]:
    """Return the page numbers that page ``number`` links to, in order."""
    products = total - 1
    if products <= 0:
        return []
    series = range(number * FANOUT + 1, number * FANOUT + FANOUT + 1)
    found = [n for n in series if n <= products]
    for step in range(1, products + 1):
        if len(found) >= FANOUT + RELATED or step > products:
            break
        for n in (number + step, number - step):
            wrapped = (n - 1) % products + 1
            if wrapped != number and wrapped not in found:
                found.append(wrapped)
    return found[: FANOUT + RELATED]


def gtin13(number: int) -> str:
    """Return a valid GTIN-13 (with its check digit) for product ``number``."""
    body = f"697{number:09d}"
    return body + gs1_check_digit(body)


def write_site(total: int, out: Path) -> None:
    """Write a site of ``total`` pages (home page included) into ``out``.

    Args:
        total: the number of HTML pages, at least 1.
        out: the site's root directory; created if missing.
    """
    if total < 1:
        raise ValueError("a site has at least one page")
    (out / "products").mkdir(parents=True, exist_ok=True)
    out.chmod(0o755)  # nginx workers may run as another user
    (out / "products").chmod(0o755)
    (out / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    paragraphs = _paragraph_pool()
    css = _css()
    for number in range(total):
        html = _page(number, total, paragraphs, css)
        name = "index.html" if number == 0 else page_path(number).lstrip("/")
        (out / name).write_text(html, "utf-8")


def _paragraph_pool() -> list[str]:
    """Return the pool of descriptive paragraphs pages draw their text from."""
    rng = random.Random(1)
    pool = []
    for _ in range(_PARAGRAPHS):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(90, 140))]
        pool.append(" ".join(words).capitalize() + ".")
    return pool


def _css() -> str:
    """Return an inline stylesheet of the size real shop themes inline."""
    rng = random.Random(2)
    rules = []
    for index in range(_CSS_RULES):
        colour = f"#{rng.randrange(0x1000000):06x}"
        rules.append(
            f".c-{index}{{color:{colour};margin:{rng.randint(0, 24)}px "
            f"{rng.randint(0, 24)}px;padding:{rng.randint(0, 16)}px;"
            f"font-size:{rng.randint(11, 22)}px}}"
        )
    return "\n".join(rules)


def _page(number: int, total: int, paragraphs: list[str], css: str) -> str:
    """Return the HTML of page ``number``, padded to its target size."""
    rng = random.Random(number * 7919 + 17)
    target = rng.randint(MIN_BYTES + 4096, MAX_BYTES - 8192)
    name = "Product catalogue" if number == 0 else _product_name(number)
    head = _head(number, name, css)
    body = [
        _menu(),
        _breadcrumbs(number, name),
        f"<h1>{name}</h1>",
        _related(number, total),
    ]
    tail = _footer()
    size = len(head) + sum(map(len, body)) + len(tail)
    sections = 0
    while size < target:
        section = _section(rng, paragraphs, sections)
        body.append(section)
        size += len(section.encode("utf-8"))
        sections += 1
    return "\n".join([head, "<body>", *body, tail, "</body>", "</html>", ""])


def _product_name(number: int) -> str:
    category = _CATEGORIES[number % len(_CATEGORIES)]
    return f"GG-{number:05d} {category[:-1].lower()} {3 + number % 97} kW"


def _head(number: int, name: str, css: str) -> str:
    blocks = "" if number == 0 else _jsonld(number, name)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{name} — Bench Power Electronics</title>
  <meta name="description" content="{name}: data sheet and sustainability data.">
  <meta property="og:title" content="{name}">
  <meta property="og:type" content="product">
  <link rel="stylesheet" href="/assets/theme.css">
  <link rel="icon" href="/assets/favicon.ico">
  <style>
{css}
  </style>
  <script>
    window.dataLayer = window.dataLayer || [];
    function gtag() {{ dataLayer.push(arguments); }}
    gtag("js", new Date());
    gtag("config", "G-BENCH{number % 10}");
  </script>
{blocks}
</head>"""


def _jsonld(number: int, name: str) -> str:
    """Return the page's JSON-LD blocks in one of the two fixture shapes."""
    product = _product(number, name)
    blocks = [product]
    if number % 2:
        blocks.append(_pact(number, name))
    else:
        product["additionalProperty"].insert(1, _footprint_property(number))
    return "\n".join(
        '  <script type="application/ld+json">\n'
        + json.dumps(block, indent=2, ensure_ascii=False)
        + "\n  </script>"
        for block in blocks
    )


def _product(number: int, name: str) -> dict[str, Any]:
    issuer = _ISSUERS[number % len(_ISSUERS)]
    code = f"ESG-{2026 + number % 2}-{number:05d}"
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": f"{page_path(number)}#product",
        "name": name,
        "sku": f"GG-{number:05d}",
        "gtin13": gtin13(number),
        "category": _CATEGORIES[number % len(_CATEGORIES)],
        "dateModified": f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "version": str(1 + number % 5),
        "manufacturer": {
            "@type": "Organization",
            "@id": "/#org",
            "name": "Bench Power Electronics Co., Ltd.",
        },
        "additionalProperty": [
            {
                "@type": "PropertyValue",
                "propertyID": "hsCode",
                "name": "HS code",
                "value": "8504.40",
            },
            {
                "@type": "PropertyValue",
                "name": "Recycled material content",
                "value": 10 + number % 30,
                "unitText": "%",
            },
        ],
        "hasCertification": {
            "@type": "Certification",
            "name": "Responsible sourcing of raw materials (ESG origin audit)",
            "about": {
                "@type": "Thing",
                "name": "Raw material origin: copper, aluminium, silicon steel",
            },
            "certificationIdentification": code,
            "issuedBy": {
                "@type": "Organization",
                "name": issuer,
                "url": "https://certification.example.org/",
            },
            "validFrom": "2026-02-01",
            "expires": "2029-01-31",
            "certificationStatus": "CertificationActive",
            "url": f"https://certification.example.org/register/{code.lower()}.html",
        },
    }


def _footprint_property(number: int) -> dict[str, Any]:
    return {
        "@type": "PropertyValue",
        "propertyID": "carbonFootprint",
        "name": "Product carbon footprint (ISO 14067)",
        "value": 200 + (number * 37) % 900,
        "unitText": "kg CO2e per piece",
        "description": "Cradle-to-gate footprint per unit, ISO 14067:2018",
    }


def _pact(number: int, name: str) -> dict[str, Any]:
    total = 1000 + (number * 131) % 20000
    return {
        "@context": {"@vocab": "https://wbcsd.github.io/pact/v3#"},
        "id": f"5b2e9c41-7d3a-4f6e-8b1c-{number:012d}",
        "specVersion": "3.0.0",
        "version": 1 + number % 5,
        "created": "2026-06-01T00:00:00Z",
        "status": "Active",
        "companyName": "Bench Power Electronics Co., Ltd.",
        "companyIds": ["urn:company:bench-power"],
        "productDescription": name,
        "productIds": [f"urn:gtin:{gtin13(number)}"],
        "productNameCompany": f"GG-{number:05d}",
        "pcf": {
            "declaredUnitOfMeasurement": "piece",
            "declaredUnitAmount": "1",
            "referencePeriodStart": "2026-01-01T00:00:00Z",
            "referencePeriodEnd": "2026-12-31T23:59:59Z",
            "geographyCountry": "CN",
            "boundaryProcessesDescription": "Cradle to gate: materials and assembly.",
            "pcfExcludingBiogenicUptake": str(total),
            "pcfIncludingBiogenicUptake": str(total),
            "ipccCharacterizationFactors": ["AR6"],
            "crossSectoralStandards": ["ISO14067"],
            "secondaryEmissionFactorSources": [
                {"name": "ecoinvent", "version": "3.11"}
            ],
            "primaryDataShare": str(30 + number % 60),
            "scope1": str(total // 30),
            "scope2": str(total // 8),
            "assurance": {
                "assurance": True,
                "coverage": "product level",
                "level": "limited",
                "boundary": "Cradle-to-Gate",
                "providerName": "DNV",
                "completedAt": "2026-06-20T00:00:00Z",
                "standardName": "ISO 14064-3",
            },
            "gridMix": f"{_GRIDS[number % len(_GRIDS)]}, location-based",
        },
    }


def _menu() -> str:
    items = "".join(
        f'<li><span class="c-{i}">{category}</span></li>'
        for i, category in enumerate(_CATEGORIES)
    )
    menu = f'<nav class="menu"><a href="/">Home</a><ul>{items}</ul></nav>'
    return f"<header>{menu}</header>"


def _breadcrumbs(number: int, name: str) -> str:
    """Return microdata breadcrumbs: Home, then the page itself."""
    crumbs = [("/", "Home")] + ([] if number == 0 else [(page_path(number), name)])
    items = "".join(
        '<li itemprop="itemListElement" itemscope'
        ' itemtype="https://schema.org/ListItem">'
        f'<a itemprop="item" href="{href}"><span itemprop="name">{label}</span></a>'
        f'<meta itemprop="position" content="{position}"></li>'
        for position, (href, label) in enumerate(crumbs, start=1)
    )
    return (
        '<ol class="breadcrumbs" itemscope'
        f' itemtype="https://schema.org/BreadcrumbList">{items}</ol>'
    )


def _related(number: int, total: int) -> str:
    cards = "".join(
        f'<li class="card"><a href="{page_path(n)}">'
        f'<img src="/assets/p-{n:05d}.jpg" alt="">{_product_name(n)}</a></li>'
        for n in links_of(number, total)
    )
    title = "<h2>Series and related products</h2>"
    return f'<section class="related">{title}<ul>{cards}</ul></section>'


def _section(rng: random.Random, paragraphs: list[str], index: int) -> str:
    """Return one block of page text: description, specifications or reviews."""
    kind = index % 3
    if kind == 0:
        text = "".join(f"<p>{rng.choice(paragraphs)}</p>" for _ in range(4))
        return f'<section class="description c-{index % _CSS_RULES}">{text}</section>'
    if kind == 1:
        rows = "".join(
            f"<tr><th>{rng.choice(_WORDS)} {rng.choice(_WORDS)}</th>"
            f"<td>{rng.randint(1, 999)}.{rng.randint(0, 9)}"
            f" {rng.choice(_WORDS)}</td></tr>"
            for _ in range(30)
        )
        return f'<table class="specs"><tbody>{rows}</tbody></table>'
    reviews = "".join(
        f'<blockquote class="review"><p>{rng.choice(paragraphs)[:400]}</p>'
        f"<footer>Customer {rng.randint(100, 999)}</footer></blockquote>"
        for _ in range(3)
    )
    return f'<section class="reviews">{reviews}</section>'


def _footer() -> str:
    legal = " ".join(["All rights reserved. Specifications may change."] * 20)
    return f'<footer class="site"><p>{legal}</p><p>Bench Power Electronics</p></footer>'


def main(argv: list[str] | None = None) -> int:
    """Write the site named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int, help="HTML pages, home page included")
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    write_site(args.pages, args.outdir)
    print(f"wrote {args.pages} pages to {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
