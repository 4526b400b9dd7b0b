"""Compare two disclosures value by value: what a supplier's site now says.

The disclosure JSON (the projection of :class:`~rules.disclosure.SiteDisclosure`)
is walked section by section. Lists of objects are paired by a natural key
(a product's ``key``, a certification's reference number, a record's URL, a
name, or, for footprints, where the block was read), so reordering a page
does not read as a change; lists of plain values are compared whole. Where a
fact was read (``provenance``) is not a disclosed value and is skipped: moving
a block down the page changes nothing here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

__all__ = ["SECTIONS", "ValueChange", "compare_disclosures"]

SECTIONS = (
    "products",
    "organisation_certifications",
    "trace_records",
    "documents",
    "endpoints",
)
"""The parts of a disclosure that are compared; pages and issues are not values."""

_SKIPPED = frozenset({"provenance", "page_url", "hs_codes"})
_LABEL_FIELDS = ("key", "reference_number", "url", "name", "source", "scheme")
_PERCENT = frozenset({"primary_data_share", "percent"})
_FRACTION = frozenset({"mass_fraction", "recycled_fraction", "recycled_content_share"})

ChangeKind = Literal["changed", "added", "removed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueChange:
    """One disclosed value that differs between two inspections.

    Attributes:
        supplier_key: the supplier (normalised start URL).
        name: the supplier's name in the later inspection.
        path: where the value is, e.g.
            ``products[gtin:0952…].footprints[/p.html#/pcf].value_kg_co2e``.
        change: ``changed``, or ``added`` / ``removed`` for a whole item.
        before: the earlier value (``None`` when absent).
        after: the later value (``None`` when absent).
        unit: the value's unit where the model knows it, e.g.
            ``kg CO2e per 1 KWH``.
    """

    supplier_key: str
    name: str
    path: str
    change: ChangeKind
    before: Any
    after: Any
    unit: str | None = None


def compare_disclosures(
    supplier_key: str,
    name: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> list[ValueChange]:
    """Return every value that differs between two disclosures of a supplier.

    Args:
        supplier_key: the supplier both disclosures belong to.
        name: the supplier's name, for reports.
        before: the earlier disclosure JSON.
        after: the later disclosure JSON.
    """
    changes: list[ValueChange] = []
    for section in SECTIONS:
        for path, kind, old, new, unit in _walk(
            section, before.get(section) or [], after.get(section) or [], {}
        ):
            changes.append(
                ValueChange(
                    supplier_key=supplier_key,
                    name=name,
                    path=path,
                    change=kind,
                    before=old,
                    after=new,
                    unit=unit,
                )
            )
    return changes


_Change = tuple[str, ChangeKind, Any, Any, str | None]


def _walk(
    path: str, old: Any, new: Any, parent: Mapping[str, Any]
) -> Iterator[_Change]:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            if key not in _SKIPPED:
                yield from _walk(f"{path}.{key}", old.get(key), new.get(key), new)
        return
    if _object_list(old) and _object_list(new):
        yield from _walk_items(path, old, new)
        return
    yield path, "changed", old, new, _unit(path.rsplit(".", 1)[-1], parent)


def _walk_items(path: str, old: list[Any], new: list[Any]) -> Iterator[_Change]:
    before, after = _labelled(old), _labelled(new)
    for label, item in before.items():
        where = f"{path}[{label}]"
        if label not in after:
            yield where, "removed", _summary(item, label), None, None
        else:
            yield from _walk(where, item, after[label], {})
    for label, item in after.items():
        if label not in before:
            yield f"{path}[{label}]", "added", None, _summary(item, label), None


def _object_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _labelled(items: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    labelled: dict[str, Mapping[str, Any]] = {}
    for index, item in enumerate(items):
        label = _label(item, index)
        unique, n = label, 1
        while unique in labelled:
            n += 1
            unique = f"{label}#{n}"
        labelled[unique] = item
    return labelled


def _label(item: Mapping[str, Any], index: int) -> str:
    for field in _LABEL_FIELDS:
        value = item.get(field)
        if isinstance(value, str) and value:
            if field == "scheme" and item.get("code"):
                return f"{value}:{item['code']}"
            return value
    provenance = item.get("provenance")
    if isinstance(provenance, Mapping) and provenance.get("url"):
        parts = urlsplit(str(provenance["url"]))
        where = parts.path or str(provenance["url"])
        return f"{where}#{provenance.get('pointer') or ''}"
    return str(index)


def _summary(item: Mapping[str, Any], label: str) -> Any:
    name = item.get("name")
    return name if isinstance(name, str) and name else label


def _unit(key: str, parent: Mapping[str, Any]) -> str | None:
    if key == "value_kg_co2e":
        amount, unit = parent.get("declared_amount"), parent.get("declared_unit")
        if isinstance(amount, int | float) and unit:
            return f"kg CO2e per {amount:g} {unit}"
        return "kg CO2e"
    if key == "scope_values":
        return "kg CO2e"
    if key in _PERCENT:
        return "%"
    if key in _FRACTION:
        return "fraction (0-1)"
    if key == "value" and isinstance(parent.get("unit"), str):
        return str(parent["unit"])
    return None
