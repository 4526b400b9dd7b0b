"""JSON Canonicalization Scheme (RFC 8785), through the ``rfc8785`` library."""

from __future__ import annotations

from typing import Any

import rfc8785

from crawler.verify.errors import CredentialInvalid


def canonical_json(value: Any) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises:
        CredentialInvalid: the value has no canonical form (e.g. an integer
            beyond IEEE 754 double precision, a NaN).
    """
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise CredentialInvalid(f"JSON has no RFC 8785 canonical form: {exc}") from exc
