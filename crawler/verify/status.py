"""Check a credential's status entries against their verified status lists.

Each ``BitstringStatusListEntry`` names a status list credential that the
caller fetched. That credential must itself verify (by the same verifier,
one level down), come from the same issuer and serve the entry's purpose;
only then is the entry's bit read. A set revocation or suspension bit fails
the credential; a list that is missing or does not verify gives ``error``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crawler.verify.did import Resources
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.model import VerificationResult
from crawler.verify.statuslist import (
    FAILING_PURPOSES,
    LIST_TYPE,
    StatusEntry,
    decode_list,
    status_at,
    status_entries,
)
from crawler.verify.trace import Trace
from crawler.verify.vcdm import types_of

VerifyList = Callable[[bytes], VerificationResult]


def check_status(
    credential: Mapping[str, Any],
    issuer: str | None,
    resources: Resources,
    verify_list: VerifyList | None,
    trace: Trace,
) -> bool:
    """Check every status entry into ``trace``; return whether there was any.

    Args:
        credential: the credential whose ``credentialStatus`` is read.
        issuer: its issuer: each status list must have the same one.
        resources: the fetched status list credentials, by URL.
        verify_list: verifies a status list credential; ``None`` when lists
            nest too deep to verify another one.
        trace: where the steps go.
    """
    try:
        entries = status_entries(credential)
    except CredentialInvalid as exc:
        trace.fail("status", str(exc))
        return True
    except CannotVerify as exc:
        trace.error("status", str(exc))
        return True
    for entry in entries:
        name = f"status ({entry.purpose})"
        try:
            value = _status_value(entry, issuer, resources, verify_list)
        except CannotVerify as exc:
            trace.error(name, str(exc))
            continue
        where = f"index {entry.index} of {entry.list_url}"
        word = FAILING_PURPOSES.get(entry.purpose)
        if word and value:
            trace.fail(name, f"{word}: {where} is set", message=f"{word} ({where})")
        elif word:
            trace.ok(name, f"not {word}: {where} is clear")
        else:
            trace.ok(name, f"status {value:#x} at {where}")
    return bool(entries)


def _status_value(
    entry: StatusEntry,
    issuer: str | None,
    resources: Resources,
    verify_list: VerifyList | None,
) -> int:
    """Verify the entry's status list credential and read the entry's bits.

    Raises:
        CannotVerify: the list is missing, does not verify, or does not fit.
    """
    url = entry.list_url
    if verify_list is None:
        raise CannotVerify(f"status list {url}: status lists nest too deep")
    if url not in resources:
        raise CannotVerify(f"status list {url} was not fetched")
    data = resources[url]
    if data is None:
        raise CannotVerify(f"status list {url} could not be fetched")
    listed = verify_list(data)
    if listed.status != "verified" or listed.credential is None:
        raise CannotVerify(
            f"status list credential {url} did not verify: {listed.message}"
        )
    if listed.issuer != issuer:
        raise CannotVerify(
            f"status list {url} is issued by {listed.issuer}, not by {issuer}"
        )
    subject = listed.credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, Mapping) or LIST_TYPE not in types_of(subject):
        raise CannotVerify(f"{url} is not a {LIST_TYPE} credential")
    purposes = subject.get("statusPurpose")
    if entry.purpose not in (purposes if isinstance(purposes, list) else [purposes]):
        raise CannotVerify(f"status list {url} is not for {entry.purpose}")
    bits = decode_list(subject.get("encodedList"), entry.size)
    return status_at(bits, entry.index, entry.size)
