"""Data Integrity proofs: ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``, sets and chains.

Follows the W3C "Data Integrity EdDSA Cryptosuites v1.0" verification
algorithm for each proof (see :mod:`crawler.verify.cryptosuites` for what is
signed). Every proof of a set must verify. A proof with ``previousProof`` (a
proof chain, VC Data Integrity "Verify Proof Sets and Chains") is verified
over the document carrying the proofs it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from crawler.verify.cryptosuites import SUITES, hash_data, proof_config
from crawler.verify.deadline import Deadline
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.methods import VerificationMethod
from crawler.verify.multibase import decode_multibase
from crawler.verify.timestamps import parse_timestamp

Resolve = Callable[[str, str], VerificationMethod]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProofOutcome:
    """The verdict on one proof of a set or chain.

    Attributes:
        label: ``proof 2 of 3 (eddsa-jcs-2022, urn:uuid:...)``.
        status: ``verified``, ``failed`` or ``error``.
        detail: what was verified, or why not.
        method: the verification method, once resolved.
    """

    label: str
    status: Literal["verified", "failed", "error"]
    detail: str
    method: VerificationMethod | None = None


def proofs_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Return the document's proofs as a list (a proof set may be an array).

    Raises:
        CredentialInvalid: ``proof`` is empty or holds something not an object.
    """
    value = document.get("proof")
    items: list[object] = value if isinstance(value, list) else [value]
    proofs = [p for p in items if isinstance(p, Mapping)]
    if not proofs or len(proofs) != len(items):
        raise CredentialInvalid("proof is not an object or an array of objects")
    return proofs


def verify_proofs(
    document: Mapping[str, Any],
    resolve: Resolve,
    *,
    deadline: Deadline,
    as_of: datetime | None = None,
    purpose: str = "assertionMethod",
) -> tuple[ProofOutcome, ...]:
    """Verify every proof of ``document`` (a single proof, a set or a chain).

    Args:
        document: the secured document.
        resolve: ``(method id, purpose) -> VerificationMethod``; raises
            :class:`CannotVerify` or :class:`CredentialInvalid`.
        deadline: the time budget (RDFC canonicalisation draws on it).
        as_of: when given, a proof whose ``expires`` is earlier fails.
        purpose: the proof purpose every proof must have.

    Returns:
        One outcome per proof, in order; never raises for a bad proof.
    """
    proofs = proofs_of(document)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    by_id = {p["id"]: p for p in proofs if isinstance(p.get("id"), str)}
    outcomes = []
    for index, proof in enumerate(proofs, start=1):
        label = _label(index, len(proofs), proof)
        try:
            data = _with_previous(unsecured, proof, by_id)
            method = _verify_one(data, proof, resolve, deadline, as_of, purpose)
        except CredentialInvalid as exc:
            outcomes.append(ProofOutcome(label=label, status="failed", detail=str(exc)))
        except CannotVerify as exc:
            outcomes.append(ProofOutcome(label=label, status="error", detail=str(exc)))
        else:
            detail = f"signature verifies with {method.id}"
            outcomes.append(
                ProofOutcome(
                    label=label, status="verified", detail=detail, method=method
                )
            )
    return tuple(outcomes)


def _label(index: int, count: int, proof: Mapping[str, Any]) -> str:
    parts = [str(proof.get("cryptosuite") or proof.get("type") or "no type")]
    if isinstance(proof.get("id"), str):
        parts.append(proof["id"])
    return f"proof {index} of {count} ({', '.join(parts)})"


def _with_previous(
    unsecured: Mapping[str, Any],
    proof: Mapping[str, Any],
    by_id: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """Return the document a proof signed: with its previous proofs, if chained."""
    data = dict(unsecured)
    previous = proof.get("previousProof")
    if previous is None:
        return data
    ids = previous if isinstance(previous, list) else [previous]
    missing = [p for p in ids if not isinstance(p, str) or p not in by_id]
    if missing:
        raise CredentialInvalid(
            f"previousProof {missing[0]!r:.80} is not in the proof set"
        )
    data["proof"] = [by_id[p] for p in ids]
    return data


def _verify_one(
    data: dict[str, Any],
    proof: Mapping[str, Any],
    resolve: Resolve,
    deadline: Deadline,
    as_of: datetime | None,
    purpose: str,
) -> VerificationMethod:
    """Verify one proof over ``data``; return its verification method."""
    suite = _check_options(proof, as_of, purpose)
    signature = _signature(proof.get("proofValue"))
    if "@context" in proof:
        data["@context"] = _proof_context(data.get("@context"), proof["@context"])
    method = resolve(str(proof["verificationMethod"]), purpose)
    if method.key.type != "Ed25519":
        raise CredentialInvalid(
            f"{suite} needs an Ed25519 key, {method.id} is {method.key.type}"
        )
    hashed = hash_data(
        data, proof_config(data, proof), suite, timeout=deadline.remaining()
    )
    if not method.key.verify(signature, hashed.combined):
        if hashed.stand_in_contexts:
            raise CannotVerify(
                f"signature does not verify with {method.id}, but context "
                f"{hashed.stand_in_contexts[0]} was read as another version of it"
            )
        raise CredentialInvalid(f"signature does not verify with {method.id}")
    return method


def _check_options(
    proof: Mapping[str, Any], as_of: datetime | None, purpose: str
) -> str:
    if proof.get("type") != "DataIntegrityProof":
        raise CannotVerify(f"proof type {proof.get('type')!r:.60} is not supported")
    suite = proof.get("cryptosuite")
    if suite not in SUITES:
        raise CannotVerify(f"cryptosuite {suite!r:.60} is not supported")
    if proof.get("proofPurpose") != purpose:
        raise CredentialInvalid(
            f"proofPurpose is {proof.get('proofPurpose')!r:.60}, not {purpose!r}"
        )
    if not isinstance(proof.get("verificationMethod"), str):
        raise CredentialInvalid("proof has no verificationMethod")
    for name in ("created", "expires"):
        if name in proof and parse_timestamp(proof[name]) is None:
            raise CredentialInvalid(
                f"proof {name} {proof[name]!r:.40} is not a date-time"
            )
    expires = parse_timestamp(proof.get("expires"))
    if as_of is not None and expires is not None and expires < as_of:
        raise CredentialInvalid(f"proof expired on {proof['expires']}")
    return str(suite)


def _signature(value: object) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise CredentialInvalid("proofValue is not a base58btc multibase string")
    signature = decode_multibase(value)
    if len(signature) != 64:
        raise CredentialInvalid(f"proofValue has {len(signature)} bytes, not 64")
    return signature


def _proof_context(document_context: Any, proof_context: Any) -> Any:
    """Check that the document's contexts start with the proof's, in order."""
    doc = document_context if isinstance(document_context, list) else [document_context]
    mine = proof_context if isinstance(proof_context, list) else [proof_context]
    if doc[: len(mine)] != mine:
        raise CredentialInvalid("the proof's @context does not match the document's")
    return proof_context
