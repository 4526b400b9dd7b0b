"""Evaluate rule packs on a site's disclosure: the only place rules run.

For each enabled rule: one finding per product (product and linked-record
rules) or one or more per site (site rules); a rule that does not apply is
reported as ``not-applicable``, never left out. The order of decisions:

1. profile: a ``profile: jp`` rule runs only when ``jp`` is selected (in the
   options or in the site's own profiles from the supplier list);
2. scope: a product outside the pack's scope gets ``not-applicable``; when
   scope cannot be decided (no HS code for RCEP) the rule runs and its
   message says so; ``scope_force`` skips the scope test for a pack;
3. the named check and/or the JSON Schema fragment (a fail of either fails;
   a check that raises becomes ``error``, never a crash);
4. the date: a rule not yet effective reports ``upcoming`` with what would
   happen ("would fail: ..."); ``not-applicable`` stays as it is.

A site where no product was found is judged once, as the subject ``site``
(an empty product on the start URL), so that missing disclosures still fail;
if nothing at all was fetched, product rules report ``error`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]

from rules.context import CheckContext, EvaluationOptions
from rules.disclosure import Product, SiteDisclosure
from rules.model import Finding, Outcome, Rule, Status
from rules.pack import Pack
from rules.registry import get_check
from rules.schema_eval import project, schema_failure, validator_for
from rules.scope import SCOPES, ScopeDecision

__all__ = ["EvaluationOptions", "evaluate", "skipped_rules"]

_SITE = "site"
_WOULD = {
    Status.PASS: "would pass",
    Status.FAIL: "would fail",
    Status.WARN: "would warn",
    Status.ERROR: "could not be checked",
}


def evaluate(
    site: SiteDisclosure, packs: Sequence[Pack], options: EvaluationOptions
) -> tuple[Finding, ...]:
    """Run every enabled rule of ``packs`` on ``site``.

    Args:
        site: everything read from one supplier's site.
        packs: the packs to apply (disabled rules are skipped; see
            :func:`skipped_rules`).
        options: inspection date, profiles, forced scopes and thresholds.

    Returns:
        The findings, pack by pack and rule by rule, products in site order.
        A site with no product is judged once, as the subject ``site``.
    """
    run = _Run(ctx=CheckContext.for_site(site, options))
    subjects = site.products or (_placeholder(site),)
    findings: list[Finding] = []
    for pack in packs:
        for rule in pack.active:
            if rule.applies_to == "site":
                findings.extend(run.site_findings(pack, rule))
            else:
                findings.extend(run.product_finding(pack, rule, p) for p in subjects)
    return tuple(findings)


def skipped_rules(packs: Sequence[Pack]) -> tuple[Rule, ...]:
    """Return the rules that user packs disabled, for reports to list."""
    return tuple(r for p in packs for r in p.disabled)


def _placeholder(site: SiteDisclosure) -> Product:
    """Return an empty product standing for a site where none was found."""
    return Product(key=_SITE, page_url=site.start_url)


@dataclass(slots=True)
class _Run:
    """Per-evaluation caches: projections, scope decisions, validators."""

    ctx: CheckContext
    projections: dict[int, Any] = field(default_factory=dict)
    scopes: dict[tuple[str, int], ScopeDecision] = field(default_factory=dict)

    def product_finding(self, pack: Pack, rule: Rule, product: Product) -> Finding:
        outcome, note = self._gate(pack, rule, product)
        if outcome is None:
            outcome = self._judge_product(rule, product)
            if note and outcome.status is not Status.NOT_APPLICABLE:
                outcome = _noted(outcome, note)
        return _finding(
            pack, rule, _dated(rule, outcome, self.ctx), product.page_url, product.key
        )

    def site_findings(self, pack: Pack, rule: Rule) -> list[Finding]:
        site = self.ctx.site
        outcomes = self._judge_site(rule, site)
        return [
            _finding(
                pack,
                rule,
                _dated(rule, o, self.ctx),
                o.evidence[0].url if o.evidence else site.start_url,
                _SITE,
            )
            for o in outcomes
        ]

    def _gate(
        self, pack: Pack, rule: Rule, product: Product
    ) -> tuple[Outcome | None, str]:
        """Return a not-applicable outcome for profile / scope, or a note to add."""
        if rule.profile and rule.profile not in self._profiles():
            return Outcome.not_applicable(f"profile {rule.profile} not selected"), ""
        if product.key == _SITE and not self.ctx.site.reachable:
            return Outcome.error(
                "the site could not be screened: nothing was fetched"
            ), ""
        if (
            pack.scope is None
            or rule.id in pack.scope_exempt
            or pack.id in self.ctx.options.scope_force
        ):
            return None, ""
        decision = self._scope(pack.scope, product)
        if decision.in_scope is False:
            return Outcome.not_applicable(
                f"outside the {pack.id} scope: {decision.reason}"
            ), ""
        if decision.in_scope is None:
            return None, f"scope unconfirmed: {decision.reason}"
        return None, ""

    def _profiles(self) -> frozenset[str]:
        return self.ctx.options.profiles | frozenset(self.ctx.site.profiles)

    def _scope(self, kind: str, product: Product) -> ScopeDecision:
        key = (kind, id(product))
        if key not in self.scopes:
            self.scopes[key] = SCOPES[kind](
                product, self.ctx.site, self.ctx.options.scope_tables
            )
        return self.scopes[key]

    def _judge_product(self, rule: Rule, product: Product) -> Outcome:
        try:
            outcome = _call(rule, product, self.ctx)
            if isinstance(outcome, tuple):
                raise TypeError("a product check must return one Outcome")
            if outcome is not None and outcome.status is Status.NOT_APPLICABLE:
                return outcome
            failed = self._schema(rule, product, product.page_url)
        except Exception as exc:  # a broken check must never stop the run
            return _crashed(rule, exc)
        return failed or outcome or Outcome.ok("matches the rule's schema")

    def _judge_site(self, rule: Rule, site: SiteDisclosure) -> tuple[Outcome, ...]:
        try:
            result = _call(rule, site, self.ctx)
            outcomes = (
                result if isinstance(result, tuple) else ((result,) if result else ())
            )
            failed = self._schema(rule, site, site.start_url)
        except Exception as exc:  # a broken check must never stop the run
            return (_crashed(rule, exc),)
        if failed is not None:
            return (failed,)
        return outcomes or (Outcome.ok("matches the rule's schema"),)

    def _schema(
        self, rule: Rule, subject: Product | SiteDisclosure, url: str
    ) -> Outcome | None:
        if rule.schema is None:
            return None
        key = id(subject)
        if key not in self.projections:
            self.projections[key] = project(subject)
        return schema_failure(_validator(rule), self.projections[key], url)


def _validator(rule: Rule) -> jsonschema.Draft202012Validator:
    assert rule.schema is not None  # callers check first
    return validator_for(rule.schema)


def _call(
    rule: Rule, subject: Product | SiteDisclosure, ctx: CheckContext
) -> Outcome | tuple[Outcome, ...] | None:
    """Call the rule's named check; ``None`` when the rule has only a schema."""
    if rule.check is None:
        return None
    spec = get_check(rule.check)
    if spec is None:
        raise LookupError(f"no check named {rule.check!r} is registered")
    result = spec.func(subject, ctx)
    if isinstance(result, Outcome):
        return result
    if isinstance(result, Sequence) and all(isinstance(o, Outcome) for o in result):
        return tuple(result)
    raise TypeError(
        f"check {rule.check!r} returned {type(result).__name__}, not an Outcome"
    )


