"""Why a verification step stops: the credential is wrong, or it is undecidable."""

from __future__ import annotations


class CredentialInvalid(Exception):
    """The credential is wrong (bad signature, expired, revoked): status ``failed``."""


class CannotVerify(Exception):
    """The verifier could not decide (a resource is missing, a time limit ran out).

    It becomes status ``error``: never ``verified``, never ``failed``.
    """
