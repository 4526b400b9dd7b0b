"""RCEP-SCOPE-01: the product's HS code is declared and maps to a covered category."""

from __future__ import annotations

from rules.context import CheckContext
from rules.disclosure import Product
from rules.model import Evidence, Outcome
from rules.registry import check
from rules.scope import rcep_scope

RCEP_PACK = "rcep-geco"


@check("hs_code_in_rcep_scope")
def hs_code_in_rcep_scope(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when the product's own HS code maps to a covered RCEP category.

    A code known only from the supplier list warns (the page should declare
    it); no code at all warns too, and the RCEP-ECO rules still run since the
    product may be covered.
    """
    evidence = Evidence(url=product.page_url, excerpt=", ".join(product.hs_codes))
    if RCEP_PACK in ctx.options.scope_force:
        return Outcome.ok("scope forced by the user", evidence)
    decision = rcep_scope(product, ctx.site, ctx.options.scope_tables)
    if decision.in_scope is None:
        return Outcome.warn(
            f"{decision.reason}: the RCEP-ECO rules are evaluated as if covered;"
            " declare the HS code or force the scope",
            evidence,
        )
    if not decision.in_scope:
        return Outcome.not_applicable(
            f"{decision.reason}: every RCEP-ECO rule is not-applicable", evidence
        )
    if decision.hs_source == "supplier-list":
        return Outcome.warn(
            f"{decision.reason} (from the supplier list): the page does not declare"
            " an HS code in structured data",
            evidence,
        )
    return Outcome.ok(decision.reason, evidence)
