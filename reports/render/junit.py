"""The JUnit XML report (``junit.xml``) for CI test dashboards.

``<testsuites>`` holds one ``<testsuite>`` per supplier, riskiest first
(named after it, with verdict, score, start URL and inspection date as
properties), and each suite one ``<testcase>`` per finding, named
``RULE-ID subject`` (``#2``, ``#3`` ... when a rule has several findings on
one subject), class name ``greengate.<pack>``. Mapping of finding statuses:

==============  =============================================================
status          test case
==============  =============================================================
pass            passes
fail            ``<failure type="<severity>">`` (message, URL, evidence, fix)
error           ``<error type="check-error">``: the check could not run
warn            passes, with the warning in ``<system-out>``
not-applicable  ``<skipped>`` with the reason
upcoming        ``<skipped>``: not in force yet; says what would fail
suppressed      ``<skipped>`` "suppressed until DATE: reason" (fail, error,
                warn or upcoming findings covered by ``--suppressions``)
==============  =============================================================

The tree is built with :mod:`xml.etree.ElementTree`, which escapes text and
attributes; characters that XML 1.0 cannot carry (control characters from a
hostile page) are replaced by U+FFFD first (:func:`xml_safe`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from reports.model import ScreeningRun, SupplierResult
from reports.render._common import (
    RuleCatalog,
    suppression_index,
    watchlist,
    xml_safe,
)
from reports.suppressions import Suppression
from rules.model import Finding, Status

JUNIT_FILE = "junit.xml"


def to_element(run: ScreeningRun, catalog: RuleCatalog) -> ET.Element:
    """Return the ``<testsuites>`` element of the run."""
    suppressed = suppression_index(run)
    root = ET.Element("testsuites", name="greengate")
    totals: Counter[str] = Counter()
    for result in watchlist(run):
        suite = _suite(run, result, catalog, suppressed)
        for key in ("tests", "failures", "errors", "skipped"):
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(totals[key]))
    root.set("time", "0")
    return root


def render(run: ScreeningRun, catalog: RuleCatalog) -> str:
    """Return junit.xml's text."""
    root = to_element(run, catalog)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def write(run: ScreeningRun, out_dir: Path, catalog: RuleCatalog) -> list[Path]:
    """Write junit.xml into ``out_dir``; return its path."""
    path = out_dir / JUNIT_FILE
    path.write_text(render(run, catalog), encoding="utf-8")
    return [path]


def _suite(
    run: ScreeningRun,
    result: SupplierResult,
    catalog: RuleCatalog,
    suppressed: dict[tuple[str, Finding], Suppression],
) -> ET.Element:
    site = result.site
    suite = ET.Element(
        "testsuite",
        name=xml_safe(site.name),
        id=xml_safe(site.supplier_id),
        timestamp=run.generated_at.isoformat(),
        time="0",
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("supplier_id", site.supplier_id),
        ("start_url", site.start_url),
        ("verdict", result.verdict),
        ("score", str(result.score)),
        ("as_of", run.as_of.isoformat()),
    ):
        ET.SubElement(properties, "property", name=name, value=xml_safe(value))
    counts: Counter[str] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    for finding in result.findings:
        seen[(finding.rule_id, finding.subject)] += 1
        nth = seen[(finding.rule_id, finding.subject)]
        name = f"{finding.rule_id} {finding.subject}" + (f" #{nth}" if nth > 1 else "")
        case = ET.SubElement(
            suite,
            "testcase",
            name=xml_safe(name),
            classname=xml_safe(f"greengate.{finding.pack}"),
            time="0",
        )
        counts["tests"] += 1
        outcome = _outcome(
            case, finding, catalog, suppressed.get((site.supplier_id, finding))
        )
        if outcome:
            counts[outcome] += 1
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, str(counts[key]))
    return suite


def _outcome(
    case: ET.Element,
    finding: Finding,
    catalog: RuleCatalog,
    suppression: Suppression | None,
) -> str | None:
    """Add the finding's outcome to its test case; return the counter it bumps."""
    if suppression is not None:
        ET.SubElement(
            case,
            "skipped",
            message=xml_safe(
                f"suppressed until {suppression.expires.isoformat()}:"
                f" {suppression.reason} ({finding.status.value}: {finding.message})"
            ),
        )
        return "skipped"
    status = finding.status
    if status is Status.FAIL:
        failure = ET.SubElement(
            case,
            "failure",
            message=xml_safe(finding.message),
            type=finding.severity.value,
        )
        failure.text = xml_safe(_details(finding, catalog))
        return "failures"
    if status is Status.ERROR:
        error = ET.SubElement(
            case, "error", message=xml_safe(finding.message), type="check-error"
        )
        error.text = xml_safe(_details(finding, catalog))
        return "errors"
    if status in (Status.NOT_APPLICABLE, Status.UPCOMING):
        message = f"{status.value}: {finding.message}"
        ET.SubElement(case, "skipped", message=xml_safe(message))
        return "skipped"
    if status is Status.WARN:
        out = ET.SubElement(case, "system-out")
        out.text = xml_safe(f"warning: {finding.message}\n{_details(finding, catalog)}")
    return None


def _details(finding: Finding, catalog: RuleCatalog) -> str:
    lines = [
        f"{finding.rule_id} ({finding.severity.value}) on {finding.subject}",
        finding.message,
        f"url: {finding.url}",
    ]
    for item in finding.evidence:
        where = " ".join(p for p in (item.url, item.pointer) if p)
        lines.append(
            f"evidence: {where}" + (f" \u2014 {item.excerpt}" if item.excerpt else "")
        )
    rule = catalog.rule(finding.rule_id)
    if rule is not None:
        lines.append(f"rule: {rule.title}")
        lines.append(f"remediation: {' '.join(rule.remediation.split())}")
    return "\n".join(lines)
