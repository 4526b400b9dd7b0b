"""Where the history lives: the default path, ``GREENGATE_STORE``, store URLs.

A store spec is either a file path (SQLite) or a ``postgresql://`` URL. With
no spec, ``$GREENGATE_STORE`` is used when set, else the default file
``$XDG_DATA_HOME/greengate/history.sqlite3`` (``XDG_DATA_HOME`` defaults to
``~/.local/share``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from reports.history.errors import StoreUnavailableError

if TYPE_CHECKING:
    from reports.history.store import HistoryStore

__all__ = [
    "ENV_VAR",
    "default_path",
    "is_url",
    "open_store",
    "redact_url",
    "store_spec",
]

ENV_VAR = "GREENGATE_STORE"
"""Environment variable naming the store when ``--store`` is not given."""

_POSTGRES_SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_QUERY_PASSWORD = re.compile(r"((?:^|&)password=)[^&]*", re.IGNORECASE)


def default_path() -> Path:
    """Return the default SQLite file, following the XDG base directory spec.

    Raises:
        StoreUnavailableError: neither ``XDG_DATA_HOME`` nor a home directory
            is known.
    """
    data_home = os.environ.get("XDG_DATA_HOME", "").strip()
    if data_home:
        return Path(data_home) / "greengate" / "history.sqlite3"
    try:
        home = Path.home()
    except RuntimeError:
        raise StoreUnavailableError(
            "no home directory for the default history store:"
            f" give --store, or set {ENV_VAR} or XDG_DATA_HOME"
        ) from None
    return home / ".local" / "share" / "greengate" / "history.sqlite3"


def store_spec(spec: str | Path | None) -> str | Path:
    """Return the spec to use: ``spec``, else ``$GREENGATE_STORE``, else the default."""
    if spec is not None and str(spec).strip():
        return spec
    from_env = os.environ.get(ENV_VAR, "").strip()
    return from_env or default_path()


def is_url(spec: str | Path) -> bool:
    """Return whether ``spec`` is a URL rather than a file path."""
    return isinstance(spec, str) and bool(_URL.match(spec))


def open_store(spec: str | Path | None = None, *, create: bool = True) -> HistoryStore:
    """Open the history store that ``spec`` names.

    Args:
        spec: a SQLite file path, a ``postgresql://`` URL, or ``None`` for
            ``$GREENGATE_STORE`` or the default file.
        create: make the store (file, tables) when it does not exist yet;
            with ``False`` a missing store is an error (for read-only commands).

    Returns:
        An open store; close it when done.

    Raises:
        StoreUnavailableError: the store cannot be opened; the message says why.
        SchemaTooNewError: a newer greengate wrote the store.
    """
    chosen = store_spec(spec)
    if is_url(chosen):
        url = str(chosen)
        scheme = urlsplit(url).scheme.lower()
        if scheme not in _POSTGRES_SCHEMES:
            raise StoreUnavailableError(
                f"{redact_url(url)}: unsupported store; give a file path"
                " or a postgresql:// URL"
            )
        from reports.history.postgres import PostgresStore

        return PostgresStore(url, create=create)
    from reports.history.sqlite import SqliteStore

    return SqliteStore(Path(chosen).expanduser(), create=create)


def redact_url(url: str) -> str:
    """Return ``url`` with any password (user info or query) replaced by ``***``."""
    parts = urlsplit(url)
    query = _QUERY_PASSWORD.sub(r"\1***", parts.query)
    netloc = parts.netloc
    if parts.password is not None:
        host = netloc.rsplit("@", 1)[1]
        netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit(parts._replace(netloc=netloc, query=query))
