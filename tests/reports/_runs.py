"""Builders of screening runs for the history tests: one knob per fact that changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reports.model import PackInfo, ScreeningRun, SupplierResult, Verdict
from rules.disclosure import (
    CarbonFootprint,
    Certification,
    CredentialRef,
    PageVisit,
    Party,
    Product,
    Provenance,
    SiteDisclosure,
)
from rules.model import Evidence, Finding, Severity, Status

ACME = "https://acme.example/"
BOLT = "https://bolt.example/"


def finding(
    rule: str,
    status: Status,
    severity: Severity = Severity.HIGH,
    subject: str = "gtin:1",
    message: str = "",
) -> Finding:
    return Finding(
        rule_id=rule,
        pack="g7-gpw",
        status=status,
        severity=severity,
        message=message or f"{rule} is {status.value}",
        url=f"{ACME}p/1.html",
        subject=subject,
        evidence=(Evidence(url=f"{ACME}p/1.html", pointer="/0", excerpt="{}"),),
    )


def site(
    url: str = ACME,
    name: str = "Acme Inverters",
    *,
    footprint: float | None = 412.0,
    cert_until: date | None = date(2027, 6, 30),
    vc_until: date | None = None,
) -> SiteDisclosure:
    page = f"{url}p/1.html"
    where = Provenance(
        url=page, syntax="json-ld", vocabulary="schema.org", pointer="/0", line=12
    )
    footprints = ()
    if footprint is not None:
        footprints = (
            CarbonFootprint(
                value_kg_co2e=footprint,
                unit_raw="kg CO2e",
                declared_unit="H87",
                declared_amount=1.0,
                standards=("ISO 14067",),
                scopes_included=frozenset({"scope1", "scope2"}),
                provenance=where,
            ),
        )
    cert = Certification(
        name="ESG origin certificate",
        issuer=Party(name="TÜV Example"),
        topic="esg-origin",
        reference_number="ESG-2026-001",
        valid_until=cert_until,
        credential=CredentialRef(url=f"{url}vc/1.json", valid_until=vc_until)
        if vc_until
        else None,
        provenance=where,
    )
    product = Product(
        key="gtin:1",
        gtin="00000000000001",
        name="5 kW inverter",
        page_url=page,
        footprints=footprints,
        certifications=(cert,),
        provenance=(where,),
    )
    return SiteDisclosure(
        supplier_id=url.split("//")[1].rstrip("/"),
        name=name,
        start_url=url,
        pages=(PageVisit(url=url, status=200, syntaxes=("json-ld",)),),
        products=(product,),
    )


def result(
    disclosure: SiteDisclosure,
    findings: tuple[Finding, ...] = (),
    verdict: Verdict = "whitelist-ready",
    score: int = 100,
) -> SupplierResult:
    return SupplierResult(
        site=disclosure, findings=findings, verdict=verdict, score=score
    )


def screening(
    *suppliers: SupplierResult, as_of: date = date(2027, 3, 1)
) -> ScreeningRun:
    return ScreeningRun(
        generated_at=datetime(2027, 3, 1, 9, 30, tzinfo=UTC),
        as_of=as_of,
        packs=(
            PackInfo(id="g7-gpw", title="G7", version="2026.1", status="provisional"),
        ),
        suppliers=suppliers,
        tool_version="0.1.0",
        score_formula="score = 100 - ...",
    )


def high_risk(disclosure: SiteDisclosure | None = None) -> SupplierResult:
    """A supplier with no footprint (critical fail) and two other failures."""
    return result(
        disclosure or site(footprint=None),
        (
            finding(
                "G7-CFP-01",
                Status.FAIL,
                Severity.CRITICAL,
                message="no product carbon footprint",
            ),
            finding("G7-CFP-02", Status.FAIL, Severity.HIGH),
            finding("MDP-EPD-01", Status.FAIL, Severity.MEDIUM),
            finding("G7-ESG-01", Status.PASS, Severity.CRITICAL),
        ),
        verdict="high-risk",
        score=38,
    )
