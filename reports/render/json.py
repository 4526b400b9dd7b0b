"""The JSON report: greengate's contract with users' scripts (report.schema.json)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
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
    suppressed = run.suppressions.index() if run.suppressions is not None else {}
    document = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": run.generated_at.isoformat(),
        "as_of": run.as_of.isoformat(),
        "tool": {"name": "greengate", "version": run.tool_version},
        "score_formula": run.score_formula,
        "rule_packs": [project(p) for p in run.packs],
        "suppliers": [_supplier(s, suppressed) for s in run.suppliers],
    }
    ledger = run.suppressions
    if ledger is not None:
        document["suppressions"] = {
            "file": ledger.file,
            "matched": len(ledger.matched),
            "expired": [_suppression(s) for s in ledger.expired],
            "unused": [_suppression(s) for s in ledger.unused],
        }
    return document


def render(run: ScreeningRun) -> str:
    """Return report.json's text (indented, UTF-8 characters as they are).

    orjson writes it: the standard library's encoder falls back to pure
    Python whenever it indents, which cost 13 % of a large scan's CPU.
    """
    return orjson.dumps(to_document(run), option=orjson.OPT_INDENT_2).decode() + "\n"


def write(
    run: ScreeningRun, out_dir: Path, catalog: RuleCatalog | None = None
) -> list[Path]:
    """Write report.json into ``out_dir``; return its path."""
    path = out_dir / JSON_FILE
    path.write_text(render(run), encoding="utf-8")
    return [path]


def _supplier(
    result: SupplierResult, suppressed: Mapping[tuple[str, Finding], Suppression]
) -> dict[str, Any]:
    site = result.site
    return {
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
        "pages": [
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
        ],
        "products": [project(p) for p in site.products],
        "organisation_certifications": project(site.organisation_certifications),
        "documents": project(site.documents),
        "endpoints": project(site.endpoints),
        "trace_records": project(site.trace_records),
        "issues": project(site.issues),
        "robots_disallowed": list(site.robots_disallowed),
        "findings": [
            _finding(f, suppressed.get((site.supplier_id, f))) for f in result.findings
        ],
    }


def _finding(finding: Finding, suppression: Suppression | None) -> dict[str, Any]:
    data = {
        "rule": finding.rule_id,
        "pack": finding.pack,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "subject": finding.subject,
        "message": finding.message,
        "url": finding.url,
        "evidence": project(finding.evidence),
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
