"""The ``greengate`` command line.

Exit status (scripts rely on it, Scrapy's own exit status does not tell):

* 0: every supplier was screened and the report written;
* 2: the command line or an input file is wrong (nothing was screened);
* 3: the report was written, but at least one supplier could not be
  screened at all (verdict ``unreachable``);
* 4: greengate failed internally; the message says where.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import __version__
from crawler.output import Progress, print_summary, write_reports
from crawler.settings import DEFAULT_MAX_DEPTH, DEFAULT_MAX_LINKED, DEFAULT_MAX_PAGES
from crawler.spiders.supplier import Budget
from crawler.suppliers import SupplierListError, SupplierSpec, from_urls, read_csv

if TYPE_CHECKING:
    from crawler.screening import ScreenOptions

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_INTERNAL = 4


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except (SupplierListError, InputError) as exc:
        print(f"greengate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `greengate rules list | head`: the reader left
        sys.stderr.close()
        return EXIT_OK
    return status


class InputError(ValueError):
    """A command-line value or input file is wrong; the message says which."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="greengate",
        description="Screen supplier websites for machine-readable sustainability "
        "disclosures (G7 green procurement whitelist, RCEP Green e-CO, material "
        "passports).",
    )
    parser.add_argument(
        "--version", action="version", version=f"greengate {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    scan = commands.add_parser("scan", help="crawl and screen supplier sites")
    scan.add_argument(
        "urls", nargs="*", metavar="URL", help="start URL of a supplier site"
    )
    scan.add_argument(
        "--suppliers",
        type=Path,
        metavar="FILE.csv",
        help="supplier list: columns name, url, optional hs_codes, profiles",
    )
    _crawl_options(scan)
    _screen_options(scan)
    scan.set_defaults(run=_run_scan)

    demo = commands.add_parser("demo", help="screen the bundled demo suppliers")
    _screen_options(demo)
    demo.set_defaults(run=_run_demo)

    check = commands.add_parser("check", help="screen saved pages or JSON-LD offline")
    check.add_argument(
        "files", nargs="+", metavar="FILE", help="a .html/.jsonld file, or -"
    )
    _screen_options(check)
    check.set_defaults(run=_run_check)

    rules = commands.add_parser("rules", help="list or explain the rules")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True)
    listing = rules_commands.add_parser("list", help="table of every rule")
    listing.add_argument("--rules", type=_pack_list, metavar="PACK[,PACK]")
    listing.add_argument("--rules-dir", type=Path, action="append", default=[])
    listing.set_defaults(run=_run_rules_list)
    explain = rules_commands.add_parser("explain", help="explain one rule")
    explain.add_argument("rule_id", metavar="ID")
    explain.add_argument(
        "--fix", action="store_true", help="print the JSON-LD a page needs"
    )
    explain.add_argument("--rules-dir", type=Path, action="append", default=[])
    explain.set_defaults(run=_run_rules_explain)
    return parser


def _crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST_OR_CIDR",
        help="let links reach this loopback/private host or range",
    )
    parser.add_argument(
        "--max-pages",
        type=_positive,
        default=DEFAULT_MAX_PAGES,
        help=f"pages per supplier (default {DEFAULT_MAX_PAGES})",
    )
    parser.add_argument(
        "--max-depth",
        type=_positive,
        default=DEFAULT_MAX_DEPTH,
        help=f"link depth from the start URL (default {DEFAULT_MAX_DEPTH})",
    )
    parser.add_argument(
        "--max-linked",
        type=_positive,
        default=DEFAULT_MAX_LINKED,
        help="linked records (traceability, endpoints) per supplier "
        f"(default {DEFAULT_MAX_LINKED})",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per download (default 30)"
    )


