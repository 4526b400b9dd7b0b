"""Readers shared by several vocabularies: parties, credentials, footprints."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from crawler.normalise.access import (
    as_text,
    date_of,
    enum,
    has_type,
    name_of,
    node,
    text,
    values,
)
from crawler.normalise.harvest import MapContext
from crawler.normalise.ids import is_global_id
from crawler.normalise.tree import Node, Value
from rules.disclosure import CredentialRef, Party

_STANDARD_MENTION = re.compile(
    r"\b(?:ISO|EN|PAS|IEC)[\s_-]*(?:Standard[\s_-]*)?\d{4,5}(?:[-/]\d{2,5})?"
    r"|GHG\s*Protocol(?:\s*Product)?|GHGP-Product",
    re.IGNORECASE,
)


def party(value: Value | None, ctx: MapContext, role: str | None) -> Party | None:
    """Return the party a value names (a node, a reference, an IRI or a name)."""
    found = ctx.resolve(value)
    if found is None:
        text_value = as_text(value)
        if text_value and re.match(r"^[a-z][a-z0-9+.-]*:\S+$", text_value):
            return Party(id=text_value, role=role)  # a DID or URL, not a name
        return Party(name=text_value, role=role) if text_value else None
    party_id = found.id if found.id and is_global_id(found.id) else None
    party_id = party_id or text(found, "url")
    name = name_of(found)
    if name is None and party_id is None:
        return None
    return Party(name=name, id=party_id, role=role)


def first_value(parent: Node | None, name: str) -> Value | None:
    """Return the first value of ``name`` (scalar or node), or ``None``."""
    found = values(parent, name)
    return found[0] if found else None


def find_nodes(root: Node, wanted: Callable[[Node], bool]) -> Iterator[Node]:
    """Yield nodes below ``root`` (itself included) that are ``wanted``.

    The walk does not descend into a wanted node: a Product nested in a
    WebPage is found, the Products related to it are left to its mapper.
    """
    if wanted(root):
        yield root
        return
    for vals in root.props.values():
        for value in vals:
            if isinstance(value, Node):
                yield from find_nodes(value, wanted)


def is_credential(root: Node) -> bool:
    """Return whether a node is a W3C Verifiable Credential envelope."""
    return has_type(root, "VerifiableCredential") or (
        "credentialSubject" in root.props and "issuer" in root.props
    )


def credential_ref(root: Node, ctx: MapContext) -> CredentialRef:
    """Return the envelope facts of a Verifiable Credential node."""
    issuer = values(root, "issuer")
    issuer_id = as_text(issuer[0]) if issuer else None
    if issuer and isinstance(issuer[0], Node):
        issuer_id = issuer[0].id
    status = node(root, "credentialStatus")
    inherited = ctx.credential.envelope if ctx.credential else "none"
    envelope = "data-integrity" if "proof" in root.props else inherited
    return CredentialRef(
        url=root.id if root.id and not root.id.startswith("data:") else None,
        envelope=envelope,
        issuer=issuer_id,
        valid_from=date_of(root, "validFrom", "issuanceDate"),
        valid_until=date_of(root, "validUntil", "expirationDate"),
        status_list_url=text(status, "statusListCredential"),
    )


def enveloped_payload(root: Node) -> Any | None:
    """Return the (unverified) credential inside a VC-JOSE enveloped credential.

    The verifier checks the signature later; here the payload is only read so
    its facts can be normalised, and its CredentialRef says ``vc-jwt``.
    """
    if not has_type(root, "EnvelopedVerifiableCredential") or not root.id:
        return None
    head, _, token = root.id.partition(",")
    if not head.startswith("data:application/vc+jwt") or token.count(".") != 2:
        return None
    payload = token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError):
        return None


def link_url(value: Value | None) -> str | None:
    """Return the URL of a UNTP Link (``linkURL``) or a plain URL value."""
    if isinstance(value, Node):
        return text(value, "linkURL", "url") or (value.id if value.is_ref else None)
    return as_text(value)


def standards_mentioned(*texts: str | None) -> tuple[str, ...]:
    """Return the standards named in free text (``... per ISO 14067``)."""
    found = (m.group(0) for t in texts if t for m in _STANDARD_MENTION.finditer(t))
    return tuple(dict.fromkeys(found))


def enum_of(parent: Node | None, *names: str) -> str | None:
    """Return the local name of the first enumeration value among ``names``."""
    found = values(parent, *names)
    return enum(found[0]) if found else None
