"""What a vocabulary mapper gets (a context) and gives back (a harvest)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.normalise.tree import Node, Value
from rules.disclosure import (
    AnchorRecord,
    Certification,
    CredentialRef,
    Issue,
    IssueKind,
    Product,
    Provenance,
    Syntax,
    TraceRecord,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class MapContext:
    """Where the nodes being mapped came from, and the page's other nodes.

    Attributes:
        url: the page or document URL.
        syntax: how the block was embedded.
        block: index of the block (or item) on the page.
        line: first line of the block on the page, when known.
        column: first column of the block, when known.
        index: every node on the page with an ``@id`` and properties, by id,
            so references (``{"@id": ...}``) can be followed across blocks.
        referenced: ids that some node on the page refers to by reference.
        credential: the Verifiable Credential the nodes were wrapped in.
        vocabulary: the vocabulary detected for the block, when one was.
        source: the block's JSON as parsed (JSON-LD blocks only), for facts
            that must be computed from the original text, e.g. EPCIS event
            hash IDs.
    """

    url: str
    syntax: Syntax
    block: int | None = None
    line: int | None = None
    column: int | None = None
    index: Mapping[str, Node] = field(default_factory=dict)
    referenced: frozenset[str] = frozenset()
    credential: CredentialRef | None = None
    vocabulary: str | None = None
    source: Any = None

    def prov(
        self, where: Node | str | None, vocabulary: str | None = None
    ) -> Provenance:
        """Return the provenance of a fact read from a node (or a JSON pointer)."""
        return Provenance(
            url=self.url,
            syntax=self.syntax,
            vocabulary=vocabulary or self.vocabulary or "unknown",
            pointer=where.pointer if isinstance(where, Node) else where or "",
            block=self.block,
            line=self.line,
        )

    def issue(
        self, kind: IssueKind, message: str, node: Node | None = None, **extra: Any
    ) -> Issue:
        """Return an issue located at this block (and ``node``'s pointer)."""
        return Issue(
            kind=kind,
            url=self.url,
            message=message,
            block=self.block,
            line=self.line,
            column=self.column,
            pointer=node.pointer if node is not None else None,
            **extra,
        )

    def resolve(self, value: Value | None) -> Node | None:
        """Return the full node a value stands for (following a reference)."""
        if not isinstance(value, Node):
            return None
        if value.is_ref and value.id is not None and value.id in self.index:
            return self.index[value.id]
        return value


@dataclass(slots=True)
class Harvest:
    """The model objects read from one block (mutable while it is built).

    ``products`` are products described by a node of their own; ``loose``
    products carry facts read outside any product node (a PACT footprint, a
    standalone Certification, a conformity credential) together with the
    identifiers they name, so the page can attach them to its product.
    """

    products: list[Product] = field(default_factory=list)
    loose: list[Product] = field(default_factory=list)
    organisation_certifications: list[Certification] = field(default_factory=list)
    trace_records: list[TraceRecord] = field(default_factory=list)
    anchors: list[AnchorRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def extend(self, other: Harvest) -> None:
        """Add everything ``other`` holds to this harvest."""
        self.products.extend(other.products)
        self.loose.extend(other.loose)
        self.organisation_certifications.extend(other.organisation_certifications)
        self.trace_records.extend(other.trace_records)
        self.anchors.extend(other.anchors)
        self.issues.extend(other.issues)
