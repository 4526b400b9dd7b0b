"""Which products a pack applies to, by HS code or keyword (REQUIREMENTS 2.1-2.3).

The tables are data (:mod:`rules.scope_tables`); a user may replace any of
their sections with a file of the same shape. A product's own HS codes win;
the supplier list's codes (:attr:`SiteDisclosure.hs_codes`) stand in when the
product declares none. Forcing a pack's scope is the engine's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rules.disclosure import Product, SiteDisclosure
from rules.facts import mentions
from rules.scope_tables import (
    MaterialClass,
    ScopeTableError,
    ScopeTables,
    default_scope_tables,
    load_scope_tables,
)

__all__ = [
    "SCOPES",
    "MaterialClass",
    "ScopeDecision",
    "ScopeTableError",
    "ScopeTables",
    "default_scope_tables",
    "g7_scope",
    "hs_label",
    "is_intermediate_mineral",
    "load_scope_tables",
    "material_class",
    "materials_scope",
    "product_hs_codes",
    "rcep_scope",
]

HsSource = Literal["product", "supplier-list"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScopeDecision:
    """Whether a pack applies to a product, and why.

    ``in_scope`` is ``None`` when it cannot be decided (no usable HS code).
    """

    in_scope: bool | None
    reason: str
    category: str | None = None
    hs_source: HsSource | None = None


def hs_label(code: str) -> str:
    """Return an HS code written the usual way, e.g. ``8504.40``."""
    return code if len(code) <= 4 else f"{code[:4]}.{code[4:]}"


def product_hs_codes(
    product: Product, site: SiteDisclosure
) -> tuple[tuple[str, ...], HsSource | None]:
    """Return the HS codes that decide scope, and where they came from."""
    own = tuple(c for c in (_digits(x) for x in product.hs_codes) if c)
    if own:
        return own, "product"
    listed = tuple(c for c in (_digits(x) for x in site.hs_codes) if c)
    return listed, ("supplier-list" if listed else None)


def g7_scope(
    product: Product, site: SiteDisclosure, tables: ScopeTables
) -> ScopeDecision:
    """Decide the G7 pack's scope: by HS heading, else by keywords."""
    codes, source = product_hs_codes(product, site)
    usable = [c for c in codes if len(c) >= 4]
    if usable:
        hits = [c for c in usable if c[:4] in tables.g7_headings]
        shown = ", ".join(hs_label(c) for c in usable)
        if hits:
            return ScopeDecision(
                in_scope=True, reason=f"HS {shown} is covered", hs_source=source
            )
        return ScopeDecision(
            in_scope=False,
            reason=f"HS {shown} is outside the G7 whitelist headings",
            hs_source=source,
        )
    word = first_keyword(product, tables.g7_keywords)
    if word:
        return ScopeDecision(in_scope=True, reason=f"no HS code; described as {word!r}")
    return ScopeDecision(
        in_scope=False,
        reason="no HS code, and neither name, category nor materials name a"
        " covered product (force the scope if it is one)",
    )


def rcep_scope(
    product: Product, site: SiteDisclosure, tables: ScopeTables
) -> ScopeDecision:
    """Decide the RCEP pack's scope from 6-digit HS subheadings only."""
    codes, source = product_hs_codes(product, site)
    if not codes:
        return ScopeDecision(in_scope=None, reason="no HS code found")
    for code in codes:
        for category, subheadings in tables.rcep_categories.items():
            if len(code) >= 6 and code[:6] in subheadings:
                return ScopeDecision(
                    in_scope=True,
                    reason=f"HS {hs_label(code)} is in category {category}",
                    category=category,
                    hs_source=source,
                )
    covered = sorted(s for subs in tables.rcep_categories.values() for s in subs)
    vague = [c for c in codes if len(c) < 6 and any(s.startswith(c) for s in covered)]
    if vague:
        code = vague[0]
        within = ", ".join(hs_label(s) for s in covered if s.startswith(code))
        return ScopeDecision(
            in_scope=None,
            reason=f"HS {hs_label(code)} is not precise enough (covered: {within})",
            hs_source=source,
        )
    shown = ", ".join(hs_label(c) for c in codes)
    return ScopeDecision(
        in_scope=False,
        reason=f"HS {shown} is not in the first three categories",
        hs_source=source,
    )


def material_class(
    product: Product, site: SiteDisclosure, tables: ScopeTables
) -> MaterialClass | None:
    """Return the material family a product belongs to, if any.

    HS codes decide when known; otherwise the product's name and declared
    categories (not its bill of materials: an inverter with an aluminium
    housing is not an aluminium product).
    """
    codes, _ = product_hs_codes(product, site)
    for cls in tables.material_classes:
        if codes:
            if any(c.startswith(p) for c in codes for p in cls.hs_prefixes):
                return cls
        elif _describes(product, cls.keywords, with_materials=False):
            return cls
    return None


def materials_scope(
    product: Product, site: SiteDisclosure, tables: ScopeTables
) -> ScopeDecision:
    """Decide the materials-passport pack's scope."""
    cls = material_class(product, site, tables)
    if cls is None:
        return ScopeDecision(
            in_scope=False, reason="not a material covered by the passport pack"
        )
    return ScopeDecision(
        in_scope=True, reason=f"material family {cls.name}", category=cls.name
    )


def is_intermediate_mineral(
    product: Product, site: SiteDisclosure, tables: ScopeTables
) -> bool:
    """Return whether a product is an intermediate critical-mineral product."""
    codes, _ = product_hs_codes(product, site)
    if codes:
        return any(c.startswith(p) for c in codes for p in tables.g7_intermediate_hs)
    return bool(first_keyword(product, tables.g7_intermediate_keywords))


def first_keyword(product: Product, keywords: tuple[str, ...]) -> str | None:
    """Return the first keyword that the product's texts mention."""
    texts = _texts(product, with_materials=True)
    return next((k for k in keywords if any(mentions(t, k) for t in texts)), None)


SCOPES = {"g7": g7_scope, "rcep": rcep_scope, "materials": materials_scope}
"""Scope deciders by the name a ``pack.yaml`` gives in its ``scope`` key."""


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _texts(product: Product, *, with_materials: bool) -> list[str]:
    texts = [product.name or "", *product.categories]
    if with_materials:
        texts.extend(m.name for m in product.materials)
    return [t for t in texts if t]


def _describes(
    product: Product, keywords: tuple[str, ...], *, with_materials: bool
) -> bool:
    texts = _texts(product, with_materials=with_materials)
    return any(mentions(t, k) for t in texts for k in keywords)
