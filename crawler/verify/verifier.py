"""verify_credential: every check of one credential, and its verdict.

The order is: read the envelope, verify the proof(s) or the JWS, check the
data model, bind each key to the issuer, check the validity period at
``as_of``, then (only when nothing failed) each status entry, whose status
list credential is verified by this same code one level down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from crawler.verify.dataintegrity import verify_proofs
from crawler.verify.deadline import Deadline
from crawler.verify.did import Resources
from crawler.verify.envelope import Decoded, decode
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.jose import claims_problem, verify_jws
from crawler.verify.methods import VerificationMethod, resolve_method
from crawler.verify.model import VerificationResult
from crawler.verify.status import check_status
from crawler.verify.timestamps import aware
from crawler.verify.trace import Trace
from crawler.verify.vcdm import Structure, check_structure, validity_problem

MAX_DEPTH = 2

_Signer = tuple[str, VerificationMethod]


def verify_credential(
    document: bytes | Mapping[str, Any],
    *,
    resources: Mapping[str, bytes | None],
    as_of: datetime,
    trusted_issuers: frozenset[str] | None = None,
    time_limit: float = 5.0,
) -> VerificationResult:
    """Verify a credential offline, from the resources the caller fetched.

    Args:
        document: the credential: JSON bytes, parsed JSON, an
            ``EnvelopedVerifiableCredential`` or a bare ``vc+jwt`` (bytes).
        resources: URL -> fetched bytes (``None`` when fetching failed), for
            every URL of :func:`~crawler.verify.resources.missing_resources`.
        as_of: the inspection time (a naive value is read as UTC).
        trusted_issuers: issuer ids the caller trusts; ``None`` for no list.
        time_limit: seconds for the whole verification, canonicalisation
            included; running out gives ``error``.

    Returns:
        The result; never raises. ``verified`` only when every proof, the
        issuer binding, the validity period and every status entry passed.
    """
    try:
        run = _Run(resources, aware(as_of), Deadline(time_limit), depth=0)
        result = run.verify(document)
    except Exception as exc:  # the contract: a verdict, never an exception
        detail = str(exc).splitlines()[0] if str(exc) else ""
        return VerificationResult(
            status="error", message=f"verifier error: {type(exc).__name__}: {detail}"
        )
    if trusted_issuers is None or result.issuer is None:
        trusted = None if trusted_issuers is None else False
    else:
        trusted = result.issuer in trusted_issuers
    return replace(result, issuer_trusted=trusted)


class _Run:
    """One verification (a credential, or a status list one level down)."""

    def __init__(
        self, resources: Resources, as_of: datetime, deadline: Deadline, depth: int
    ) -> None:
        self.resources = resources
        self.as_of = as_of
        self.deadline = deadline
        self.depth = depth

    def resolve(self, method_id: str, purpose: str) -> VerificationMethod:
        """Resolve a verification method from the fetched resources."""
        return resolve_method(method_id, self.resources, purpose)

    def verify(self, document: bytes | str | Mapping[str, Any]) -> VerificationResult:
        """Run every check on ``document``."""
        try:
            decoded = decode(document)
        except CredentialInvalid as exc:
            return VerificationResult(
                status="failed", message=f"not a credential: {exc}"
            )
        trace = Trace()
        structure = check_structure(decoded.credential)
        signers = self._secured(decoded, structure.issuer, trace)
        self._structure(structure, trace)
        self._binding(signers, structure.issuer, trace)
        problem = validity_problem(structure, self.as_of)
        if problem:
            trace.fail("validity period", f"{problem} (as of {self.as_of.isoformat()})")
        checked_status = not trace.failures and check_status(
            decoded.credential,
            structure.issuer,
            self.resources,
            self._verify_list if self.depth < MAX_DEPTH else None,
            trace,
        )
        summary = f"verified: {', '.join(label for label, _ in signers)}"
        summary += f" by the issuer {structure.issuer}"
        summary += "; status checked" if checked_status else ""
        return VerificationResult(
            status=trace.status,
            message=trace.message(summary),
            issuer=structure.issuer,
            envelope=decoded.envelope,
            steps=tuple(trace.steps),
            valid_from=structure.valid_from,
            valid_until=structure.valid_until,
            subject_ids=structure.subject_ids,
            credential=decoded.credential,
        )

    def _verify_list(self, data: bytes) -> VerificationResult:
        """Verify a status list credential one level down, on the same budget."""
        return _Run(self.resources, self.as_of, self.deadline, self.depth + 1).verify(
            data
        )

    def _secured(
        self, decoded: Decoded, issuer: str | None, trace: Trace
    ) -> list[_Signer]:
        """Verify the proofs or the JWS; return each verified signer and its key."""
        if decoded.envelope == "none":
            trace.fail("proof", "no proof", message="no proof")
            return []
        if decoded.token is not None:
            return self._jws(decoded.token, issuer, trace)
        try:
            outcomes = verify_proofs(
                decoded.credential,
                self.resolve,
                deadline=self.deadline,
                as_of=self.as_of,
            )
        except CredentialInvalid as exc:
            trace.fail("proof", str(exc))
            return []
        for outcome in outcomes:
            if outcome.status == "verified":
                trace.ok(outcome.label, outcome.detail)
            elif outcome.status == "failed":
                trace.fail(outcome.label, outcome.detail)
            else:
                trace.error(outcome.label, outcome.detail)
        return [(o.label, o.method) for o in outcomes if o.method is not None]

    def _jws(self, token: str, issuer: str | None, trace: Trace) -> list[_Signer]:
        try:
            verified = verify_jws(token, issuer, self.resolve)
        except CredentialInvalid as exc:
            trace.fail("vc-jwt", str(exc))
            return []
        except CannotVerify as exc:
            trace.error("vc-jwt", str(exc))
            return []
        alg = verified.header.get("alg")
        trace.ok("vc-jwt", f"{alg} signature verifies with {verified.method.id}")
        try:
            problem = claims_problem(token, self.as_of)
        except CredentialInvalid as exc:
            problem = str(exc)
        if problem:
            trace.fail("vc-jwt", f"{problem} (as of {self.as_of.isoformat()})")
        return [(f"{alg} vc-jwt", verified.method)]

    def _structure(self, structure: Structure, trace: Trace) -> None:
        for problem in structure.problems:
            trace.fail("data model", problem)
        if not structure.problems:
            trace.ok("data model", f"VC {structure.version} structure is valid")

    def _binding(
        self, signers: list[_Signer], issuer: str | None, trace: Trace
    ) -> None:
        for label, method in signers:
            if issuer is not None and method.controller == issuer:
                trace.ok(f"{label}: issuer", f"{method.id} is a key of {issuer}")
            else:
                trace.fail(
                    f"{label}: issuer",
                    f"key {method.id} is controlled by {method.controller}, "
                    f"not by the issuer {issuer}",
                )
