"""Carbon-footprint content checks: G7-CFP-01..04 and RCEP-ECO-03, -04, -08.

G7 rules judge the merged footprint of every representation; RCEP rules judge
what the product page embeds as JSON-LD, since that is what customs read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rules.context import CheckContext
from rules.disclosure import CarbonFootprint, Product
from rules.facts import evidence_of, months_back
from rules.footprint import (
    claims_iso14067,
    is_plausible,
    jsonld_footprints,
    merge,
    merged_footprint,
)
from rules.model import Outcome
from rules.registry import check

_NO_FOOTPRINT = "no structured carbon footprint (see G7-CFP-01)"
_NO_JSONLD = "no JSON-LD carbon footprint on the product page (see RCEP-ECO-01)"
# Compared without case or punctuation: "CradleToGate" (UNTP), "cradle-to-gate".
# UNTP's operationalScope "None" means scope 1 and 2 only, so it covers them.
_COVERING_BOUNDARIES = frozenset(
    {"cradletogate", "gatetogate", "cradletograve", "cradletocradle", "none"}
)


def _essentials(fp: CarbonFootprint) -> Iterator[str]:
    """Yield what a footprint lacks of value, unit and declared unit."""
    if fp.value_kg_co2e is None:
        yield "no value"
    elif not is_plausible(fp.value_kg_co2e):
        yield f"implausible value {fp.value_kg_co2e}"
    if not fp.unit_raw:
        yield "no unit (kg CO2e)"
    if not fp.declared_unit:
        yield "no declared/functional unit"


def _outcome(
    fp: CarbonFootprint, product: Product, missing: list[str], ok: str
) -> Outcome:
    evidence = evidence_of(fp.provenance, product.page_url)
    if missing:
        return Outcome.fail("; ".join(missing), evidence)
    return Outcome.ok(ok, evidence)


@check("footprint_disclosed")
def footprint_disclosed(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the merged footprint has a value in kg CO2e and a declared unit."""
    fp = merged_footprint(product)
    if fp is None:
        return Outcome.fail("no carbon footprint in structured data")
    missing = list(_essentials(fp))
    if missing:
        return _outcome(fp, product, missing, "")
    amount = fp.declared_amount or 1
    shown = f"{fp.value_kg_co2e:g} kg CO2e per {amount:g} {fp.declared_unit}"
    return _outcome(fp, product, [], shown)


@check("footprint_claims_iso14067")
def footprint_claims_iso14067(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the merged footprint declares conformance with ISO 14067."""
    fp = merged_footprint(product)
    if fp is None:
        return Outcome.not_applicable(_NO_FOOTPRINT)
    if claims_iso14067(fp.standards):
        return _outcome(fp, product, [], "declares ISO 14067")
    named = ", ".join(fp.standards) or "none"
    return _outcome(fp, product, [f"ISO 14067 not declared (standards: {named})"], "")


@check("footprint_parameters_described")
def footprint_parameters_described(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when boundary, period, factors, sources, grid mix and data share exist."""
    fp = merged_footprint(product)
    if fp is None:
        return Outcome.not_applicable(_NO_FOOTPRINT)
    missing = [name for name, present in _parameters(fp) if not present]
    if missing:
        return _outcome(fp, product, [f"parameters missing: {', '.join(missing)}"], "")
    return _outcome(fp, product, [], "all model parameters described")


def _parameters(fp: CarbonFootprint) -> list[tuple[str, bool]]:
    sources = fp.emission_factor_sources
    return [
        ("system boundary", bool(fp.boundary)),
        (
            "reference period",
            bool(fp.reference_period_start or fp.reference_period_end),
        ),
        ("characterisation factors", bool(fp.characterisation_factors)),
        ("emission-factor sources", bool(sources)),
        ("emission-factor versions", bool(sources) and all(s.version for s in sources)),
        ("grid-mix assumption", bool(fp.grid_mix)),
        ("primary-data share", fp.primary_data_share is not None),
    ]


@check("footprint_parameters_maintained")
def footprint_parameters_maintained(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when parameters are versioned, recently updated and third-party assured."""
    fp = merged_footprint(product)
    if fp is None:
        return Outcome.not_applicable(_NO_FOOTPRINT)
    months = ctx.options.max_cfp_age_months
    oldest = months_back(ctx.as_of, months)
    missing: list[str] = []
    if not fp.version:
        missing.append("no version")
    if fp.last_updated is None:
        missing.append("no last-updated date")
    elif fp.last_updated < oldest:
        missing.append(
            f"last updated {fp.last_updated.isoformat()}, more than {months} months ago"
        )
    if fp.assurance is None or not fp.assurance.provider:
        missing.append("no third-party assurance / audit trail")
    return _outcome(fp, product, missing, f"version {fp.version}, assured")


@check("jsonld_footprint_complete")
def jsonld_footprint_complete(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the page's JSON-LD footprint declares ISO 14067, value and units."""
    fp = merge(jsonld_footprints(product))
    if fp is None:
        return Outcome.not_applicable(_NO_JSONLD)
    missing = list(_essentials(fp))
    if not claims_iso14067(fp.standards):
        missing.append("ISO 14067 not declared")
    return _outcome(fp, product, missing, "ISO 14067 footprint with value and units")


@check("footprint_covers_scope_1_and_2")
def footprint_covers_scope_1_and_2(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the JSON-LD footprint covers scope 1 and 2 and names its method."""
    fp = merge(jsonld_footprints(product))
    if fp is None:
        return Outcome.not_applicable(_NO_JSONLD)
    problems = (
        []
        if fp.method_reference or fp.standards or fp.emission_factor_sources
        else ["not traceable to a method or source reference"]
    )
    covered, why = _coverage(fp)
    if not covered:
        problems.insert(0, why)
    return _outcome(fp, product, problems, why)


def _coverage(fp: CarbonFootprint) -> tuple[bool, str]:
    """Return whether scope 1 and 2 are covered (REQUIREMENTS 2.5), and why."""
    needed = {"scope1", "scope2"}
    left_out = needed & fp.scopes_excluded
    if left_out:
        return False, f"{', '.join(sorted(left_out))} excluded"
    stated = fp.scopes_included | {s for s, _ in fp.scope_values}
    if needed <= stated:
        return True, "scope 1 and 2 stated"
    if fp.scopes_included:
        # An explicit scope list is the supplier's own word on coverage: it
        # outranks what the boundary would imply.
        return False, f"scope list leaves out {', '.join(sorted(needed - stated))}"
    boundary = re.sub("[^a-z]", "", (fp.boundary or "").casefold())
    if boundary in _COVERING_BOUNDARIES:
        return True, f"boundary {fp.boundary} covers scope 1 and 2"
    if not boundary and fp.provenance.vocabulary.startswith("pact"):
        return True, "a PACT footprint is cradle-to-gate"
    if boundary:
        return False, f"boundary {fp.boundary} leaves out production"
    return False, "no boundary and no scopes stated"


@check("reference_period_recent")
def reference_period_recent(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the JSON-LD footprint's reference period is stated and recent."""
    fp = merge(jsonld_footprints(product))
    if fp is None:
        return Outcome.not_applicable(_NO_JSONLD)
    end = fp.reference_period_end or fp.reference_period_start
    if end is None:
        return _outcome(fp, product, ["no reference period stated"], "")
    months = ctx.options.max_reference_age_months
    if end < months_back(ctx.as_of, months):
        problem = f"reference period ends {end.isoformat()}, over {months} months ago"
        return _outcome(fp, product, [problem], "")
    return _outcome(fp, product, [], f"reference period ends {end.isoformat()}")
