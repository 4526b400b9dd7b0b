"""The SARIF 2.1.0 report (``report.sarif``) for code-scanning dashboards.

One run; ``tool.driver`` is greengate with its version and one reporting
descriptor per rule the run's findings name (title, rationale, citation,
remediation; ``properties`` carry pack, severity, status, effective date and
citation). Results are the findings with status ``fail``, ``warn`` or
``error`` (a pass, not-applicable or upcoming finding is no problem today).

Levels:

========  ===================  ===========  ========
status    critical / high      medium, low  info
========  ===================  ===========  ========
fail      error                warning      note
error     warning              warning      note
warn      warning              warning      note
========  ===================  ===========  ========

A rule's ``defaultConfiguration.level`` is the ``fail`` row. ``error`` means
the check could not decide (its message says why): never a pass, shown as a
warning. Each result's location is the finding URL
(``artifactLocation.uri``) and its subject (a logical location: the product
key, or ``site``). ``partialFingerprints["greengate/v1"]`` hashes rule ID,
supplier ID and subject, so the same finding keeps its fingerprint across
runs. A suppressed finding carries an ``external`` / ``accepted``
suppression with the reason; expired suppressions are tool notifications.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from reports.model import ScreeningRun, SupplierResult
from reports.render._common import RuleCatalog, suppression_index
from reports.suppressions import Suppression
from rules.model import Finding, Rule, Severity, Status

SARIF_FILE = "report.sarif"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "greengate/v1"

REPORTED = (Status.FAIL, Status.ERROR, Status.WARN)
"""Statuses that become SARIF results."""

_SEVERE = frozenset({Severity.CRITICAL, Severity.HIGH})


def level(status: Status, severity: Severity) -> str:
    """Return the SARIF level of a finding (see the module docstring)."""
    if severity is Severity.INFO:
        return "note"
    if status is Status.FAIL and severity in _SEVERE:
        return "error"
    return "warning"


def fingerprint(rule_id: str, supplier_id: str, subject: str) -> str:
    """Return the stable fingerprint of a finding: sha256 of its identity."""
    key = "\x1f".join((rule_id, supplier_id, subject)).encode("utf-8")
    return hashlib.sha256(key).hexdigest()


def to_document(run: ScreeningRun, catalog: RuleCatalog) -> dict[str, Any]:
    """Return the SARIF log as a JSON-compatible dictionary."""
    rule_ids = sorted({f.rule_id for s in run.suppliers for f in s.findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    suppressed = suppression_index(run)
    results = [
        _result(result, f, index, suppressed.get((result.site.supplier_id, f)))
        for result in run.suppliers
        for f in result.findings
        if f.status in REPORTED
    ]
    sarif_run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "greengate",
                "version": run.tool_version,
                "semanticVersion": run.tool_version,
                "rules": [_descriptor(r, catalog.rule(r), run) for r in rule_ids],
            }
        },
        "invocations": [_invocation(run)],
        "results": results,
        "properties": {
            "asOf": run.as_of.isoformat(),
            "generatedAt": run.generated_at.isoformat(),
            "scoreFormula": run.score_formula,
            "packs": [
                {"id": p.id, "title": p.title, "version": p.version, "status": p.status}
                for p in run.packs
            ],
            "suppliers": [
                {
                    "id": s.site.supplier_id,
                    "name": s.site.name,
                    "url": s.site.start_url,
                    "verdict": s.verdict,
                    "score": s.score,
                }
                for s in run.suppliers
            ],
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]}


def render(run: ScreeningRun, catalog: RuleCatalog) -> str:
    """Return report.sarif's text."""
    return json.dumps(to_document(run, catalog), indent=2, ensure_ascii=False) + "\n"


def write(run: ScreeningRun, out_dir: Path, catalog: RuleCatalog) -> list[Path]:
    """Write report.sarif into ``out_dir``; return its path."""
    path = out_dir / SARIF_FILE
    path.write_text(render(run, catalog), encoding="utf-8")
    return [path]


def _descriptor(rule_id: str, rule: Rule | None, run: ScreeningRun) -> dict[str, Any]:
    severity = _run_severity(run, rule_id) if rule is None else rule.severity
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": _pascal(rule.title) if rule is not None else _pascal(rule_id),
        "shortDescription": {"text": rule.title if rule is not None else rule_id},
        "defaultConfiguration": {"level": level(Status.FAIL, severity)},
        "properties": {"severity": severity.value, "tags": [severity.value]},
    }
    if rule is None:
        return descriptor
    cite = rule.citation
    descriptor["fullDescription"] = {
        "text": f"{rule.rationale.strip()} (cited: {cite.doc}, paragraph"
        f" {cite.para}: \u201c{cite.quote}\u201d)"
    }
    descriptor["help"] = {"text": rule.remediation.strip()}
    descriptor["properties"] = {
        "pack": rule.pack,
        "severity": severity.value,
        "status": rule.status,
        "appliesTo": rule.applies_to,
        "citation": {"doc": cite.doc, "para": cite.para, "quote": cite.quote},
        "tags": [rule.pack, severity.value, rule.status],
    }
    if rule.effective is not None:
        descriptor["properties"]["effective"] = rule.effective.isoformat()
    return descriptor


def _result(
    result: SupplierResult,
    finding: Finding,
    index: dict[str, int],
    suppression: Suppression | None,
) -> dict[str, Any]:
    site = result.site
    prefix = "could not check: " if finding.status is Status.ERROR else ""
    location: dict[str, Any] = {
        "logicalLocations": [
            {
                "name": finding.subject,
                "fullyQualifiedName": f"{site.supplier_id}/{finding.subject}",
                "kind": "resource",
            }
        ]
    }
    if finding.url:
        location["physicalLocation"] = {"artifactLocation": {"uri": finding.url}}
    sarif: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "kind": "fail",
        "level": level(finding.status, finding.severity),
        "message": {"text": prefix + finding.message},
        "locations": [location],
        "partialFingerprints": {
            FINGERPRINT: fingerprint(finding.rule_id, site.supplier_id, finding.subject)
        },
        "properties": {
            "status": finding.status.value,
            "severity": finding.severity.value,
            "pack": finding.pack,
            "supplier": {"id": site.supplier_id, "name": site.name},
            "evidence": [
                {"url": e.url, "pointer": e.pointer, "excerpt": e.excerpt}
                for e in finding.evidence
            ],
        },
    }
    if suppression is not None:
        sarif["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": suppression.reason,
                "properties": {
                    "expires": suppression.expires.isoformat(),
                    "source": suppression.source,
                },
            }
        ]
    return sarif


def _invocation(run: ScreeningRun) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if run.suppressions is not None and run.suppressions.expired:
        invocation["toolConfigurationNotifications"] = [
            {
                "level": "warning",
                "message": {
                    "text": f"{s.source}: suppression of {s.rule} ({s.pattern})"
                    f" expired on {s.expires.isoformat()}: its findings count again"
                },
                "descriptor": {"id": "expired-suppression"},
            }
            for s in run.suppressions.expired
        ]
    return invocation


def _run_severity(run: ScreeningRun, rule_id: str) -> Severity:
    found = (
        f.severity for s in run.suppliers for f in s.findings if f.rule_id == rule_id
    )
    return max(found, key=lambda s: s.rank, default=Severity.INFO)


def _pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", text))