def _screen_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("greengate-report"),
        help="report directory (default ./greengate-report)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=date.today(),
        metavar="YYYY-MM-DD",
        help="inspection date (default today)",
    )
    parser.add_argument(
        "--rules",
        type=_pack_list,
        metavar="PACK[,PACK]",
        help="rule packs to run (default all)",
    )
    parser.add_argument(
        "--rules-dir",
        type=Path,
        action="append",
        default=[],
        help="directory of extra or overriding rule packs",
    )
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        choices=["jp", "de"],
        help="country profile (repeatable)",
    )
    parser.add_argument(
        "--scope-force",
        type=_pack_list,
        default=(),
        metavar="PACK[,PACK]",
        help="treat every product as in scope of these packs",
    )
    parser.add_argument(
        "--context",
        action="append",
        default=[],
        type=_context,
        metavar="URL=FILE",
        help="a JSON-LD context to use offline",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def _run_scan(args: argparse.Namespace) -> int:
    suppliers = _suppliers(args)
    if not suppliers:
        raise InputError("nothing to scan: give URLs or --suppliers FILE.csv")
    return _screen_and_report(args, suppliers, allow_hosts=tuple(args.allow_host))


def _run_demo(args: argparse.Namespace) -> int:
    from crawler.demo import demo_suppliers, serve_demo

    with serve_demo() as sites:
        suppliers = demo_suppliers(sites)
        print(f"Serving {len(suppliers)} demo suppliers on 127.0.0.1", file=sys.stderr)
        args.max_pages, args.max_depth, args.max_linked, args.timeout = 50, 4, 100, 10.0
        return _screen_and_report(args, suppliers, allow_hosts=("127.0.0.1",))


def _run_check(args: argparse.Namespace) -> int:
    from crawler.screening import Screener

    paths = [_readable(Path(f)) for f in args.files]
    run = Screener(_screen_options_from(args, ())).screen_files(paths)
    write_reports(run, args.out)
    print_summary(run, args.out)
    return EXIT_OK


def _screen_and_report(
    args: argparse.Namespace,
    suppliers: list[SupplierSpec],
    allow_hosts: tuple[str, ...],
) -> int:
    from crawler.screening import Screener

    screener = Screener(_screen_options_from(args, allow_hosts))
    progress = None if args.quiet else Progress(len(suppliers))
    run = screener.screen_sites(suppliers, progress)
    if progress is not None:
        progress.finish()
    write_reports(run, args.out)
    print_summary(run, args.out)
    if any(s.verdict == "unreachable" for s in run.suppliers):
        return EXIT_UNREACHABLE
    return EXIT_OK


def _screen_options_from(
    args: argparse.Namespace, allow_hosts: tuple[str, ...]
) -> ScreenOptions:
    from crawler.screening import ScreenOptions

    return ScreenOptions(
        as_of=args.as_of,
        packs=args.rules,
        rules_dirs=tuple(args.rules_dir),
        profiles=tuple(args.profile),
        scope_force=frozenset(args.scope_force),
        allow_hosts=allow_hosts,
        contexts=tuple(args.context),
        budget=Budget(
            max_pages=getattr(args, "max_pages", DEFAULT_MAX_PAGES),
            max_depth=getattr(args, "max_depth", DEFAULT_MAX_DEPTH),
            max_linked=getattr(args, "max_linked", DEFAULT_MAX_LINKED),
        ),
        timeout=getattr(args, "timeout", 30.0),
    )


def _run_rules_list(args: argparse.Namespace) -> int:
    from rules.explain import list_rules
    from rules.loader import load_packs

    rows = list_rules(load_packs(args.rules, tuple(args.rules_dir)))
    header = ("ID", "SEVERITY", "STATUS", "EFFECTIVE", "TITLE")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(4)]
    for row in (header, *rows):
        cells = [str(c).ljust(w) for c, w in zip(row[:4], widths, strict=True)]
        print("  ".join([*cells, str(row[4])]))
    return EXIT_OK


def _run_rules_explain(args: argparse.Namespace) -> int:
    from rules.explain import explain
    from rules.loader import find_rule, load_packs

    rule = find_rule(load_packs(None, tuple(args.rules_dir)), args.rule_id)
    if rule is None:
        raise InputError(f"no rule {args.rule_id!r}; see 'greengate rules list'")
    print(explain(rule, fix=args.fix))
    return EXIT_OK


def _suppliers(args: argparse.Namespace) -> list[SupplierSpec]:
    profiles = tuple(args.profile)
    specs = read_csv(args.suppliers, profiles) if args.suppliers else []
    return specs + from_urls(list(args.urls), profiles)


def _readable(path: Path) -> Path:
    if str(path) == "-":
        import tempfile

        data = sys.stdin.buffer.read()
        suffix = ".jsonld" if data.lstrip()[:1] in (b"{", b"[") else ".html"
        with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
            handle.write(data)
        return Path(handle.name)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return path


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (YYYY-MM-DD)"
        ) from None


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _pack_list(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


def _context(value: str) -> tuple[str, Path]:
    url, sep, file = value.partition("=")
    if not sep or not url or not file:
        raise argparse.ArgumentTypeError("expected URL=FILE")
    path = Path(file)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{file}: no such file")
    return url, path


if __name__ == "__main__":
    sys.exit(main())
