"""RCEP-ECO-07: figures agree across representations and parts fit the total."""

from __future__ import annotations

from rules.context import CheckContext
from rules.disclosure import CarbonFootprint, Product
from rules.facts import evidence_of
from rules.footprint import per_declared_unit, structured_footprints, values_agree
from rules.model import Outcome
from rules.registry import check


def _name(fp: CarbonFootprint) -> str:
    return f"{fp.provenance.syntax} at {fp.provenance.url}"


def _per_unit(fp: CarbonFootprint) -> tuple[float, str] | None:
    """Return the comparable value of a footprint; unknown units compare raw."""
    if fp.value_kg_co2e is None:
        return None
    known = per_declared_unit(fp)
    if known is not None:
        return known
    if fp.declared_unit:
        return None  # a unit we cannot convert: not comparable
    return fp.value_kg_co2e / (fp.declared_amount or 1.0), "?"


def _parts_problems(fp: CarbonFootprint, tolerance: float) -> list[str]:
    """Return how the scope parts of one footprint exceed its total."""
    if fp.value_kg_co2e is None or not fp.scope_values:
        return []
    total = fp.value_kg_co2e
    parts = sum(v for _, v in fp.scope_values)
    if parts > total * (1 + tolerance) + 1e-9:
        shown = ", ".join(f"{s} {v:g}" for s, v in fp.scope_values)
        return [f"{_name(fp)}: parts ({shown}) exceed the total {total:g} kg CO2e"]
    return []


@check("footprint_representations_consistent")
def footprint_representations_consistent(
    product: Product, ctx: CheckContext
) -> Outcome:
    """Pass when every representation gives the same figure and parts fit the total."""
    footprints = structured_footprints(product)
    tolerance = ctx.options.consistency_tolerance
    valued = [(fp, _per_unit(fp)) for fp in footprints if fp.value_kg_co2e is not None]
    if len(valued) < 2 and not any(fp.scope_values for fp in footprints):
        return Outcome.not_applicable(
            "one representation and no parts: nothing to compare"
        )
    problems = [p for fp in footprints for p in _parts_problems(fp, tolerance)]
    disagree, incomparable = _compare(valued, tolerance)
    evidence = tuple(evidence_of(fp.provenance, product.page_url) for fp in footprints)
    if problems or disagree:
        return Outcome.fail("; ".join(problems + disagree), *evidence)
    if incomparable:
        return Outcome.warn(
            f"declared units differ, cannot compare: {', '.join(incomparable)}",
            *evidence,
        )
    return Outcome.ok(
        f"{len(valued)} representation(s) agree; parts within total", *evidence
    )


def _compare(
    valued: list[tuple[CarbonFootprint, tuple[float, str] | None]], tolerance: float
) -> tuple[list[str], list[str]]:
    """Compare every representation with the first: (disagreements, incomparable)."""
    if not valued:
        return [], []
    first, first_value = valued[0]
    disagree: list[str] = []
    incomparable: list[str] = []
    for fp, value in valued[1:]:
        if first_value is None or value is None or value[1] != first_value[1]:
            incomparable.append(_name(fp))
        elif not values_agree(first_value, value, tolerance):
            disagree.append(
                f"{_name(fp)} gives {value[0]:g} kg CO2e per {value[1]},"
                f" {_name(first)} gives {first_value[0]:g}"
            )
    return disagree, incomparable
