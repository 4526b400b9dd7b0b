"""Local-name trees from compact JSON (plain JSON, UNTP credentials) and microdata.

Compact keys are taken as written, minus any prefix (``schema:name`` ->
``name``); ``id``/``@id`` and ``type``/``@type`` are the node's id and types.
Every node keeps the JSON pointer of its source object.
"""

from __future__ import annotations

from typing import Any

from crawler.normalise.tracking import pointer_token
from crawler.normalise.tree import MAX_DEPTH, Node, Value, local_name, split_iri


def from_compact(data: Any, pointer: str = "") -> list[Node]:
    """Return the root nodes of a compact JSON(-LD) document, keys as written."""
    if isinstance(data, list):
        return [
            root
            for index, item in enumerate(data)
            for root in from_compact(item, f"{pointer}/{index}")
        ]
    if not isinstance(data, dict):
        return []
    roots: list[Node] = []
    if set(data) - {"@graph", "@context"}:
        roots.append(compact_node(data, pointer, 0))
    if "@graph" in data:
        roots.extend(from_compact(data["@graph"], f"{pointer}/@graph"))
    return roots


def compact_node(obj: dict[str, Any], pointer: str, depth: int = 0) -> Node:
    """Return the node for one compact JSON object."""
    props: dict[str, list[Value]] = {}
    for key, raw in obj.items() if depth < MAX_DEPTH else ():
        if key in ("@context", "@id", "id", "@type", "type"):
            continue
        here = f"{pointer}/{pointer_token(key)}"
        props.setdefault(local_name(key), []).extend(_compact_values(raw, here, depth))
    node_id = obj.get("@id", obj.get("id"))
    raw_types = obj.get("@type", obj.get("type", []))
    types = raw_types if isinstance(raw_types, list) else [raw_types]
    return Node(
        id=node_id if isinstance(node_id, str) else None,
        types=tuple(local_name(t) for t in types if isinstance(t, str)),
        props={k: tuple(v) for k, v in props.items()},
        pointer=pointer,
    )


def _compact_values(raw: Any, pointer: str, depth: int) -> list[Value]:
    if isinstance(raw, list):
        return [
            value
            for index, item in enumerate(raw)
            for value in _compact_values(item, f"{pointer}/{index}", depth)
        ]
    if isinstance(raw, dict):
        if "@value" in raw:
            return _compact_values(raw["@value"], pointer, depth)
        if "@list" in raw or "@set" in raw:
            return _compact_values(raw.get("@list", raw.get("@set")), pointer, depth)
        return [compact_node(raw, pointer, depth + 1)]
    if isinstance(raw, str | int | float | bool):
        return [raw]
    return []


def from_microdata(item: Any, pointer: str = "", depth: int = 0) -> Node:
    """Return the node for one extruct microdata item (``type``/``properties``)."""
    raw_types = item.get("type", []) if isinstance(item, dict) else []
    types = [
        t
        for t in (raw_types if isinstance(raw_types, list) else [raw_types])
        if isinstance(t, str)
    ]
    props: dict[str, list[Value]] = {}
    spaces = {split_iri(t)[0] for t in types}
    properties = item.get("properties", {}) if isinstance(item, dict) else {}
    for key, raw in properties.items() if depth < MAX_DEPTH else ():
        here = f"{pointer}/properties/{pointer_token(key)}"
        values = raw if isinstance(raw, list) else [raw]
        for index, value in enumerate(values):
            where = f"{here}/{index}" if isinstance(raw, list) else here
            if isinstance(value, dict):
                props.setdefault(local_name(key), []).append(
                    from_microdata(value, where, depth + 1)
                )
            elif isinstance(value, str | int | float | bool):
                props.setdefault(local_name(key), []).append(value)
    item_id = item.get("id") if isinstance(item, dict) else None
    return Node(
        id=item_id if isinstance(item_id, str) else None,
        types=tuple(local_name(t) for t in types),
        props={k: tuple(v) for k, v in props.items()},
        pointer=pointer,
        namespaces=frozenset(spaces - {""}),
    )
