"""The vocabulary-neutral "local-name tree" that every mapper reads.

Keys are the local names of property IRIs (after the last ``#`` or ``/``, or
``:`` for a bare prefixed name), ``types`` are local names too and ``@value``
is unwrapped. ``https://schema.org/name``, ``http://schema.org/name``,
``schema:name`` and ``name`` all become ``name``; ``type`` and ``@type`` both
become ``types``. The namespaces a node used are kept so the vocabulary can be
named in :class:`~rules.disclosure.Provenance`.

This module builds trees from expanded JSON-LD (and extruct's RDFa items,
which are expanded already); :mod:`crawler.normalise.compact` builds them from
compact JSON (plain JSON blocks, and UNTP credentials: see
:mod:`crawler.normalise.vocab.untp`) and microdata. Every node keeps the JSON
pointer of its source object.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from crawler.normalise.tracking import pointer_token

MAX_DEPTH = 64  # deeper blocks are refused: no real disclosure nests this deep

Scalar = str | int | float | bool
Value = Union[Scalar, "Node"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Node:
    """One object of a block, keyed by local names.

    Attributes:
        id: the node's ``@id`` / ``id``, if any.
        types: local names of its types.
        props: local property name -> values (scalars or nodes).
        pointer: JSON pointer of the source object within its block.
        namespaces: namespaces of its type and property IRIs (expanded input).
    """

    id: str | None = None
    types: tuple[str, ...] = ()
    props: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)
    pointer: str = ""
    namespaces: frozenset[str] = frozenset()

    @property
    def is_ref(self) -> bool:
        """Return whether the node only names another node (``{"@id": ...}``)."""
        return not self.props and not self.types

    def walk(self) -> Iterator[Node]:
        """Yield this node and every node below it, depth first."""
        yield self
        for values in self.props.values():
            for value in values:
                if isinstance(value, Node):
                    yield from value.walk()


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Return whether JSON nests deeper than ``limit`` (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)
    return False


def split_iri(iri: str) -> tuple[str, str]:
    """Split an IRI or prefixed name into ``(namespace, local name)``."""
    for sep in ("#", "/"):
        head, found, local = iri.rpartition(sep)
        if found and local:
            return head + sep, local
    head, found, local = iri.rpartition(":")
    return (head + ":", local) if found and local else ("", iri)


def local_name(iri: str) -> str:
    """Return the local name of an IRI, prefixed name or plain term."""
    return split_iri(iri)[1]


# --- expanded JSON-LD (and extruct RDFa, which is expanded already) -------


def from_expanded(expanded: Any, pointers: Mapping[int, str]) -> list[Node]:
    """Return the root nodes of an expanded JSON-LD document.

    Args:
        expanded: pyld's expanded output (a list of node objects).
        pointers: ``id(node object) -> pointer`` recorded during expansion.
    """
    roots: list[Node] = []
    for obj in expanded if isinstance(expanded, list) else [expanded]:
        if not isinstance(obj, dict):
            continue
        if set(obj) - {"@graph", "@id"}:
            roots.append(_expanded_node(obj, pointers, "", 0))
        roots.extend(from_expanded(obj.get("@graph", []), pointers))
    return roots


def _expanded_node(
    obj: dict[str, Any], pointers: Mapping[int, str], parent: str, depth: int
) -> Node:
    pointer = pointers.get(id(obj), parent)
    props: dict[str, list[Value]] = {}
    spaces: set[str] = set()
    types: list[str] = []
    for iri in obj.get("@type", []) if depth < MAX_DEPTH else []:
        if isinstance(iri, str):
            space, local = split_iri(iri)
            spaces.add(space)
            types.append(local)
    for key, raw in obj.items() if depth < MAX_DEPTH else ():
        if key.startswith("@"):
            continue
        space, local = split_iri(key)
        spaces.add(space)
        props.setdefault(local, []).extend(
            _expanded_values(raw, pointers, pointer, depth + 1)
        )
    node_id = obj.get("@id")
    return Node(
        id=node_id if isinstance(node_id, str) else None,
        types=tuple(types),
        props={k: tuple(v) for k, v in props.items()},
        pointer=pointer,
        namespaces=frozenset(spaces - {""}),
    )


def _expanded_values(
    raw: Any, pointers: Mapping[int, str], parent: str, depth: int
) -> list[Value]:
    out: list[Value] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, dict) and "@value" in item:
            if isinstance(item["@value"], str | int | float | bool):
                out.append(item["@value"])
        elif isinstance(item, dict) and ("@list" in item or "@set" in item):
            inner = item.get("@list", item.get("@set"))
            out.extend(_expanded_values(inner, pointers, parent, depth))
        elif isinstance(item, dict) and "@graph" in item:
            out.extend(
                _expanded_node(g, pointers, parent, depth)
                for g in item["@graph"]
                if isinstance(g, dict)
            )
        elif isinstance(item, dict):
            out.append(_expanded_node(item, pointers, parent, depth))
        elif isinstance(item, str | int | float | bool):
            out.append(item)
    return out


def at_pointer(data: Any, pointer: str) -> Any:
    """Return the value at a JSON pointer (RFC 6901) in ``data``, or ``None``."""
    current = data
    for raw in pointer.split("/")[1:] if pointer else ():
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict):
            current = current.get(token)
        elif (
            isinstance(current, list) and token.isdigit() and int(token) < len(current)
        ):
            current = current[int(token)]
        else:
            return None
    return current


def pointers_by_walk(data: Any, pointer: str = "") -> dict[int, str]:
    """Return ``id(object) -> pointer`` for every dict in ``data`` (RDFa input)."""
    found: dict[int, str] = {}
    if isinstance(data, dict):
        found[id(data)] = pointer
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return found
    for token, value in items:
        found.update(pointers_by_walk(value, f"{pointer}/{pointer_token(token)}"))
    return found
