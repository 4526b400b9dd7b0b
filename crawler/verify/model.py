"""The result of a verification: a frozen record that reports can show as is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Status = Literal["verified", "failed", "error"]
Envelope = Literal["data-integrity", "vc-jwt", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One check the verifier ran.

    Attributes:
        name: what was checked, e.g. ``proof 1 (eddsa-rdfc-2022): signature``.
        ok: whether the check passed.
        detail: one line: what passed, or why it did not.
        undecided: the check could not be decided (a missing resource, the
            time limit): it counts towards ``error``, not ``failed``.
    """

    name: str
    ok: bool
    detail: str
    undecided: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationResult:
    """What :func:`crawler.verify.verify_credential` found.

    Attributes:
        status: ``verified`` only when the structure, every proof, the issuer
            binding, the validity period and every status entry passed;
            ``failed`` when something is wrong with the credential; ``error``
            when the verifier could not decide (missing resource, time limit).
        message: one line naming what failed (which proof, which check), or
            summarising what was verified.
        issuer: the issuer's id, when the credential names one.
        issuer_trusted: whether the issuer is on the caller's trusted list;
            ``None`` when no list was given.
        envelope: how the credential is secured.
        steps: every check run, in order.
        valid_from: the start of the validity period, if stated.
        valid_until: the end of the validity period, if stated.
        subject_ids: the ids of the credential subjects.
        credential: the decoded credential (for a VC-JWT, its payload).
    """

    status: Status
    message: str
    issuer: str | None = None
    issuer_trusted: bool | None = None
    envelope: Envelope = "none"
    steps: tuple[Step, ...] = ()
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    subject_ids: tuple[str, ...] = ()
    credential: Mapping[str, Any] | None = None

    @property
    def verified(self) -> bool:
        """Return whether the status is ``verified``."""
        return self.status == "verified"
