"""Render pages that need JavaScript, only where needed (``--render``).

:mod:`.detect` decides from the page as served (pure functions),
:mod:`.compare` tells which JSON-LD blocks rendering added, and
:mod:`.browser` drives the system Chromium through scrapy-playwright.
"""

from __future__ import annotations

from crawler.render.compare import rendered_only_blocks
from crawler.render.detect import (
    RENDER_MODES,
    RenderMode,
    RenderReason,
    ServedPage,
    builds_jsonld,
    decide,
    inspect,
)

__all__ = [
    "RENDER_MODES",
    "RenderMode",
    "RenderReason",
    "ServedPage",
    "builds_jsonld",
    "decide",
    "inspect",
    "rendered_only_blocks",
]
