"""The supplier list: who to screen, where to start, and per-supplier options."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler.render.detect import RENDER_MODES, RenderMode

REQUIRED_COLUMNS = ("name", "url")


class SupplierListError(ValueError):
    """The supplier list cannot be read; the message names the file and row."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplierSpec:
    """One supplier to screen."""

    id: str
    name: str
    url: str
    hs_codes: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    render: RenderMode = "auto"  # the supplier list's hint; --render always/never win


def supplier_id(name: str, url: str) -> str:
    """Return a stable, readable identifier: the host plus a slug of the name."""
    host = urlsplit(url).netloc.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug}@{host}" if slug else host


def from_urls(urls: list[str], profiles: tuple[str, ...] = ()) -> list[SupplierSpec]:
    """Return one supplier per start URL, named after its host."""
    specs = []
    for url in urls:
        _check_url(url, where="command line")
        host = urlsplit(url).netloc
        specs.append(
            SupplierSpec(id=supplier_id("", url), name=host, url=url, profiles=profiles)
        )
    return specs


def read_csv(path: Path, profiles: tuple[str, ...] = ()) -> list[SupplierSpec]:
    """Read a supplier CSV (columns name, url, optional hs_codes, profiles, render).

    ``hs_codes`` and ``profiles`` hold several values separated by ``;``, ``,``
    or spaces; ``render`` is ``auto`` (or empty), ``always`` or ``never``.
    Raises :class:`SupplierListError` naming the file and row.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SupplierListError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_csv(text, str(path), profiles)


def parse_csv(
    text: str, path: str, profiles: tuple[str, ...] = ()
) -> list[SupplierSpec]:
    """Parse supplier CSV text; ``path`` names the source in error messages."""
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip().lower() for c in reader.fieldnames or ()]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise SupplierListError(f"{path}: missing column(s) {', '.join(missing)}")
    specs: list[SupplierSpec] = []
    seen: set[str] = set()
    for row_number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        spec = _spec_from_row(row, f"{path}, row {row_number}", profiles)
        if spec.id in seen:
            raise SupplierListError(f"{path}, row {row_number}: duplicate {spec.id}")
        seen.add(spec.id)
        specs.append(spec)
    return specs


def _spec_from_row(
    row: dict[str, str], where: str, profiles: tuple[str, ...]
) -> SupplierSpec:
    name, url = row.get("name", ""), row.get("url", "")
    if not name:
        raise SupplierListError(f"{where}: the name is empty")
    _check_url(url, where=where)
    own_profiles = _split(row.get("profiles", ""))
    return SupplierSpec(
        id=supplier_id(name, url),
        name=name,
        url=url,
        hs_codes=tuple(re.sub(r"\D", "", c) for c in _split(row.get("hs_codes", ""))),
        profiles=tuple(dict.fromkeys((*profiles, *own_profiles))),
        render=_render_hint(row.get("render", ""), where),
    )


def _render_hint(value: str, where: str) -> RenderMode:
    hint = value.strip().lower() or "auto"
    for mode in RENDER_MODES:
        if hint == mode:
            return mode
    choices = ", ".join(RENDER_MODES)
    raise SupplierListError(f"{where}: render {value!r} is not one of {choices}")


def _split(value: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[;,\s]+", value) if p)


def _check_url(url: str, *, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SupplierListError(f"{where}: {url!r} is not an http(s) URL")
