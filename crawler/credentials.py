"""Find the verifiable credentials a fetched document holds, and what they need.

The crawl keeps each secured credential as it was received (a
:class:`RawCredential`) so that :mod:`crawler.evidence` can verify it after
the crawl, and follows the resources its verification reads (``did:web``
documents, status list credentials: :func:`crawler.verify.resources_needed`)
through the same Scrapy requests, host guard and linked-record budget as any
other link. A compact VC-JWT served as a document of its own is read as an
``EnvelopedVerifiableCredential``, so normalisation sees its (unverified)
payload like an embedded one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from crawler.model import ExtractedPage, FetchedPage
from crawler.normalise.tracking import pointer_token
from crawler.verify import resources_needed
from crawler.verify.jose import DATA_URL_PREFIX, is_compact_jws

__all__ = [
    "RawCredential",
    "find_credentials",
    "is_secured_credential",
    "jwt_document_as_json",
    "resource_urls",
]

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
MAX_JWT_BYTES = 1_000_000
"""A compact VC-JWT document larger than this is not read as a credential."""

_MAX_DEPTH = 20  # credentials sit near the top of a block; do not walk further


@dataclass(frozen=True, slots=True, kw_only=True)
class RawCredential:
    """A secured credential as received, kept for verification after the crawl.

    Attributes:
        url: the page or document it was read from.
        block: the index of its JSON-LD block on that page (0 for a JSON or
            VC-JWT document), as in :attr:`rules.disclosure.Provenance.block`.
        pointer: the JSON pointer of the credential inside the block (``""``
            when it is the whole block).
        data: the credential's parsed JSON: one with a ``proof``, or an
            ``EnvelopedVerifiableCredential`` (a VC-JWT document is kept as one).
    """

    url: str
    block: int
    pointer: str = ""
    data: Mapping[str, Any] = field(repr=False, compare=False, hash=False)


def jwt_document_as_json(page: FetchedPage) -> FetchedPage | None:
    """Return a VC-JWT document as an enveloped-credential JSON document.

    A response whose whole body is one compact JWS (``application/vc+jwt``,
    or any text type) is rewritten as ``{"type":
    "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt,<jws>"}``
    so that extraction reads it as one JSON-LD block. ``None`` for any other
    response.
    """
    if not 200 <= page.status < 300 or not page.body:
        return None
    if len(page.body) > MAX_JWT_BYTES:
        return None
    try:
        text = page.body.decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    if text[:1] in ("{", "[", "<") or not is_compact_jws(text):
        return None
    document = {
        "@context": [V2_CONTEXT],
        "type": "EnvelopedVerifiableCredential",
        "id": DATA_URL_PREFIX + text,
    }
    return replace(
        page,
        body=json.dumps(document).encode("utf-8"),
        content_type="application/ld+json",
        encoding="utf-8",
    )


def find_credentials(page: ExtractedPage) -> tuple[RawCredential, ...]:
    """Return every secured credential in a page's JSON-LD blocks.

    A credential is secured when it carries a ``proof`` (Data Integrity) or
    is an ``EnvelopedVerifiableCredential`` (VC-JOSE). The walk does not
    descend into a credential it found; a presentation or a product block
    that embeds credentials is searched.
    """
    found: list[RawCredential] = []
    for block in page.jsonld:
        for pointer, data in _walk(block.data, "", 0):
            found.append(
                RawCredential(
                    url=page.url, block=block.index, pointer=pointer, data=data
                )
            )
    return tuple(found)


def resource_urls(credentials: tuple[RawCredential, ...]) -> tuple[str, ...]:
    """Return the URLs the credentials' verification reads, in order, once each."""
    urls: dict[str, None] = {}
    for credential in credentials:
        urls.update(dict.fromkeys(resources_needed(credential.data)))
    return tuple(urls)


def _walk(
    value: Any, pointer: str, depth: int
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Mapping):
        if is_secured_credential(value):
            yield pointer, value
            return
        for key, item in value.items():
            yield from _walk(item, f"{pointer}/{pointer_token(key)}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{pointer}/{index}", depth + 1)


def is_credential(value: Mapping[str, Any]) -> bool:
    """Return whether a JSON object is a credential (secured or not) or an envelope."""
    types = value.get("type", value.get("@type"))
    names = types if isinstance(types, list) else [types]
    return (
        "VerifiableCredential" in names
        or "EnvelopedVerifiableCredential" in names
        or ("credentialSubject" in value and "issuer" in value)
    )


def is_secured_credential(value: Mapping[str, Any]) -> bool:
    """Return whether a JSON object is a credential with a proof, or an envelope."""
    types = value.get("type", value.get("@type"))
    enveloped = "EnvelopedVerifiableCredential" in (
        types if isinstance(types, list) else [types]
    )
    return enveloped or (is_credential(value) and "proof" in value)
