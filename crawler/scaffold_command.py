"""``greengate scaffold``: JSON-LD, snippets and previews from a product table.

Exit status: 0 when the files were written (gaps in rows are warnings, on
stderr and in ``scaffold-report.json``); 2 when the table cannot be used
(missing file, not CSV/XLSX, no ``product_id`` column), a pack is unknown or
a template cannot be loaded or rendered.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.exitcodes import EXIT_OK, EXIT_USAGE

__all__ = ["add_command"]


def add_command(commands: Any) -> None:
    """Add the ``scaffold`` subcommand to the ``greengate`` subparsers."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "scaffold",
        help="generate compliant JSON-LD from a product table (CSV or XLSX)",
        description="Write <id>.jsonld, <id>.snippet.html and <id>.html for each"
        " product of the table, an index.html and scaffold-report.json; report"
        " the rule IDs each missing value would fail.",
    )
    parser.add_argument(
        "table", type=Path, metavar="PRODUCTS.csv|PRODUCTS.xlsx", help="product table"
    )
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument(
        "--rules",
        type=lambda v: tuple(p.strip() for p in v.split(",") if p.strip()),
        metavar="PACK[,PACK]",
        help="packs whose rules the gap report names (default all)",
    )
    parser.add_argument(
        "--rules-dir", type=Path, action="append", default=[], help="user packs"
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="templates replacing the bundled ones of the same file name"
        " (snippet.html.j2, product.html.j2, index.html.j2)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Scaffold the table; print gaps as warnings; return the exit status."""
    from reports.scaffold import REPORT_FILE, TableError, TemplateProblem, Templates
    from reports.scaffold import scaffold as generate
    from rules.loader import PackError, load_packs

    try:
        packs = load_packs(args.rules, tuple(args.rules_dir))
        result = generate(args.table, args.out, packs, Templates(args.templates))
    except (TableError, TemplateProblem, PackError) as exc:
        print(f"greengate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for column in result.unknown_columns:
        print(f"greengate: warning: unknown column {column!r} ignored", file=sys.stderr)
    for gap in result.gaps:
        print(f"greengate: warning: {gap.describe()}", file=sys.stderr)
    print(
        f"Scaffolded {len(result.products)} product(s) into {args.out}"
        f" ({len(result.gaps)} gap(s); see {args.out / REPORT_FILE})"
    )
    return EXIT_OK
