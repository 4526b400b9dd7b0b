"""Stable keys and fingerprints: the supplier key and the disclosure's content hash.

The supplier key is the start URL, normalised so that the same site screened
twice maps to the same history: scheme and host in lower case, default ports
and fragments dropped, a trailing slash removed (``https://Acme.example/`` and
``https://acme.example`` are one supplier). The content hash is the SHA-256 of
the canonical JSON of the supplier's :class:`~rules.disclosure.SiteDisclosure`
projection (keys sorted, no spaces, UTF-8), so an unchanged site keeps its hash
from one inspection to the next.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rules.disclosure import SiteDisclosure
from rules.schema_eval import project

__all__ = [
    "canonical_json",
    "content_hash",
    "disclosure_document",
    "supplier_key",
    "text_hash",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def supplier_key(start_url: str) -> str:
    """Return the normalised start URL that identifies a supplier across runs.

    Args:
        start_url: the URL the crawl started from.

    Returns:
        The URL with scheme and host lower-cased, default port, credentials,
        fragment and trailing slash removed; the text itself when it is not a URL.
    """
    parts = urlsplit(start_url.strip())
    if not parts.scheme or not parts.netloc:
        return start_url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def disclosure_document(site: SiteDisclosure) -> dict[str, Any]:
    """Return the JSON projection of a supplier's site disclosure."""
    document: dict[str, Any] = project(site)
    return document


def canonical_json(document: Any) -> str:
    """Return the canonical JSON text of a JSON value: sorted keys, no spaces."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(document: Any) -> str:
    """Return the hex SHA-256 of a JSON value's canonical text."""
    return text_hash(canonical_json(document))


def text_hash(text: str) -> str:
    """Return the hex SHA-256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