def _crashed(rule: Rule, exc: Exception) -> Outcome:
    name = rule.check or "schema"
    return Outcome.error(f"check {name} raised {type(exc).__name__}: {exc}")


def _noted(outcome: Outcome, note: str) -> Outcome:
    return Outcome(
        status=outcome.status,
        message=f"{outcome.message} [{note}]",
        evidence=outcome.evidence,
    )


def _dated(rule: Rule, outcome: Outcome, ctx: CheckContext) -> Outcome:
    """Turn an outcome into ``upcoming`` when the rule is not yet in force."""
    if rule.effective_on(ctx.as_of) or outcome.status is Status.NOT_APPLICABLE:
        return outcome
    assert rule.effective is not None  # effective_on is True otherwise
    would = _WOULD.get(outcome.status, outcome.status.value)
    message = f"in force from {rule.effective.isoformat()}; {would}: {outcome.message}"
    return Outcome(status=Status.UPCOMING, message=message, evidence=outcome.evidence)


def _finding(
    pack: Pack, rule: Rule, outcome: Outcome, url: str, subject: str
) -> Finding:
    return Finding(
        rule_id=rule.id,
        pack=pack.id,
        status=outcome.status,
        severity=rule.severity,
        message=outcome.message,
        url=url,
        subject=subject,
        evidence=outcome.evidence,
    )
