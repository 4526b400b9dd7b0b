"""The ``greengate`` command line.

Exit status (scripts rely on it, Scrapy's own exit status does not tell):

* 0: every supplier was screened and the report written;
* 2: the command line or an input file is wrong (nothing was screened),
  or the inspection history (``--store``) cannot be used or has no such run;
* 3: the report was written, but at least one supplier could not be
  screened at all (verdict ``unreachable``);
* 4: greengate failed internally; the message says where;
* 5: ``--fail-on SEVERITY`` was given and the report was written, but at
  least one finding fails at that severity or above and no suppression in
  force (``--suppressions``) covers it;
* 130: ``scan`` was stopped (Ctrl-C, SIGTERM) before its crawl finished:
  nothing was reported or recorded; the same command with ``--resume``
  continues it (see :mod:`crawler.scan_resume`).

When several apply, the first in this order wins: 2, 4, 3, 5 (a screening
that could not reach a supplier is incomplete, and says so before the gate
does; both are non-zero, so a CI gate fails either way, and the gate's own
count is still printed on stderr).

``greengate verify`` has its own (see :mod:`crawler.verify_command`): 0 the
credential verified (and its issuer is trusted, with ``--trusted-issuer``),
1 it did not (a check failed or could not be decided), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import __version__
from crawler.argtypes import (
    add_processes_option,
    iso_date,
    positive,
    positive_seconds,
    processes,
)
from crawler.exitcodes import (
    EXIT_FAIL_ON,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
)
from crawler.fleet.command import add_scan_options as add_frontier_options
from crawler.fleet.command import add_worker_command
from crawler.inspections import STORE_HELP, check_store, record_run
from crawler.inspections import add_commands as add_history_commands
from crawler.output import Progress, print_summary, write_reports
from crawler.scaffold_command import add_command as add_scaffold_command
from crawler.scan_resume import add_options as add_resume_options
from crawler.settings import DEFAULT_MAX_DEPTH, DEFAULT_MAX_LINKED, DEFAULT_MAX_PAGES
from crawler.spiders.supplier import Budget
from crawler.suppliers import SupplierListError, SupplierSpec, from_urls, read_csv
from crawler.verify_command import add_command as add_verify_command
from crawler.workdir import WorkDirError
from reports.history import HistoryError
from reports.render import DEFAULT_FORMATS, FORMATS
from rules.model import Severity

if TYPE_CHECKING:
    from crawler.screening import ScreenOptions
    from reports.model import ScreeningRun
    from reports.suppressions import Suppression
    from rules.pack import Pack
    from rules.scope_tables import ScopeTables


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        status: int = args.run(args)
    except (SupplierListError, InputError, HistoryError, WorkDirError) as exc:
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
        help="supplier list: columns name, url, optional hs_codes, profiles, render",
    )
    _crawl_options(scan)
    _render_options(scan)
    add_processes_option(scan)
    _screen_options(scan)
    add_resume_options(scan)
    add_frontier_options(scan)
    scan.set_defaults(run=_run_scan)

    demo = commands.add_parser("demo", help="screen the bundled demo suppliers")
    _render_options(demo)
    add_processes_option(demo)
    _screen_options(demo)
    demo.set_defaults(run=_run_demo)

    check = commands.add_parser("check", help="screen saved pages or JSON-LD offline")
    check.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a .html/.htm/.jsonld/.json file, a directory of built static pages"
        " (screened as one supplier), or -",
    )
    check.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="the URL a checked directory is published at: files are screened"
        " under it, so links between them resolve (default: file: URLs)",
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
    add_history_commands(commands)
    add_scaffold_command(commands)
    add_verify_command(commands)
    add_worker_command(commands)
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
        type=positive,
        default=DEFAULT_MAX_PAGES,
        help=f"pages per supplier (default {DEFAULT_MAX_PAGES})",
    )
    parser.add_argument(
        "--max-depth",
        type=positive,
        default=DEFAULT_MAX_DEPTH,
        help=f"link depth from the start URL (default {DEFAULT_MAX_DEPTH})",
    )
    parser.add_argument(
        "--max-linked",
        type=positive,
        default=DEFAULT_MAX_LINKED,
        help="linked records (traceability, endpoints) per supplier "
        f"(default {DEFAULT_MAX_LINKED})",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per download (default 30)"
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="re-inspection cache: pages are revalidated with ETag/Last-Modified"
        " and unchanged ones not normalised again"
        " (default $XDG_CACHE_HOME/greengate, else ~/.cache/greengate)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="no re-inspection cache: fetch and normalise every page afresh",
    )


def _render_options(parser: argparse.ArgumentParser) -> None:
    from crawler.render.detect import RENDER_MODES

    parser.add_argument(
        "--render",
        choices=RENDER_MODES,
        default="auto",
        help="render pages with Chromium: auto (pages that need JavaScript, the"
        " default), always, or never (no browser)",
    )
    parser.add_argument(
        "--render-timeout",
        type=positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="seconds for a rendered page to load, and for its JSON-LD to appear"
        " (default 10)",
    )
    parser.add_argument(
        "--chromium",
        metavar="PATH",
        help="Chromium executable (default $GREENGATE_CHROMIUM or /usr/bin/chromium)",
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
        type=iso_date,
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
        "--trusted-issuer",
        action="append",
        default=[],
        metavar="NAME_OR_ID",
        help="a certification issuer you trust (repeatable); issuers not listed "
        "give warn (G7-ESG-03)",
    )
    parser.add_argument(
        "--network",
        action="append",
        default=[],
        metavar="NAME_DID_OR_HOST",
        help="recognise this traceability network besides Circulor, MineHub and "
        "the Rare Metal Chain (repeatable; G7-TRC-01)",
    )
    parser.add_argument(
        "--scope-tables",
        type=_scope_tables,
        metavar="FILE.yaml",
        help="HS-code and material scope tables replacing the bundled ones",
    )
    parser.add_argument(
        "--max-cfp-age",
        type=positive,
        default=12,
        metavar="MONTHS",
        help="oldest acceptable footprint update (G7-CFP-04, default 12)",
    )
    parser.add_argument(
        "--max-reference-age",
        type=positive,
        default=24,
        metavar="MONTHS",
        help="oldest acceptable reference period (RCEP-ECO-08, default 24)",
    )
    parser.add_argument(
        "--context",
        action="append",
        default=[],
        type=_context,
        metavar="URL=FILE",
        help="a JSON-LD context to use offline",
    )
    parser.add_argument(
        "--format",
        action="append",
        default=[],
        type=_format_list,
        metavar="FMT[,FMT]",
        help=f"report formats, repeatable: {', '.join(FORMATS)}"
        " (default json,html; report.json is always written)",
    )
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        metavar="SEVERITY",
        help="exit 5 when an unsuppressed finding fails at this severity or above"
        f" ({', '.join(s.value for s in Severity)})",
    )
    parser.add_argument(
        "--suppressions",
        type=Path,
        metavar="FILE.yaml",
        help="accepted findings (rule, url or url_regex, reason, expires):"
        " reported as suppressed, not counted by --fail-on",
    )
    parser.add_argument("--store", metavar="PATH|postgresql://...", help=STORE_HELP)
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def _run_scan(args: argparse.Namespace) -> int:
    suppliers = _suppliers(args)
    if not suppliers:
        raise InputError("nothing to scan: give URLs or --suppliers FILE.csv")
    if args.frontier is not None:
        return _run_distributed(args, suppliers)
    return _screen_and_report(
        args, suppliers, allow_hosts=tuple(args.allow_host), resumable=True
    )


def _run_distributed(args: argparse.Namespace, suppliers: list[SupplierSpec]) -> int:
    """Have ``greengate worker`` processes screen the suppliers; report as usual.

    The workers record each supplier in the store as they go, so the run is
    not recorded again here. A supplier no worker could screen is named on
    stderr and left out of the report (exit status 4). Stopped while waiting
    (Ctrl-C, SIGTERM), it takes its suppliers off the frontier (exit status 130).
    """
    from dataclasses import replace

    from crawler.fleet.command import DistributedUsageError, distribute_scan
    from crawler.inspections import command_line
    from rules.loader import load_packs

    if args.resume:
        raise InputError("--resume does not apply to a distributed scan (--frontier)")
    suppressions = _suppressions(args)
    args.as_of = args.as_of or date.today()
    # Workers keep their own caches: one cache directory is not shared safely.
    options = replace(
        _screen_options_from(args, tuple(args.allow_host)), cache_dir=None
    )
    packs = load_packs(options.packs, options.rules_dirs)
    try:
        outcome = distribute_scan(args, suppliers, options, packs, command_line(args))
    except DistributedUsageError as exc:
        raise InputError(str(exc)) from None
    if outcome is None:
        return EXIT_INTERRUPTED
    status = _report(args, outcome.run, packs, suppressions, record=False)
    return EXIT_INTERNAL if outcome.failed else status


def _run_demo(args: argparse.Namespace) -> int:
    from crawler.demo import demo_suppliers, serve_demo

    with serve_demo() as sites:
        suppliers = demo_suppliers(sites)
        print(f"Serving {len(suppliers)} demo suppliers on 127.0.0.1", file=sys.stderr)
        args.max_pages, args.max_depth, args.max_linked, args.timeout = 50, 4, 100, 10.0
        args.format = args.format or [FORMATS]  # the demo shows every format
        return _screen_and_report(args, suppliers, allow_hosts=("127.0.0.1",))


def _run_check(args: argparse.Namespace) -> int:
    from crawler.screening import Screener
    from crawler.sitefiles import SiteFilesError, local_files

    suppressions = _suppressions(args)
    check_store(args)
    named = [_readable(Path(f)) if f == "-" else Path(f) for f in args.files]
    try:
        files = local_files(named, args.base_url)
    except SiteFilesError as exc:
        raise InputError(str(exc)) from None
    screener = Screener(_screen_options_from(args, ()))
    run = screener.screen_files([f.path for f in files], [f.url for f in files])
    return _report(args, run, screener.packs, suppressions)


def _screen_and_report(
    args: argparse.Namespace,
    suppliers: list[SupplierSpec],
    allow_hosts: tuple[str, ...],
    *,
    resumable: bool = False,
) -> int:
    """Screen the suppliers and report; ``resumable`` keeps a work directory.

    The work directory (``scan`` only) is opened once the command line and the
    store have been checked, and removed only once the reports are written
    and the run recorded: a failure or a kill before that leaves it for
    ``--resume``.
    """
    from crawler.crawl import CrawlInterrupted
    from crawler.scan_resume import interrupted, open_work_dir
    from crawler.screening import Screener

    suppressions = _suppressions(args)
    check_store(args)
    work = open_work_dir(args, suppliers) if resumable else None
    try:
        screener = Screener(_screen_options_from(args, allow_hosts))
        progress = None if args.quiet else Progress(len(suppliers))
        run = screener.screen_sites(
            suppliers,
            progress,
            journal=work.journal if work else None,
            resume=work.resumed if work else None,
        )
        if progress is not None:
            progress.finish()
        status = _report(
            args, run, screener.packs, suppressions, once=bool(work and work.resumed)
        )
    except CrawlInterrupted as exc:
        assert work is not None  # only a journaled crawl raises it
        work.close()
        print(interrupted(work, exc.reason), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BaseException:
        if work is not None:
            work.close()
        raise
    if work is not None:
        if work.journal.failed is not None:
            print(
                "greengate: warning: the scan journal could not be written"
                f" ({work.journal.failed}); the scan could not have been resumed",
                file=sys.stderr,
            )
        work.finish()
    return status


def _report(
    args: argparse.Namespace,
    run: ScreeningRun,
    packs: Sequence[Pack],
    suppressions: tuple[Suppression, ...] | None,
    *,
    once: bool = False,
    record: bool = True,
) -> int:
    """Apply suppressions, write the reports, print the summary; return the status.

    ``once``: the run may be in the history already (see :func:`record_run`).
    ``record``: record the run with ``--store`` (a distributed scan's workers
    recorded it already).
    """
    from reports.gate import gate_failures
    from reports.suppressions import apply_suppressions

    if suppressions is not None:
        run = apply_suppressions(run, suppressions, str(args.suppressions))
        for entry in run.suppressions.expired if run.suppressions else ():
            print(
                f"greengate: warning: {entry.source}: suppression of {entry.rule}"
                f" ({entry.pattern}) expired on {entry.expires.isoformat()};"
                " its findings count again",
                file=sys.stderr,
            )
    formats = [f for group in args.format for f in group] or DEFAULT_FORMATS
    paths = write_reports(run, args.out, formats, packs)
    print_summary(run, args.out, paths=paths)
    if record:
        record_run(args, run, once=once)
    failing = []
    if args.fail_on is not None:
        failing = gate_failures(run, Severity(args.fail_on))
        if failing:
            print(
                f"greengate: --fail-on {args.fail_on}: {len(failing)} unsuppressed"
                f" failing finding(s) at {args.fail_on} or above",
                file=sys.stderr,
            )
    if any(s.verdict == "unreachable" for s in run.suppliers):
        return EXIT_UNREACHABLE
    return EXIT_FAIL_ON if failing else EXIT_OK


def _suppressions(args: argparse.Namespace) -> tuple[Suppression, ...] | None:
    """Read the suppression file before anything is screened (usage errors first)."""
    if args.suppressions is None:
        return None
    from reports.suppressions import SuppressionError, load_suppressions

    try:
        return load_suppressions(args.suppressions)
    except SuppressionError as exc:
        raise InputError(str(exc)) from None


def _screen_options_from(
    args: argparse.Namespace, allow_hosts: tuple[str, ...]
) -> ScreenOptions:
    from crawler.render.browser import RenderOptions
    from crawler.screening import ScreenOptions
    from rules.context import RuleSettings

    return ScreenOptions(
        as_of=args.as_of,
        packs=args.rules,
        rules_dirs=tuple(args.rules_dir),
        profiles=tuple(args.profile),
        scope_force=frozenset(args.scope_force),
        rule_settings=RuleSettings(
            trusted_issuers=tuple(args.trusted_issuer),
            extra_networks=tuple(args.network),
            max_cfp_age_months=args.max_cfp_age,
            max_reference_age_months=args.max_reference_age,
            scope_tables=args.scope_tables,
        ),
        allow_hosts=allow_hosts,
        contexts=tuple(args.context),
        budget=Budget(
            max_pages=getattr(args, "max_pages", DEFAULT_MAX_PAGES),
            max_depth=getattr(args, "max_depth", DEFAULT_MAX_DEPTH),
            max_linked=getattr(args, "max_linked", DEFAULT_MAX_LINKED),
        ),
        timeout=getattr(args, "timeout", 30.0),
        render=RenderOptions(
            mode=getattr(args, "render", "never"),
            timeout=getattr(args, "render_timeout", 10.0),
            chromium=getattr(args, "chromium", None),
        ),
        cache_dir=_cache_dir(args),
        processes=processes(args),
    )


def _cache_dir(args: argparse.Namespace) -> Path | None:
    """Return the re-inspection cache directory (``scan`` only), or ``None``."""
    if not hasattr(args, "no_cache") or args.no_cache:
        return None
    if args.cache_dir is not None:
        return Path(args.cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "greengate"


def _scope_tables(value: str) -> ScopeTables:
    from rules.scope_tables import ScopeTableError, load_scope_tables

    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{value}: no such file")
    try:
        return load_scope_tables(path)
    except ScopeTableError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


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


def _base_url(value: str) -> str:
    from crawler.sitefiles import SiteFilesError, base_url

    try:
        return base_url(value)
    except SiteFilesError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _format_list(value: str) -> tuple[str, ...]:
    names = tuple(n.strip().lower() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(value)}"
            f" (choose from {', '.join(FORMATS)})"
        )
    return names


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
