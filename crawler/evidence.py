"""Verify the credentials a crawl found and record the results on the disclosure.

After a supplier's crawl, each secured credential it found (embedded in a
page, linked, or served as a VC-JWT document) is verified offline by
:func:`crawler.verify.verify_credential` with the resources the crawl fetched
for it. Each certification read from that credential then carries the
result on its :class:`~rules.disclosure.CredentialRef`: G7-ESG-05 reads it.

A certification is matched to the credential it was read from by place first
(same page, same JSON-LD block, the credential's JSON pointer enclosing the
certification's), then by the credential's ``id``. A credential without any
proof is not verified: it is a plain document, recorded as ``error`` with the
message :data:`NO_PROOF` (G7-ESG-05 then judges its verification link, if
any). A URL the crawl never fetched is left out of the resources (the
verifier says "was not fetched"); one it tried and failed is ``None`` ("could
not be fetched").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypeAlias

from crawler.credentials import RawCredential
from crawler.verify import VerificationResult, verify_credential
from rules.disclosure import (
    Certification,
    CredentialRef,
    SiteDisclosure,
    VerificationStep,
)
from rules.facts import norm_url
from rules.trust import credential_issuer_trusted

__all__ = [
    "NO_PROOF",
    "VerifiedCredential",
    "apply_verification",
    "inspection_time",
    "mark_unverifiable",
    "verify_credentials",
]

NO_PROOF = "the credential has no proof: it is a plain document, not a verifiable one"
_Change: TypeAlias = Callable[[Certification], Certification]

TIME_LIMIT = 5.0
"""Seconds allowed to verify one credential (canonicalisation included)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifiedCredential:
    """A credential the crawl found and what its verification gave."""

    credential: RawCredential
    result: VerificationResult

    @property
    def id(self) -> str | None:
        """Return the credential's id (a VC-JWT's payload id), if it has one."""
        found = self.result.credential.get("id") if self.result.credential else None
        return found if isinstance(found, str) else None


def inspection_time(as_of: date) -> datetime:
    """Return the end of the inspection day in UTC: credentials valid that day pass."""
    return datetime.combine(as_of, time(23, 59, 59), tzinfo=UTC)


def verify_credentials(
    credentials: Iterable[RawCredential],
    resources: Mapping[str, bytes | None],
    *,
    as_of: date,
    time_limit: float = TIME_LIMIT,
) -> tuple[VerifiedCredential, ...]:
    """Verify each distinct credential once, from the fetched resources.

    Args:
        credentials: the credentials found by the crawl.
        resources: resource URL -> fetched bytes (``None``: the fetch failed).
        as_of: the inspection date; validity is judged at its end (UTC).
        time_limit: seconds for each verification.
    """
    moment = inspection_time(as_of)
    done: dict[tuple[str, int, str], VerifiedCredential] = {}
    for raw in credentials:
        key = (norm_url(raw.url), raw.block, raw.pointer)
        if key not in done:
            result = verify_credential(
                raw.data, resources=resources, as_of=moment, time_limit=time_limit
            )
            done[key] = VerifiedCredential(credential=raw, result=result)
    return tuple(done.values())


def apply_verification(
    site: SiteDisclosure,
    verified: Sequence[VerifiedCredential],
    trusted_issuers: Sequence[str],
) -> SiteDisclosure:
    """Return ``site`` with every certification's credential verification set.

    Args:
        site: the supplier's disclosure as normalised.
        verified: the verification of each credential the crawl found.
        trusted_issuers: the user's trusted-issuer list (may be empty).
    """
    failed = {v.url: v.error for v in site.pages if v.error}

    def judged(cert: Certification) -> Certification:
        cred = cert.credential
        if cred is None or cred.verification is not None:
            return cert
        if cred.envelope == "none":
            found = dataclasses.replace(
                cred, verification="error", verification_message=NO_PROOF
            )
            return dataclasses.replace(cert, credential=found)
        match = _match(cert, cred, verified)
        if match is None:
            return cert
        found = _with_result(cred, match.result, trusted_issuers)
        if found.verification != "verified" and found.verification_message:
            why = _fetch_reasons(found.verification_message, failed)
            found = dataclasses.replace(
                found, verification_message=found.verification_message + why
            )
        return dataclasses.replace(cert, credential=found)

    return _map_certifications(site, judged)


def mark_unverifiable(site: SiteDisclosure, why: str) -> SiteDisclosure:
    """Return ``site`` with every unverified credential set to ``error`` (why)."""

    def failed(cert: Certification) -> Certification:
        cred = cert.credential
        if cred is None or cred.verification is not None:
            return cert
        found = dataclasses.replace(
            cred, verification="error", verification_message=why
        )
        return dataclasses.replace(cert, credential=found)

    return _map_certifications(site, failed)


def _map_certifications(site: SiteDisclosure, change: _Change) -> SiteDisclosure:
    products = tuple(
        dataclasses.replace(p, certifications=tuple(map(change, p.certifications)))
        for p in site.products
    )
    organisation = tuple(map(change, site.organisation_certifications))
    return dataclasses.replace(
        site, products=products, organisation_certifications=organisation
    )


def _match(
    cert: Certification, cred: CredentialRef, verified: Sequence[VerifiedCredential]
) -> VerifiedCredential | None:
    """Return the verification of the credential ``cert`` was read from."""
    prov = cert.provenance
    same_block = [
        v
        for v in verified
        if v.credential.block == prov.block
        and norm_url(v.credential.url) == norm_url(prov.url)
    ]
    enclosing = [v for v in same_block if _encloses(v.credential.pointer, prov.pointer)]
    if enclosing:
        return max(enclosing, key=lambda v: len(v.credential.pointer))
    if len(same_block) == 1:
        return same_block[0]
    by_id = [v for v in verified if cred.url and v.id == cred.url]
    on_page = [v for v in by_id if norm_url(v.credential.url) == norm_url(prov.url)]
    found = on_page or by_id
    return found[0] if found else None


def _fetch_reasons(message: str, failed: Mapping[str, str]) -> str:
    """Return why the resources a message names could not be fetched."""
    reasons = [f"{url}: {why}" for url, why in failed.items() if url in message]
    return f" ({'; '.join(reasons)})" if reasons else ""


def _encloses(outer: str, inner: str) -> bool:
    return not outer or inner == outer or inner.startswith(outer + "/")


def _with_result(
    cred: CredentialRef, result: VerificationResult, trusted: Sequence[str]
) -> CredentialRef:
    issuer = result.issuer or cred.issuer
    return dataclasses.replace(
        cred,
        issuer=issuer,
        verification=result.status,
        verification_message=result.message,
        issuer_trusted=credential_issuer_trusted(
            result.issuer if result.verified else None, trusted
        ),
        verification_steps=tuple(
            VerificationStep(
                name=s.name, ok=s.ok, detail=s.detail, undecided=s.undecided
            )
            for s in result.steps
        ),
    )
