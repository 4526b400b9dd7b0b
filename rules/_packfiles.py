"""Read one pack directory: parse YAML, validate against the schema, build rules.

Problems are collected, not raised one by one, so that ``--check`` reports
every broken file at once; :mod:`rules.loader` turns them into a
:class:`PackError`.
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]
import yaml

from rules.model import Citation, Explain, Rule, Severity
from rules.pack import Pack
from rules.registry import registered


class PackError(ValueError):
    """A pack cannot be loaded: the message names each file and what is wrong."""


@cache
def _validator(definition: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(
        resources.files("rules").joinpath("pack.schema.json").read_text("utf-8")
    )
    return jsonschema.Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    )


def read_pack(directory: Path) -> tuple[Pack | None, dict[str, Any], list[str]]:
    """Read a pack directory.

    Returns:
        The pack (``None`` when its manifest is unusable), the manifest as
        read, and every problem found, each prefixed with its file.
    """
    errors: list[str] = []
    manifest = _load(directory / "pack.yaml", "manifest", errors)
    if manifest is None:
        return None, {}, errors
    rules = _read_rules(directory, manifest["id"], errors)
    ids = {r.id for r in rules}
    for rule_id in manifest.get("scope_exempt", ()):
        if rule_id not in ids:
            errors.append(
                f"{directory / 'pack.yaml'}: scope_exempt names unknown rule {rule_id}"
            )
    pack = Pack(
        id=manifest["id"],
        title=manifest["title"],
        version=str(manifest["version"]),
        status=manifest["status"],
        description=manifest.get("description", ""),
        scope=manifest.get("scope"),
        scope_exempt=frozenset(manifest.get("scope_exempt", ())),
        rules=rules,
        path=directory,
    )
    return pack, manifest, errors


def _read_rules(directory: Path, pack_id: str, errors: list[str]) -> tuple[Rule, ...]:
    """Read every rule file of a pack directory, collecting problems."""
    rules: list[Rule] = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        if path.name == "pack.yaml":
            continue
        data = _load(path, "rule", errors)
        rule = _rule(data, pack_id, path, errors) if data is not None else None
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def _load(path: Path, definition: str, errors: list[str]) -> dict[str, Any] | None:
    try:
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        errors.append(f"{path}: missing")
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        errors.append(f"{path}: invalid YAML: {exc}")
        return None
    problems = sorted(
        _validator(definition).iter_errors(data), key=lambda e: list(e.path)
    )
    for problem in problems:
        where = "/".join(str(p) for p in problem.absolute_path) or "(top)"
        errors.append(f"{path}: {where}: {problem.message}")
    return data if not problems and isinstance(data, dict) else None


def _plain(value: Any) -> Any:
    """Return YAML data with dates as ISO strings, as the JSON Schema expects."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _check_problems(data: dict[str, Any], path: Path) -> list[str]:
    problems = []
    if path.stem != data["id"]:
        problems.append(f"{path}: file name must be the rule id {data['id']}.yaml")
    name = data.get("check")
    checks = registered()
    if name and name not in checks:
        near = difflib.get_close_matches(name, list(checks), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        problems.append(f"{path}: rule {data['id']} names unknown check {name!r}{hint}")
    elif name:
        wanted = "site" if data["applies_to"] == "site" else "product"
        if checks[name].target != wanted:
            problems.append(
                f"{path}: check {name!r} runs on a {checks[name].target},"
                f" but the rule applies to {data['applies_to']}"
            )
    if "schema" in data:
        try:
            jsonschema.Draft202012Validator.check_schema(data["schema"])
        except jsonschema.SchemaError as exc:
            problems.append(f"{path}: schema is not a valid JSON Schema: {exc.message}")
    return problems


def _rule(
    data: dict[str, Any], pack_id: str, path: Path, errors: list[str]
) -> Rule | None:
    problems = _check_problems(data, path)
    if problems:
        errors.extend(problems)
        return None
    cite, text = data["cite"], data["explain"]
    return Rule(
        id=data["id"],
        pack=pack_id,
        title=data["title"],
        severity=Severity(data["severity"]),
        applies_to=data["applies_to"],
        effective=date.fromisoformat(data["effective"]) if data["effective"] else None,
        status=data["status"],
        citation=Citation(doc=cite["doc"], para=cite["para"], quote=cite["quote"]),
        rationale=data["rationale"].strip(),
        remediation=data["remediation"].strip(),
        explain=Explain(
            why=text["why"].strip(),
            fail_example=text["fail_example"].strip(),
            pass_example=text["pass_example"].strip(),
            limits=text.get("limits", "").strip(),
        ),
        check=data.get("check"),
        schema=data.get("schema"),
        profile=data.get("profile"),
        aliases=tuple(data.get("aliases", ())),
    )
