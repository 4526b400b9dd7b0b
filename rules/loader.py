"""Read rule packs from YAML, validate them, and apply user packs.

Every pack file is checked against ``rules/pack.schema.json``; a rule naming a
check that nobody registered is refused with the file and the name. A user
pack directory can add rules, change a rule's severity or effective date
(``overrides``) and disable rules by id (``disable``), without code.

``python -m rules.loader --check`` validates every pack (a pre-commit hook).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from rules._packfiles import PackError, read_pack
from rules.model import Rule, Severity
from rules.pack import Pack
from rules.scope import ScopeTableError, load_scope_tables

PACKS_DIR = Path(__file__).parent / "packs"
"""Where the built-in packs live (package data)."""

__all__ = ["PACKS_DIR", "Pack", "PackError", "find_rule", "load_pack", "load_packs"]


def builtin_packs() -> dict[str, Path]:
    """Return the built-in pack directories by pack id (directory name)."""
    return {
        d.name: d
        for d in sorted(PACKS_DIR.iterdir())
        if d.is_dir() and (d / "pack.yaml").is_file()
    }


def load_pack(directory: Path) -> Pack:
    """Read and validate one pack directory.

    Raises:
        PackError: a file is not valid YAML, does not match the schema, names
            an unknown check, or disagrees with its file name; the message
            lists every problem with its file.
    """
    pack, _, errors = read_pack(directory)
    if errors or pack is None:
        raise PackError("\n".join(errors) or f"{directory}: cannot read pack")
    return pack


def load_packs(
    names: Sequence[str] | None, extra_dirs: Sequence[Path] = ()
) -> tuple[Pack, ...]:
    """Load built-in packs by id (all when ``names`` is None) plus user packs.

    Args:
        names: built-in pack ids to load; ``None`` loads every built-in pack.
        extra_dirs: user pack directories (a directory with ``pack.yaml``, or
            one holding such directories). Their rules are added, and their
            ``overrides`` / ``disable`` apply to every loaded pack.

    Returns:
        The packs, built-ins first, with user changes applied.

    Raises:
        PackError: unknown pack id, invalid file, a reused rule id, or an
            override / disable naming a rule that no loaded pack has.
    """
    available = builtin_packs()
    wanted = list(available) if names is None else list(dict.fromkeys(names))
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise PackError(
            f"unknown pack(s) {', '.join(unknown)} (available: {', '.join(available)})"
        )
    dirs = [available[n] for n in wanted] + [
        d for e in extra_dirs for d in _pack_dirs(e)
    ]
    loaded = [read_pack(d) for d in dirs]
    errors = [e for _, _, errs in loaded for e in errs]
    if errors:
        raise PackError("\n".join(errors))
    packs = [p for p, _, _ in loaded if p is not None]
    _refuse_reused_ids(packs)
    changes = [(d, manifest) for d, (_, manifest, _) in zip(dirs, loaded, strict=True)]
    return tuple(_apply_changes(packs, changes))


def find_rule(packs: Sequence[Pack], rule_id: str) -> Rule | None:
    """Return the rule with this id (or alias) in any pack, or ``None``."""
    return next((r for p in packs if (r := p.rule(rule_id)) is not None), None)


def _pack_dirs(path: Path) -> list[Path]:
    if (path / "pack.yaml").is_file():
        return [path]
    if not path.is_dir():
        raise PackError(f"{path}: not a pack directory (no pack.yaml)")
    found = sorted(d for d in path.iterdir() if (d / "pack.yaml").is_file())
    if not found:
        raise PackError(f"{path}: no pack.yaml in it or in its subdirectories")
    return found


def _refuse_reused_ids(packs: Sequence[Pack]) -> None:
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            for name in (rule.id, *rule.aliases):
                if name in seen:
                    raise PackError(
                        f"rule id {name} of pack {pack.id} is already used by pack"
                        f" {seen[name]}: change a rule with 'overrides',"
                        " never reuse an id"
                    )
                seen[name] = pack.id


def _apply_changes(
    packs: list[Pack], changes: list[tuple[Path, dict[str, Any]]]
) -> list[Pack]:
    overrides: dict[str, dict[str, Any]] = {}
    disabled: set[str] = set()
    for directory, manifest in changes:
        where = directory / "pack.yaml"
        for rule_id, change in manifest.get("overrides", {}).items():
            _known(packs, rule_id, where, "overrides")
            overrides.setdefault(rule_id, {}).update(change)
        for rule_id in manifest.get("disable", ()):
            _known(packs, rule_id, where, "disable")
            disabled.add(rule_id)
    return [
        replace(
            p,
            rules=tuple(
                _changed(r, overrides.get(r.id), r.id in disabled) for r in p.rules
            ),
        )
        for p in packs
    ]


def _known(packs: Sequence[Pack], rule_id: str, where: Path, key: str) -> None:
    if find_rule(packs, rule_id) is None:
        raise PackError(
            f"{where}: {key} names rule {rule_id}, which no loaded pack has"
        )


def _changed(rule: Rule, change: dict[str, Any] | None, off: bool) -> Rule:
    if change is None and not off:
        return rule
    change = change or {}
    effective = change.get("effective", rule.effective)
    return replace(
        rule,
        severity=Severity(change.get("severity", rule.severity)),
        effective=date.fromisoformat(effective)
        if isinstance(effective, str)
        else effective,
        status=change.get("status", rule.status),
        enabled=rule.enabled and not off,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Validate every pack (and scope tables); return 0 when all are valid."""
    parser = argparse.ArgumentParser(prog="python -m rules.loader")
    parser.add_argument("--check", action="store_true", help="validate every pack")
    parser.add_argument("--rules-dir", type=Path, action="append", default=[])
    parser.add_argument("--scope-tables", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.check:
        parser.print_help()
        return 2
    try:
        load_scope_tables(args.scope_tables)
        packs = load_packs(None, args.rules_dir)
    except (PackError, ScopeTableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    count = sum(len(p.rules) for p in packs)
    print(f"ok: {len(packs)} pack(s), {count} rule(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
