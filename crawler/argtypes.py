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
