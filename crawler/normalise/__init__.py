"""Normalisation: embedded structured data -> greengate's one disclosure model.

``normalise_page`` reads an :class:`~crawler.model.ExtractedPage` (JSON-LD
blocks expanded offline with the bundled contexts, microdata, RDFa, links)
into a :class:`PageDisclosure`; ``build_site`` merges a supplier's pages into
the :class:`~rules.disclosure.SiteDisclosure` that rules evaluate.
"""

from __future__ import annotations

from crawler.normalise.contexts import ContextMatch, ContextRegistry
from crawler.normalise.page import PageDisclosure, normalise_page
from crawler.normalise.site import build_site

__all__ = [
    "ContextMatch",
    "ContextRegistry",
    "PageDisclosure",
    "build_site",
    "normalise_page",
]
