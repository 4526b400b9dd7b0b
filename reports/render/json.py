"""The JSON report: greengate's contract with users' scripts (report.schema.json)."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

from reports.model import ScreeningRun, SupplierResult
from reports.scoring import supplier_status
from rules.model import Finding
from rules.schema_eval import project

SCHEMA_VERSION = "1.0"


def report_schema() -> dict[str, Any]:
    """Return the published JSON Schema of report.json."""
    text = resources.files("reports").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def to_document(run: ScreeningRun) -> dict[str, Any]:
    """Return the report as a JSON-compatible dictionary."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": run.generated_at.isoformat(),
        "as_of": run.as_of.isoformat(),
        "tool": {"name": "greengate", "version": run.tool_version},
        "score_formula": run.score_formula,
        "rule_packs": [project(p) for p in run.packs],
        "suppliers": [_supplier(s) for s in run.suppliers],
    }


def render(run: ScreeningRun) -> str:
    """Return report.json's text."""
    return json.dumps(to_document(run), indent=2, ensure_ascii=False) + "\n"


def _supplier(result: SupplierResult) -> dict[str, Any]:
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
        "findings": [_finding(f) for f in result.findings],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "pack": finding.pack,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "subject": finding.subject,
        "message": finding.message,
        "url": finding.url,
        "evidence": project(finding.evidence),
    }
