"""What the caller must fetch before verifying: DID documents and status lists.

Verification is pure: the crawl fetches these URLs and passes their bytes in.
A status list credential can name resources of its own (its issuer's DID
document), so :func:`missing_resources` is called again after each round of
fetching until it returns nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from crawler.verify.did import Resources, document_url
from crawler.verify.envelope import Decoded, decode, issuer_id
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.jose import key_id, read_header
from crawler.verify.statuslist import status_entries

MAX_DEPTH = 2


def resources_needed(credential: bytes | str | Mapping[str, Any]) -> tuple[str, ...]:
    """Return the URLs a credential's verification reads, without fetching any.

    These are the documents of ``did:web`` (or HTTPS) verification methods
    and the status list credentials. A credential that cannot be read needs
    nothing (its verification fails on its own).
    """
    return tuple(dict.fromkeys(url for url, _ in _needed(credential)))


def missing_resources(
    credential: bytes | str | Mapping[str, Any], resources: Resources
) -> tuple[str, ...]:
    """Return the URLs still to fetch, given those already fetched.

    A URL counts as fetched when it is a key of ``resources``, even with the
    value ``None`` (fetching it failed). Fetched status list credentials are
    read for the resources they need in turn (two levels deep at most).
    """
    return tuple(dict.fromkeys(_missing(credential, resources, depth=0)))


def _missing(
    credential: bytes | str | Mapping[str, Any], resources: Resources, depth: int
) -> Iterator[str]:
    for url, is_status_list in _needed(credential):
        if url not in resources:
            yield url
        elif is_status_list and depth < MAX_DEPTH:
            fetched = resources[url]
            if fetched is not None:
                yield from _missing(fetched, resources, depth + 1)


def _needed(credential: bytes | str | Mapping[str, Any]) -> Iterator[tuple[str, bool]]:
    """Yield ``(url, is a status list)`` for every resource, in reading order."""
    try:
        decoded = decode(credential)
    except CredentialInvalid:
        return
    for method in _method_ids(decoded):
        url = document_url(method)
        if url is not None:
            yield url, False
    try:
        entries = status_entries(decoded.credential)
    except (CredentialInvalid, CannotVerify):
        entries = ()
    for entry in entries:
        yield entry.list_url, True


def _method_ids(decoded: Decoded) -> Iterator[str]:
    if decoded.token is not None:
        try:
            kid = key_id(read_header(decoded.token), issuer_id(decoded.credential))
        except CredentialInvalid:
            return
        if kid is not None:
            yield kid
        return
    proofs = decoded.credential.get("proof")
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        if isinstance(proof, Mapping) and isinstance(
            proof.get("verificationMethod"), str
        ):
            yield proof["verificationMethod"]
