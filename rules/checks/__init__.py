"""The built-in named checks, grouped by topic; importing this registers them all."""

from __future__ import annotations

from rules.checks import (
    carbon,
    certification,
    consistency,
    interface,
    materials,
    scope,
    site,
    traceability,
)

__all__ = [
    "carbon",
    "certification",
    "consistency",
    "interface",
    "materials",
    "scope",
    "site",
    "traceability",
]
