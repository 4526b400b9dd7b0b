"""Tell which JSON-LD blocks of a rendered page were not in the page as served."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from crawler.extract import jsonld

if TYPE_CHECKING:
    from collections.abc import Sequence

    from crawler.model import JsonLdBlock


def rendered_only_blocks(
    served_html: str, rendered_html: str, url: str
) -> tuple[int, ...]:
    """Return the indices of the rendered page's JSON-LD blocks that scripts added.

    Blocks are compared by their parsed data, not their text, so a block that
    the browser re-serialised with other whitespace still counts as served.
    Each served block matches one rendered block at most.

    Args:
        served_html: the page as the server sent it.
        rendered_html: the DOM after JavaScript ran, serialised.
        url: the page URL (named in extraction issues, which are ignored here).

    Returns:
        Block indices of the rendered page (as in ``Provenance.block``).
    """
    served, _ = jsonld.extract(served_html, url)
    rendered, _ = jsonld.extract(rendered_html, url)
    return added_blocks(served, rendered)


def added_blocks(
    served: Sequence[JsonLdBlock], rendered: Sequence[JsonLdBlock]
) -> tuple[int, ...]:
    """Return the indices of ``rendered`` blocks with no equal block in ``served``."""
    remaining = Counter(_canonical(block.data) for block in served)
    added: list[int] = []
    for block in rendered:
        key = _canonical(block.data)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            added.append(block.index)
    return tuple(added)


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
