"""Run a rule's JSON Schema fragment on the JSON projection of the model.

The projection is the same whatever vocabulary a page used: dataclasses become
objects (``None`` kept as ``null``), dates ISO strings, sets sorted lists, and
a product gains its ``hs_codes``. Validators are compiled once per process.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]

from rules.disclosure import Product
from rules.model import Evidence, Outcome

_MAX_ERRORS = 5
_MAX_TEXT = 160


def project(value: Any) -> Any:
    """Return the JSON projection of a model value, recursively.

    Args:
        value: a dataclass of the disclosure model, or any value inside one.

    Returns:
        Plain JSON data: dicts, lists, strings, numbers, booleans and None.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {
            f.name: project(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        if isinstance(value, Product):
            data["hs_codes"] = list(value.hs_codes)
        return data
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): project(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(project(v) for v in value)
    if isinstance(value, list | tuple):
        return [project(v) for v in value]
    return value


def validator_for(schema: Mapping[str, Any]) -> jsonschema.Draft202012Validator:
    """Return the compiled validator of a schema fragment (cached per process)."""
    return _compiled(json.dumps(schema, sort_keys=True))


@cache
def _compiled(text: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(text))


def schema_failure(
    validator: jsonschema.Draft202012Validator, document: Any, url: str
) -> Outcome | None:
    """Return a failing outcome listing where ``document`` breaks the schema.

    Args:
        validator: the rule's compiled schema.
        document: the JSON projection of the product or site.
        url: the page the subject was read from, for the evidence.

    Returns:
        ``None`` when the document is valid.
    """
    errors = sorted(
        validator.iter_errors(document), key=lambda e: list(e.absolute_path)
    )
    if not errors:
        return None
    shown = errors[:_MAX_ERRORS]
    parts = [_explain(e) for e in shown]
    more = f" (and {len(errors) - len(shown)} more)" if len(errors) > len(shown) else ""
    evidence = tuple(
        Evidence(url=url, pointer=_pointer(e), excerpt=_short(e.message)) for e in shown
    )
    return Outcome.fail(
        "does not match the rule's schema: " + "; ".join(parts) + more, *evidence
    )


def _explain(error: jsonschema.ValidationError) -> str:
    """Describe an error; for anyOf / oneOf, each alternative that did not hold."""
    if not error.context:
        return f"{_location(error)}: {_short(error.message)}"
    alternatives = dict.fromkeys(
        f"{_location(sub)}: {_short(sub.message)}" for sub in error.context
    )
    return "none of: " + " | ".join(alternatives)


def _pointer(error: jsonschema.ValidationError) -> str:
    return "/" + "/".join(str(p) for p in error.absolute_path)


def _location(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top)"


def _short(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"
