"""The files ``greengate check`` screens: named files and built static sites.

A directory is walked for ``*.html``, ``*.htm``, ``*.jsonld`` and ``*.json``
files (hidden files and directories skipped, symbolic links to directories
not followed), in a stable order. Each file gets the URL it is screened
under: its ``file:`` URL, or, with ``--base-url``, the URL the directory is
published at joined with the file's path inside it, so that the links
between the site's pages (alternate JSON-LD endpoints, for instance) lead to
files that were screened. Nothing is fetched either way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

__all__ = [
    "SCREENED_SUFFIXES",
    "LocalFile",
    "SiteFilesError",
    "base_url",
    "local_files",
]

SCREENED_SUFFIXES = (".html", ".htm", ".jsonld", ".json")
"""The kinds of file a directory check screens."""


class SiteFilesError(ValueError):
    """A path or base URL cannot be screened; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalFile:
    """A file to screen and the URL it is screened under."""

    path: Path
    url: str


def base_url(value: str) -> str:
    """Return a ``--base-url`` value with a trailing slash, or raise."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SiteFilesError(f"{value!r} is not an http(s) URL")
    return value if value.endswith("/") else value + "/"


def local_files(paths: Sequence[Path], base: str | None = None) -> list[LocalFile]:
    """Return the files to screen for the paths given on the command line.

    Args:
        paths: files and directories.
        base: the URL each directory (or a named file's directory) is
            published at, ending in ``/``; ``None`` gives ``file:`` URLs.

    Raises:
        SiteFilesError: a path does not exist, or a directory holds no file
            of a screened kind.
    """
    found: list[LocalFile] = []
    for path in paths:
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                kinds = ", ".join(f"*{s}" for s in SCREENED_SUFFIXES)
                raise SiteFilesError(f"{path}: no {kinds} files in it")
            found += [LocalFile(path=f, url=_url(f, path, base)) for f in files]
        elif path.is_file():
            found.append(LocalFile(path=path, url=_url(path, path.parent, base)))
        else:
            raise SiteFilesError(f"{path}: no such file or directory")
    return list({f.url: f for f in found}.values())


def _walk(root: Path) -> Iterator[Path]:
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SCREENED_SUFFIXES):
                yield Path(current) / name


def _url(path: Path, root: Path, base: str | None) -> str:
    if base is None:
        return path.resolve().as_uri()
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    return base + quote(relative)
