"""Material-passport checks: MDP-EPD-01, MDP-EF-01 and MDP-EF-02 (seeds 001, 002)."""

from __future__ import annotations

import re

from rules.context import CheckContext
from rules.disclosure import Certification, EmissionFactorSource, Product
from rules.facts import evidence_of, mentions
from rules.footprint import merged_footprint
from rules.model import Evidence, Outcome, Status
from rules.registry import check
from rules.scope import material_class


def _is_epd(cert: Certification) -> bool:
    if (cert.topic or "").casefold() == "epd":
        return True
    if cert.standard and re.search(r"15804|14025", cert.standard):
        return True
    name = cert.name or ""
    return mentions(name, "epd") or mentions(name, "environmental product declaration")


def _epd_problems(cert: Certification, ctx: CheckContext) -> list[str]:
    problems = []
    if not cert.programme_operator:
        problems.append("no programme operator")
    if not cert.reference_number:
        problems.append("no registration number")
    if cert.valid_until is None:
        problems.append("no validity date")
    elif cert.valid_until < ctx.as_of:
        problems.append(f"expired on {cert.valid_until.isoformat()}")
    if not (cert.standard and re.search(r"15804|14025", cert.standard)):
        problems.append("standard is not EN 15804 / ISO 14025")
    return problems


@check("epd_referenced")
def epd_referenced(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an EPD with operator, registration, validity and standard is given."""
    epds = [
        c
        for c in (*product.certifications, *ctx.site.organisation_certifications)
        if _is_epd(c)
    ]
    if not epds:
        return Outcome.fail(
            "no EPD referenced in structured data", Evidence(url=product.page_url)
        )
    problems = []
    for cert in epds:
        found = _epd_problems(cert, ctx)
        if not found:
            return Outcome.ok(
                f"EPD {cert.reference_number} by {cert.programme_operator}"
                f" ({cert.standard})",
                evidence_of(cert.provenance, product.page_url),
            )
        problems.append(
            f"{cert.name or cert.reference_number or 'EPD'}: {', '.join(found)}"
        )
    return Outcome.fail(
        "; ".join(problems),
        *(evidence_of(c.provenance, product.page_url) for c in epds),
    )


def _anchor_problem(
    source: EmissionFactorSource, ctx: CheckContext
) -> tuple[Status, str] | None:
    """Return why a factor set is not version-anchored, or ``None`` when it is."""
    if not source.version:
        return Status.FAIL, "no version"
    if not source.digest or not source.anchor_url:
        return Status.FAIL, "no digest and anchoring record"
    visits = ctx.index.visits(source.anchor_url)
    if visits and not any(200 <= v.status < 300 for v in visits):
        return Status.FAIL, f"anchoring record {source.anchor_url} does not resolve"
    if source.anchor_digest is None:
        return Status.ERROR, f"anchoring record {source.anchor_url} was not read"
    if _hex(source.anchor_digest) != _hex(source.digest):
        return Status.FAIL, "anchored digest does not match the factor set"
    return None


def _hex(digest: str) -> str:
    """Return a digest without method prefix, ``0x`` or case, for comparison."""
    return digest.rsplit(":", 1)[-1].casefold().removeprefix("0x")


@check("emission_factors_anchored")
def emission_factors_anchored(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when every emission-factor set has a version and a matching anchor."""
    cls = material_class(product, ctx.site, ctx.options.scope_tables)
    if cls is None or not cls.anchored_factors:
        return Outcome.not_applicable(
            "not aluminium, specialty steel or engineering plastics"
        )
    fp = merged_footprint(product)
    if fp is None or not fp.emission_factor_sources:
        return Outcome.fail(
            "no emission factors disclosed", Evidence(url=product.page_url)
        )
    problems = [
        (p[0], f"{s.name}: {p[1]}")
        for s in fp.emission_factor_sources
        if (p := _anchor_problem(s, ctx)) is not None
    ]
    evidence = evidence_of(fp.provenance, product.page_url)
    if not problems:
        return Outcome.ok("emission factors versioned and anchored", evidence)
    status = Status.FAIL if any(s is Status.FAIL for s, _ in problems) else Status.ERROR
    return Outcome(
        status=status, message="; ".join(m for _, m in problems), evidence=(evidence,)
    )


@check("process_inputs_described")
def process_inputs_described(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when energy use, fuels, grid mix and upstream inputs are described."""
    fp = merged_footprint(product)
    if fp is None:
        return Outcome.fail(
            "no footprint describing process inputs", Evidence(url=product.page_url)
        )
    inputs = fp.process_inputs
    present = {
        "energy use": bool(inputs and inputs.energy_use),
        "fuel types": bool(inputs and inputs.fuel_types),
        "grid-mix assumption": bool(fp.grid_mix),
        "upstream material inputs": bool(inputs and inputs.upstream_materials),
    }
    missing = [name for name, ok in present.items() if not ok]
    evidence = evidence_of(fp.provenance, product.page_url)
    if missing:
        return Outcome.fail(f"process inputs missing: {', '.join(missing)}", evidence)
    return Outcome.ok("process-level inputs described", evidence)
