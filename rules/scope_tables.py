"""The scope tables as data: loading, validating and overriding them.

The bundled tables live in ``rules/packs/scope-tables.yaml`` and are checked
against ``rules/scope.schema.json``; a user file may replace any of their
sections (``g7``, ``rcep``, ``materials``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]
import yaml


class ScopeTableError(ValueError):
    """A scope-table file is unreadable or does not have the expected shape."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MaterialClass:
    """A material family of the materials-passport pack."""

    name: str
    hs_prefixes: tuple[str, ...]
    keywords: tuple[str, ...]
    anchored_factors: bool = False  # MDP-EF-01 applies to it


@dataclass(frozen=True, slots=True, kw_only=True)
class ScopeTables:
    """The scope tables of every pack, as loaded and validated."""

    g7_headings: frozenset[str]
    g7_keywords: tuple[str, ...]
    g7_intermediate_hs: tuple[str, ...]
    g7_intermediate_keywords: tuple[str, ...]
    rcep_categories: Mapping[str, frozenset[str]]
    material_classes: tuple[MaterialClass, ...]


@cache
def default_scope_tables() -> ScopeTables:
    """Return the bundled scope tables (read once per process)."""
    data = yaml.safe_load(_bundled_text())
    return _build(_validated(data, "rules/packs/scope-tables.yaml"))


def load_scope_tables(path: Path | None = None) -> ScopeTables:
    """Return the scope tables, with sections of ``path`` replacing the defaults.

    Args:
        path: a YAML file with any of the sections ``g7``, ``rcep``,
            ``materials``; ``None`` returns the bundled tables.

    Raises:
        ScopeTableError: the file cannot be read or has the wrong shape.
    """
    if path is None:
        return default_scope_tables()
    base = yaml.safe_load(_bundled_text())
    try:
        user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ScopeTableError(f"{path}: cannot read scope tables: {exc}") from exc
    if not isinstance(user, dict):
        raise ScopeTableError(f"{path}: scope tables must be a mapping")
    return _build(_validated({**base, **user}, str(path)))


def _validated(data: Any, name: str) -> dict[str, Any]:
    schema = json.loads(
        resources.files("rules").joinpath("scope.schema.json").read_text("utf-8")
    )
    # The merged data is validated, so a user file is checked in context.
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        raise ScopeTableError(f"{name}: {where}: {exc.message}") from exc
    result: dict[str, Any] = data
    return result


def _build(data: dict[str, Any]) -> ScopeTables:
    g7, rcep, materials = data["g7"], data["rcep"], data["materials"]
    return ScopeTables(
        g7_headings=frozenset(g7["hs_headings"]),
        g7_keywords=tuple(g7["keywords"]),
        g7_intermediate_hs=tuple(g7.get("intermediate_hs", ())),
        g7_intermediate_keywords=tuple(g7.get("intermediate_keywords", ())),
        rcep_categories=MappingProxyType(
            {k: frozenset(v) for k, v in rcep["categories"].items()}
        ),
        material_classes=tuple(
            MaterialClass(
                name=c["name"],
                hs_prefixes=tuple(c["hs_prefixes"]),
                keywords=tuple(c["keywords"]),
                anchored_factors=bool(c.get("anchored_factors", False)),
            )
            for c in materials["classes"]
        ),
    )


def _bundled_text() -> str:
    path = resources.files("rules").joinpath("packs/scope-tables.yaml")
    return path.read_text(encoding="utf-8")
