"""A pyld expansion that remembers where each node and dropped term came from.

pyld reports a dropped term to ``on_property_dropped`` with nothing but the
expanded term, and deep-copies its input, so neither the dropped term's place
nor the source of an expanded node can be recovered afterwards. This
processor follows the walk instead: it keeps a stack of the elements being
expanded with their JSON pointers, records the pointer of every node object it
returns, and pins each dropped term to the element it was dropped from.

It overrides two private pyld methods (``_expand``, ``_expand_object``); the
tests in ``tests/crawler/test_normalise_expand.py`` pin that behaviour.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from pyld.jsonld import JsonLdProcessor

JSONLD_KEYWORDS = frozenset(
    [
        "@base",
        "@container",
        "@context",
        "@direction",
        "@graph",
        "@id",
        "@import",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@prefix",
        "@propagate",
        "@protected",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    ]
)


def pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, slots=True)
class DroppedTerm:
    """A key that expansion dropped, and the JSON pointer of its object."""

    term: str
    pointer: str


@dataclass(slots=True)
class _Frame:
    element: Any
    pointer: str
    context: Any = None
    reported: set[str] | None = None
    children: dict[int, str] | None = None  # id(child) -> token, built on demand

    def token_of(self, child: Any) -> str | None:
        """Return the pointer token of a direct child (its first occurrence)."""
        if self.children is None:
            items: Any = ()
            if isinstance(self.element, dict):
                items = self.element.items()
            elif isinstance(self.element, list):
                items = enumerate(self.element)
            # One index per parent: scanning the parent for every child
            # would make a long array quadratic.
            self.children = {}
            for token, value in items:
                self.children.setdefault(id(value), pointer_token(token))
        return self.children.get(id(child))


class ExpansionOverdue(Exception):
    """Expansion passed its deadline: the block is too costly to read."""


class TrackingProcessor(JsonLdProcessor):  # type: ignore[misc]
    """A ``JsonLdProcessor`` that tracks JSON pointers during expansion.

    Attributes:
        pointers: ``id(expanded node) -> (node, pointer)``; the node is kept so
            that its id cannot be reused while the mapping is alive.
        dropped: the terms dropped, in the order pyld met them.
    """

    def __init__(self, deadline: float | None = None) -> None:
        """Create a processor; past ``deadline`` (``time.monotonic()``) it stops.

        Raises:
            ExpansionOverdue: from :meth:`expand`, once the deadline has passed.
        """
        super().__init__(on_property_dropped=self._on_dropped)
        self._frames: list[_Frame] = []
        self._deadline = deadline
        self.pointers: dict[int, tuple[Any, str]] = {}
        self.dropped: list[DroppedTerm] = []

    def _expand(
        self, active_ctx: Any, active_property: Any, element: Any, *args: Any, **kw: Any
    ) -> Any:
        # pyld cannot be interrupted otherwise; a type-scoped context costs
        # about 1 ms per node, so a large block could hold the reactor for long.
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise ExpansionOverdue("the deadline passed")
        self._frames.append(_Frame(element, self._pointer_of(element)))
        try:
            result = super()._expand(active_ctx, active_property, element, *args, **kw)
        finally:
            frame = self._frames.pop()
        if isinstance(result, dict):
            self.pointers[id(result)] = (result, frame.pointer)
        return result

    def _expand_object(
        self,
        active_ctx: Any,
        active_property: Any,
        expanded: Any,
        element: Any,
        *args: Any,
        **kw: Any,
    ) -> Any:
        # The context here is the one keys are expanded with (after type- and
        # property-scoped contexts), which is what names a key mapped to null.
        pointer = self._pointer_of(element)
        self._frames.append(_Frame(element, pointer, active_ctx, set()))
        try:
            return super()._expand_object(
                active_ctx, active_property, expanded, element, *args, **kw
            )
        finally:
            self._frames.pop()

    def _pointer_of(self, element: Any) -> str:
        """Return the pointer of ``element`` from its parent on the stack."""
        if not self._frames:
            return ""
        parent = self._frames[-1]
        if parent.element is element:
            return parent.pointer
        token = parent.token_of(element)
        return parent.pointer if token is None else f"{parent.pointer}/{token}"

    def _on_dropped(self, term: str | None) -> None:
        frame = next(
            (f for f in reversed(self._frames) if f.reported is not None), None
        )
        if (
            frame is None
            or frame.reported is None
            or not isinstance(frame.element, dict)
        ):
            self.dropped.append(DroppedTerm(term or "?", ""))
            return
        key = self._dropped_key(frame, term)
        frame.reported.add(key)
        pointer = (
            f"{frame.pointer}/{pointer_token(key)}" if key in frame.element else ""
        )
        self.dropped.append(DroppedTerm(key, pointer or frame.pointer))

    def _dropped_key(self, frame: _Frame, term: str | None) -> str:
        """Return the key pyld dropped; it passes ``None`` for null mappings."""
        if term is not None and term in frame.element:
            return term
        reported = frame.reported or set()
        for key in sorted(frame.element):
            if key in reported or key in JSONLD_KEYWORDS:
                continue
            expanded = self._expand_iri(frame.context, key, vocab=True)
            if expanded is None or expanded == term or key.startswith("@"):
                return str(key)
        return term or "?"
