"""One block (or microdata / RDFa item) of a page, as trees ready for mapping.

A JSON-LD block is expanded offline; its tree is built from the expansion,
except for UNTP credentials, which are read in compact form (see
:mod:`crawler.normalise.vocab.untp`). A block without ``@context`` is plain
JSON, read as written, with syntax ``json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.model import JsonLdBlock, StructuredItem
from crawler.normalise.compact import from_compact, from_microdata
from crawler.normalise.contexts import ContextMatch, ContextRegistry
from crawler.normalise.expand import BlockRef, Expansion, expand_block
from crawler.normalise.harvest import MapContext
from crawler.normalise.terms import unknown_in_expanded, unknown_in_microdata
from crawler.normalise.tree import Node, from_expanded, pointers_by_walk, too_deep
from crawler.normalise.vocab.untp import untp_vocabulary
from rules.disclosure import Issue


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """The root nodes of one block, where they came from, and its issues.

    Attributes:
        roots: the block's root nodes.
        ctx: the mapping context (page index added later).
        hints: names of the contexts the block cited.
        contexts: the contexts served for it.
        issues: context, expansion, dropped- and unknown-term issues.
    """

    roots: tuple[Node, ...]
    ctx: MapContext
    hints: frozenset[str] = frozenset()
    contexts: tuple[ContextMatch, ...] = ()
    issues: tuple[Issue, ...] = field(default_factory=tuple)


def jsonld_block(
    block: JsonLdBlock,
    registry: ContextRegistry,
    url: str,
    *,
    deadline: float | None = None,
) -> Block:
    """Return the trees of one ``<script type="application/ld+json">`` block.

    ``deadline`` bounds its expansion (see :func:`expand_block`).
    """
    where = BlockRef(url=url, block=block.index, line=block.line, column=block.column)
    expansion = expand_block(block.data, registry, where, deadline=deadline)
    compact = [] if too_deep(block.data) else from_compact(block.data)
    ctx = MapContext(
        url=url,
        syntax="json-ld" if expansion.is_jsonld else "json",
        block=block.index,
        line=block.line,
        column=block.column,
        source=block.data,
    )
    if not expansion.is_jsonld or any(untp_vocabulary(r) for r in compact):
        roots = compact
        issues = list(expansion.issues)
    else:
        roots = from_expanded(list(expansion.expanded), expansion.pointers)
        issues = [*expansion.issues, *_unknown_terms(expansion, where)]
    return Block(
        roots=tuple(roots),
        ctx=ctx,
        hints=expansion.context_names,
        contexts=expansion.contexts,
        issues=tuple(issues),
    )


def structured_block(item: StructuredItem, url: str) -> Block:
    """Return the tree of one microdata or RDFa item."""
    ctx = MapContext(url=url, syntax=item.syntax, block=item.index)
    where = BlockRef(url=url, block=item.index)
    if too_deep(item.data):
        return Block(
            roots=(),
            ctx=ctx,
            issues=(
                where.issue(
                    "extraction", "item nests too deep: not read", detail="depth"
                ),
            ),
        )
    if item.syntax == "microdata":
        roots = [from_microdata(item.data)]
        found = unknown_in_microdata(item.data)
    else:  # extruct's RDFa items are expanded JSON-LD node objects already
        pointers = pointers_by_walk(item.data)
        roots = from_expanded(item.data, pointers)
        found = unknown_in_expanded(item.data, pointers)
    issues = [
        _unknown_issue(term, vocabulary, pointer, where)
        for term, vocabulary, pointer in found
    ]
    return Block(roots=tuple(roots), ctx=ctx, issues=tuple(dict.fromkeys(issues)))


def _unknown_terms(expansion: Expansion, where: BlockRef) -> list[Issue]:
    found = unknown_in_expanded(list(expansion.expanded), expansion.pointers)
    issues = [
        _unknown_issue(term, vocab, pointer, where) for term, vocab, pointer in found
    ]
    return list(dict.fromkeys(issues))


def _unknown_issue(term: str, vocabulary: str, pointer: str, where: BlockRef) -> Issue:
    return where.issue(
        "unknown-term",
        f"{term!r} at {pointer or '/'} is not a term of {vocabulary}: it names nothing",
        detail=term,
        pointer=pointer,
    )
