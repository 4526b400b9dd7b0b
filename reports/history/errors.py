"""What can go wrong with the inspection history; every message says what to do."""

from __future__ import annotations

__all__ = [
    "NOTHING_RECORDED",
    "AppendOnlyError",
    "HistoryError",
    "SchemaTooNewError",
    "StoreUnavailableError",
    "UnknownRunError",
]


NOTHING_RECORDED = (
    "no inspection history recorded here yet"
    " (record a run with 'greengate scan --store ...')"
)
"""Why a read-only command found no store."""


class HistoryError(Exception):
    """A history store could not be used; the message says why."""


class StoreUnavailableError(HistoryError):
    """The store could not be opened: no such file, server down, bad URL."""


class SchemaTooNewError(HistoryError):
    """The store was written by a newer greengate with a newer schema."""


class UnknownRunError(HistoryError):
    """No run matches the id (or ``latest~N``) that was asked for."""


class AppendOnlyError(HistoryError):
    """Something tried to change or remove a recorded run."""
