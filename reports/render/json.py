"""The JSON report: greengate's contract with users' scripts (report.schema.json)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from reports.model import ScreeningRun, SupplierResult
from reports.scoring import supplier_status
from reports.suppressions import Suppression
from rules.model import Finding
from rules.schema_eval import project

if TYPE_CHECKING:
    from reports.render._common import RuleCatalog

SCHEMA_VERSION = "1.0"
JSON_FILE = "report.json"


def report_schema() -> dict[str, Any]:
    """Return the published JSON Schema of report.json."""
    text = resources.files("reports").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def to_document(run: ScreeningRun) -> dict[str, Any]:
    """Return the report as a JSON-compatible dictionary.

    With suppressions applied, each suppressed finding gains a ``suppressed``
    object and the report a top-level ``suppressions`` object (file, number
    matched, expired and unused entries); both are absent otherwise.
    """
    document: dict[str, Any] = _plain(_document(run))
    return document


def render(run: ScreeningRun) -> str:
    """Return report.json's text (indented, UTF-8 characters as they are)."""
    chunks: list[bytes] = []
    _emit(chunks.append, _document(run), b"\n")
    return b"".join(chunks).decode() + "\n"


def write(
    run: ScreeningRun, out_dir: Path, catalog: RuleCatalog | None = None
) -> list[Path]:
    """Write report.json into ``out_dir``; return its path.

    The file is written as it is built, one page, product or finding at a
    time (the text :func:`render` returns, never held whole): a large scan's
    report is about 20 KB per page. orjson encodes each piece: the standard
    library's encoder falls back to pure Python whenever it indents.
    """
    path = out_dir / JSON_FILE
    with path.open("wb") as handle:
        _emit(handle.write, _document(run), b"\n")
        handle.write(b"\n")
    return [path]


class _Array:
    """A JSON array written one element at a time (elements made on demand)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


class _Object(dict[str, Any]):
    """A JSON object written member by member (it holds an :class:`_Array`)."""


_INDENT = orjson.OPT_INDENT_2


def _emit(write: Callable[[bytes], object], value: Any, newline: bytes) -> None:
    """Write ``value`` as ``orjson.dumps(..., OPT_INDENT_2)`` would, at its depth.

    ``newline`` is a line break followed by the value's indentation. An
    :class:`_Object` or :class:`_Array` is written piece by piece; any other
    value is encoded whole and re-indented (JSON strings hold no raw line
    break, so every line break in orjson's output is one of its own).
    """
    if isinstance(value, _Array):
        _emit_items(write, iter(value.items), newline)
    elif isinstance(value, _Object) and value:
        inner = newline + b"  "
        separator = b"{" + inner
        for key, item in value.items():
            write(separator + orjson.dumps(key) + b": ")
            _emit(write, item, inner)
            separator = b"," + inner
        write(newline + b"}")
    else:
        text = orjson.dumps(value, option=_INDENT)
        write(text.replace(b"\n", newline) if len(newline) > 1 else text)


def _emit_items(
    write: Callable[[bytes], object], items: Iterator[Any], newline: bytes
) -> None:
    inner = newline + b"  "
    separator = b"[" + inner
    for item in items:
        write(separator)
        _emit(write, item, inner)
        separator = b"," + inner
    write(b"[]" if separator[0] == ord("[") else newline + b"]")


def _plain(value: Any) -> Any:
    """Return ``value`` with every :class:`_Array` made a list."""
    if isinstance(value, _Array):
        return [_plain(v) for v in value.items]
    if isinstance(value, _Object):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _document(run: ScreeningRun) -> _Object:
    suppressed = run.suppressions.index() if run.suppressions is not None else {}
    document = _Object(
        {
            "schema_version": SCHEMA_VERSION,
            "generated_at": run.generated_at.isoformat(),
            "as_of": run.as_of.isoformat(),
            "tool": {"name": "greengate", "version": run.tool_version},
            "score_formula": run.score_formula,
            "rule_packs": [project(p) for p in run.packs],
            "suppliers": _Array(_supplier(s, suppressed) for s in run.suppliers),
        }
    )
    ledger = run.suppressions
    if ledger is not None:
        document["suppressions"] = {
            "file": ledger.file,
            "matched": len(ledger.matched),
            "expired": [_suppression(s) for s in ledger.expired],
            "unused": [_suppression(s) for s in ledger.unused],
        }
    return document


def _supplier(
    result: SupplierResult, suppressed: Mapping[tuple[str, Finding], Suppression]
) -> _Object:
    site = result.site
    return _Object(
        {
            "id": site.supplier_id,
            "name": site.name,
            "start_url": site.start_url,
            "verdict": result.verdict,
            "score": result.score,
            "summary": dict(
                sorted(Counter(f.status.value for f in result.findings).items())
            ),
            "rule_status": {
                k: v.value for k, v in supplier_status(result.findings).items()
            },
            "pages": _Array(
                {
                    "url": p.url,
                    "status": p.status,
                    "syntaxes": list(p.syntaxes),
                    "rendered": p.rendered,
                    "error": p.error,
                    "render_reason": p.render_reason,
                    "render_error": p.render_error,
                    "rendered_only_blocks": list(p.rendered_only_blocks),
                }
                for p in site.pages
            ),
            "products": _Array(project(p) for p in site.products),
            "organisation_certifications": project(site.organisation_certifications),
            "documents": project(site.documents),
            "endpoints": project(site.endpoints),
            "trace_records": project(site.trace_records),
            "issues": project(site.issues),
            "robots_disallowed": list(site.robots_disallowed),
            "findings": _Array(
                _finding(f, suppressed.get((site.supplier_id, f)))
                for f in result.findings
            ),
        }
    )


def _finding(finding: Finding, suppression: Suppression | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule_id,
        "pack": finding.pack,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "subject": finding.subject,
        "message": finding.message,
        "url": finding.url,
        "evidence": [
            {"url": e.url, "pointer": e.pointer, "excerpt": e.excerpt}
            for e in finding.evidence
        ],
    }
    if suppression is not None:
        data["suppressed"] = _suppression(suppression)
    return data


def _suppression(suppression: Suppression) -> dict[str, Any]:
    data = {
        "rule": suppression.rule,
        "reason": suppression.reason,
        "expires": suppression.expires.isoformat(),
        "source": suppression.source,
    }
    for key in ("url", "url_regex", "subject"):
        value = getattr(suppression, key)
        if value is not None:
            data[key] = value
    return data
