"""Small readers over the local-name tree: text, numbers, dates, nodes.

Each takes a node and one or more local names (aliases, in order of
preference) and returns the first usable value, so that a mapper can say
``number(pcf, "pcfExcludingBiogenic", "pCfExcludingBiogenic")`` once for every
version of a vocabulary.
"""

from __future__ import annotations

import re
from datetime import date

from crawler.normalise.tree import Node, Value, local_name

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


def values(node: Node | None, *names: str) -> tuple[Value, ...]:
    """Return every value of the first of ``names`` that the node has."""
    if node is None:
        return ()
    for name in names:
        if node.props.get(name):
            return node.props[name]
    return ()


def all_values(node: Node | None, *names: str) -> tuple[Value, ...]:
    """Return the values of all of ``names`` together."""
    if node is None:
        return ()
    return tuple(v for name in names for v in node.props.get(name, ()))


def nodes(node: Node | None, *names: str) -> tuple[Node, ...]:
    """Return the node values of the first of ``names`` present."""
    return tuple(v for v in values(node, *names) if isinstance(v, Node))


def node(parent: Node | None, *names: str) -> Node | None:
    """Return the first node value of ``names``, or ``None``."""
    found = nodes(parent, *names)
    return found[0] if found else None


def as_text(value: Value | None) -> str | None:
    """Return a scalar as stripped text, or a reference's id; else ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Node):
        return value.id if value.is_ref else None
    text = str(value).strip()
    return text or None


def text(parent: Node | None, *names: str) -> str | None:
    """Return the first non-empty text among ``names`` (numbers as text)."""
    for name in names:
        for value in values(parent, name):
            found = as_text(value)
            if found is not None:
                return found
    return None


def texts(parent: Node | None, *names: str) -> tuple[str, ...]:
    """Return every text value of ``names`` together, without duplicates."""
    found = (as_text(v) for v in all_values(parent, *names))
    return tuple(dict.fromkeys(t for t in found if t is not None))


def as_number(value: Value | None) -> float | None:
    """Return a number from a number or numeric text (``"1.63"``, ``"12,9"``)."""
    if isinstance(value, bool) or value is None or isinstance(value, Node):
        return None
    if isinstance(value, int | float):
        return float(value)
    cleaned = value.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned.replace(",", ""))


def number(parent: Node | None, *names: str) -> float | None:
    """Return the first numeric value among ``names``."""
    for name in names:
        for value in values(parent, name):
            found = as_number(value)
            if found is not None:
                return found
    return None


def as_date(value: Value | None) -> date | None:
    """Return the date of an ISO 8601 date or date-time text, else ``None``.

    Parsing is strict (``2023-1-08`` is not a date) so that malformed dates
    show up as missing rather than as a guess.
    """
    text_value = as_text(value)
    match = _DATE.match(text_value or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_of(parent: Node | None, *names: str) -> date | None:
    """Return the first parseable date among ``names``."""
    for name in names:
        for value in values(parent, name):
            found = as_date(value)
            if found is not None:
                return found
    return None


def enum(value: Value | None) -> str | None:
    """Return the local name of an enumeration value (IRI, prefixed or bare)."""
    if isinstance(value, Node):
        return local_name(value.id) if value.id else None
    found = as_text(value)
    return local_name(found) if found else None


def name_of(value: Value | None) -> str | None:
    """Return the ``name`` of a node value, or the text of a scalar."""
    if isinstance(value, Node) and not value.is_ref:
        return text(value, "name", "legalName", "alternateName")
    return as_text(value)


def has_type(parent: Node | None, *types: str) -> bool:
    """Return whether the node has any of ``types`` (local names)."""
    return parent is not None and any(t in parent.types for t in types)
