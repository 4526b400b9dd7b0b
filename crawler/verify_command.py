"""``greengate verify``: verify one verifiable credential from a file, stdin or URL.

Exit status: 0 when the credential verified (and, with ``--trusted-issuer``,
its verified issuer is on the list); 1 when it did not (a check failed, or
could not be decided: a resource could not be fetched, the time limit ran
out); 2 when the command line or the input is wrong (no such file, a
document holding no credential or several, ``--offline`` with a URL).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from crawler.argtypes import iso_date
from crawler.exitcodes import EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_NOT_VERIFIED", "add_command", "run"]

EXIT_NOT_VERIFIED = 1


def add_command(commands: Any) -> None:
    """Add the ``verify`` subcommand to the ``greengate`` subparsers."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "verify",
        help="verify one verifiable credential (file, - for stdin, or URL)",
        description="Verify a W3C verifiable credential: its structure, its"
        " proof (Data Integrity eddsa-rdfc-2022 / eddsa-jcs-2022, or a VC-JWT),"
        " the issuer's key, its validity dates and its status list entries."
        " did:web documents and status lists are fetched through the crawl's"
        " host guard.",
    )
    parser.add_argument(
        "source",
        metavar="FILE|URL|-",
        help="a credential (JSON, enveloped or compact VC-JWT), or a page that"
        " embeds exactly one",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the verdict and checks as JSON"
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=date.today(),
        metavar="YYYY-MM-DD",
        help="judge validity at the end of this day, UTC (default today)",
    )
    parser.add_argument(
        "--trusted-issuer",
        action="append",
        default=[],
        metavar="DID_URL_OR_DOMAIN",
        help="an issuer you trust, by id or did:web domain (repeatable); a"
        " verified credential from anyone else does not pass",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST_OR_CIDR",
        help="let the resources the credential names reach this loopback or"
        " private host or range",
    )
    parser.add_argument(
        "--resource",
        action="append",
        default=[],
        type=_resource,
        metavar="URL=FILE",
        help="use FILE as the document at URL (a DID document or status list)"
        " instead of fetching it (repeatable)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="fetch nothing: resources not given with --resource stay unchecked",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per download (default 30)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify the credential, print the result, return the exit status."""
    from crawler.verification import (
        DocumentError,
        fetch_and_verify,
        render_json,
        render_text,
    )

    source: str = args.source
    url = document = None
    if source == "-":
        document, source = sys.stdin.buffer.read(), "<stdin>"
    elif re.match(r"https?://", source, flags=re.IGNORECASE):
        url = source
    elif Path(source).is_file():
        document = Path(source).read_bytes()
    else:
        return _usage(f"{source}: no such file")
    if url is not None and args.offline:
        return _usage("--offline cannot fetch a URL; give a file or -")
    try:
        report = fetch_and_verify(
            source=source,
            url=url,
            document=document,
            given=dict(args.resource),
            as_of=args.as_of,
            trusted_issuers=tuple(args.trusted_issuer),
            allow_hosts=tuple(args.allow_host),
            timeout=args.timeout,
            offline=args.offline,
        )
    except DocumentError as exc:
        return _usage(str(exc))
    print(render_json(report) if args.json else render_text(report))
    return EXIT_OK if report.verified else EXIT_NOT_VERIFIED


def _usage(message: str) -> int:
    print(f"greengate: {message}", file=sys.stderr)
    return EXIT_USAGE


def _resource(value: str) -> tuple[str, bytes]:
    url, sep, file = value.partition("=")
    if not sep or not url or not file:
        raise argparse.ArgumentTypeError("expected URL=FILE")
    path = Path(file)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{file}: no such file")
    return url, path.read_bytes()
