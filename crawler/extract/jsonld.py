r"""Read each JSON-LD ``<script>`` block of a page on its own.

extruct's JSON-LD extractor loses every block of a page as soon as one of them
is malformed. This module finds the script elements with a light scan (no DOM),
parses every block separately and reports a broken one with its position in the
page, so the rest of the page is still screened (rule CORE-JSONLD-01).

Template wrappers around a block (HTML comments, CDATA, JavaScript comments)
are tolerated; anything else that is not JSON makes the block a
``jsonld-syntax`` issue (see :mod:`crawler.extract._jsontext`).

A block is written by the party being screened, so its size is bounded too:
a block nesting deeper than :data:`MAX_DEPTH` levels, holding more than
:data:`MAX_BLOCK_VALUES` JSON values, or past the page's budget of
:data:`MAX_PAGE_VALUES` values is not read; it becomes a ``jsonld-syntax``
issue naming the page, the block and its line (rule CORE-JSONLD-01), and the
page's other blocks are still read. Normalising costs about 0.1 ms per value,
so these limits keep a hostile page to seconds, not hours.

Positions are 1-based, lines end at ``\n`` and a column counts characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extract._jsontext import SyntaxProblem, parse
from crawler.model import JsonLdBlock
from rules.disclosure import Issue

_MEDIA_TYPE = "application/ld+json"

MAX_DEPTH = 64
"""Deepest nesting read; the same as :data:`crawler.normalise.tree.MAX_DEPTH`."""

MAX_BLOCK_VALUES = 50_000
"""JSON values (objects, arrays, scalars) one block may hold and still be read."""

MAX_PAGE_VALUES = 100_000
"""JSON values all the blocks of one page may hold; later blocks are not read."""

# The scan only needs to know where comments and script elements start: script
# content is raw text up to "</script", so it is skipped in one jump, and a
# commented-out script must not be read.
_OPENER = re.compile(r"<(?:!--|[sS][cC][rR][iI][pP][tT](?=[\s/>]))")
_START_TAG_REST = re.compile(r"""((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_SCRIPT_CLOSE = re.compile(r"</[sS][cC][rR][iI][pP][tT]")
_TYPE_ATTR = re.compile(
    r"""(?:^|[\s/"'])type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)


def extract(html: str, url: str) -> tuple[tuple[JsonLdBlock, ...], tuple[Issue, ...]]:
    """Parse every JSON-LD script block of a page independently.

    Args:
        html: the decoded page.
        url: the page URL, named in issue messages.

    Returns:
        The blocks that parsed (in page order, each with its 0-based index
        among the page's JSON-LD scripts) and one ``jsonld-syntax`` issue per
        block that did not. Empty blocks and ``null`` blocks are skipped.
    """
    blocks: list[JsonLdBlock] = []
    issues: list[Issue] = []
    line, line_pos = 1, 0
    budget = MAX_PAGE_VALUES
    for index, (start, end) in enumerate(_script_spans(html)):
        # Count newlines incrementally: a page is scanned once, not per block.
        line += html.count("\n", line_pos, start)
        line_pos = start
        column = start - html.rfind("\n", 0, start)
        where = _Where(url=url, index=index, line=line, column=column)
        block, issue, used = _parse_bounded(html[start:end], where, budget)
        budget -= used
        if block is not None:
            blocks.append(block)
        if issue is not None:
            issues.append(issue)
    return tuple(blocks), tuple(issues)


def parse_block(
    text: str, *, url: str, index: int = 0, line: int = 1, column: int = 1
) -> tuple[JsonLdBlock | None, Issue | None]:
    """Parse one JSON-LD block whose text starts at ``line``/``column`` of a page.

    Args:
        text: the block's text (a script's content, or a whole JSON response).
        url: the page URL, named in the issue message.
        index: the block's 0-based index among the page's JSON-LD scripts.
        line: the page line where ``text`` starts.
        column: the page column where ``text`` starts.

    Returns:
        ``(block, None)`` when it parsed, ``(None, issue)`` when it is not JSON
        or passes a size limit (:data:`MAX_DEPTH`, :data:`MAX_BLOCK_VALUES`),
        and ``(None, None)`` when it is empty or holds no object or array.
    """
    where = _Where(url=url, index=index, line=line, column=column)
    block, issue, _ = _parse_bounded(text, where, MAX_PAGE_VALUES)
    return block, issue


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a block's text starts: the page, the block's index, line and column."""

    url: str
    index: int
    line: int
    column: int


def _parse_bounded(
    text: str, where: _Where, budget: int
) -> tuple[JsonLdBlock | None, Issue | None, int]:
    """Parse a block within the size limits; also return the values it used.

    ``budget`` is what is left of the page's :data:`MAX_PAGE_VALUES`.
    """
    url, index, line, column = where.url, where.index, where.line, where.column
    try:
        data = parse(text)
    except SyntaxProblem as problem:
        return None, _syntax_issue(text, problem, url, index, line, column), 0
    if not isinstance(data, dict | list):
        return None, None, 0
    values, refusal = _measure(data, min(MAX_BLOCK_VALUES, budget))
    if refusal is not None:
        if values > budget and budget < MAX_BLOCK_VALUES:
            refusal = (
                f"the page's JSON-LD blocks hold more than {MAX_PAGE_VALUES:,}"
                " JSON values in all"
            )
        return None, _limit_issue(where, refusal), 0
    block = JsonLdBlock(index=index, line=line, column=column, data=data)
    return block, None, values


def _measure(data: object, max_values: int) -> tuple[int, str | None]:
    """Count a block's JSON values, stopping at the first limit it passes.

    Returns:
        The values counted and, when a limit was passed, why the block is
        not read. The walk uses its own stack: a block may nest thousands deep.
    """
    stack: list[tuple[object, int]] = [(data, 0)]
    values = 0
    while stack:
        item, depth = stack.pop()
        values += 1
        if depth > MAX_DEPTH:
            return values, f"it nests deeper than {MAX_DEPTH} levels"
        if values > max_values:
            return values, f"it holds more than {max_values:,} JSON values"
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)
    return values, None


def _limit_issue(where: _Where, reason: str) -> Issue:
    """Build the issue for a block that is valid JSON but too big to read."""
    return Issue(
        kind="jsonld-syntax",
        url=where.url,
        block=where.index,
        line=where.line,
        column=where.column,
        message=(
            f"{where.url}: JSON-LD block {where.index + 1} at line {where.line}"
            f" was not read: {reason}"
        ),
        detail="limit",
    )


def _script_spans(html: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the JSON-LD script contents in order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (opener := _OPENER.search(html, pos)) is not None:
        if opener.group() == "<!--":
            pos = _comment_end(html, opener.end())
            continue
        attrs, start = _start_tag(html, opener.end())
        close = _SCRIPT_CLOSE.search(html, start)
        end = close.start() if close else len(html)
        if _is_jsonld(attrs):
            spans.append((start, end))
        pos = close.end() if close else len(html)
    return spans


def _start_tag(html: str, pos: int) -> tuple[str, int]:
    """Return a start tag's attribute text and the offset just after its ``>``."""
    tag = _START_TAG_REST.match(html, pos)
    if tag is not None:
        return tag.group(1), tag.end()
    # An unbalanced quote: end the tag at the next ">" as browsers recover.
    end = html.find(">", pos)
    end = len(html) if end < 0 else end + 1
    return html[pos:end], end


def _comment_end(html: str, pos: int) -> int:
    """Return the offset after an HTML comment whose text starts at ``pos``."""
    # "<!-->" and "<!--->" are complete (empty) comments in HTML.
    for short in (">", "->"):
        if html.startswith(short, pos):
            return pos + len(short)
    end = html.find("-->", pos)
    return len(html) if end < 0 else end + 3


def _is_jsonld(attrs: str) -> bool:
    """Tell whether a script start tag's attributes declare JSON-LD."""
    match = _TYPE_ATTR.search(attrs)
    if match is None:
        return False
    value = next(group for group in match.groups() if group is not None)
    return value.split(";", 1)[0].strip().lower() == _MEDIA_TYPE


def _syntax_issue(
    text: str, problem: SyntaxProblem, url: str, index: int, line: int, column: int
) -> Issue:
    """Build the issue for a broken block, located at page line and column."""
    offset = problem.offset
    message = problem.message
    if not text[offset:].strip():
        message += "; the block ends before the JSON value is complete"
    newlines = text.count("\n", 0, offset)
    error_line = line + newlines
    error_column = offset - text.rfind("\n", 0, offset)
    if newlines == 0:
        error_column += column - 1
    return Issue(
        kind="jsonld-syntax",
        url=url,
        block=index,
        line=error_line,
        column=error_column,
        message=(
            f"{url}: JSON-LD block {index + 1} is not valid JSON at line"
            f" {error_line}, column {error_column}: {message}"
        ),
        detail=_excerpt(text, offset),
    )


def _excerpt(text: str, offset: int) -> str:
    """Return the source line of a fault, or the last non-blank line before it."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    current = text[start : len(text) if end < 0 else end].strip()
    if current:
        return current[:160]
    # A truncated block fails on the blank line after its last line of JSON.
    before = text[:start].rstrip()
    return before[before.rfind("\n") + 1 :].strip()[:160]
