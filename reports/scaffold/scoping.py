"""Which packs apply to a row's product, decided as the rules decide it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reports.scaffold.record import ProductRecord
from rules.disclosure import Classification, Material, Product, SiteDisclosure
from rules.pack import Pack
from rules.scope import (
    SCOPES,
    default_scope_tables,
    is_intermediate_mineral,
    material_class,
)

__all__ = ["RuleFilter", "is_intermediate", "scope_product"]

_SITE = SiteDisclosure(supplier_id="scaffold", name="scaffold", start_url="")


def scope_product(record: ProductRecord) -> Product:
    """Return the facts that decide a product's scope, as the rules read them."""
    return Product(
        key="scaffold",
        page_url="",
        name=record.name,
        classifications=(Classification(scheme="HS", code=record.hs_code),)
        if record.hs_code
        else (),
        categories=(record.category,) if record.category else (),
        materials=tuple(Material(name=m.name) for m in record.materials),
    )


def is_intermediate(record: ProductRecord) -> bool:
    """Return whether the product is an intermediate critical-mineral product."""
    return is_intermediate_mineral(scope_product(record), _SITE, default_scope_tables())


@dataclass(frozen=True, slots=True)
class RuleFilter:
    """The rules of the selected packs that apply to one product."""

    rules: frozenset[str]

    @classmethod
    def for_record(cls, record: ProductRecord, packs: Sequence[Pack]) -> RuleFilter:
        """Return the active rules of ``packs`` whose scope covers ``record``."""
        product = scope_product(record)
        site = _SITE
        tables = default_scope_tables()
        keep: set[str] = set()
        for pack in packs:
            decide = SCOPES.get(pack.scope or "")
            in_scope = decide is None or decide(product, site, tables).in_scope
            keep.update(
                r.id
                for r in pack.active
                if in_scope is not False or r.id in pack.scope_exempt
            )
        cls_ = material_class(product, site, tables)
        if cls_ is None or not cls_.anchored_factors:
            keep.discard("MDP-EF-01")  # only factor sets of anchored materials
        return cls(frozenset(keep))

    def select(self, rules: Sequence[str]) -> tuple[str, ...]:
        """Return the rules that are kept, in the order given."""
        return tuple(r for r in rules if r in self.rules)
