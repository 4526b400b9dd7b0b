"""Command-line value parsers shared by the ``greengate`` subcommands."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(value: str) -> date:
    """Parse ``YYYY-MM-DD``; a clear usage error otherwise."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (YYYY-MM-DD)"
        ) from None


def positive(value: str) -> int:
    """Parse a whole number, 1 or more."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def positive_seconds(value: str) -> float:
    """Parse a number of seconds, more than 0."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return seconds


def add_processes_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--processes N``: the page pool's size (:mod:`crawler.pool`)."""
    parser.add_argument(
        "--processes",
        type=process_count,
        default=None,
        metavar="N",
        help="worker processes that read the fetched pages (default: one per CPU"
        " core, none on a single core; 0: read them in the crawl's own process)",
    )


def process_count(text: str) -> int:
    """Parse a ``--processes`` value: a whole number, 0 or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {count}")
    return count


def processes(args: argparse.Namespace) -> int:
    """Return the ``--processes`` asked for, or this machine's default."""
    from crawler.pool import default_processes

    count: int | None = getattr(args, "processes", None)
    return default_processes() if count is None else count
