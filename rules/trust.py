"""Whether a verified credential's issuer is one the user trusts.

A verified proof binds a credential to its issuer's *identifier* (a DID, or
the URL of a controller document), never to the name the credential writes
beside it: anyone can sign ``{"name": "TÜV Rheinland"}`` with a key of their
own. So only identifiers count here, unlike the name matching that judges an
unsigned claim's issuer (G7-ESG-03).
"""

from __future__ import annotations

from collections.abc import Sequence

from rules.facts import did_host, host

__all__ = ["credential_issuer_trusted"]


def credential_issuer_trusted(
    issuer_id: str | None, trusted: Sequence[str]
) -> bool | None:
    """Return whether a verified issuer id matches the trusted-issuer list.

    An entry matches when it equals the issuer id (a DID exactly, a URL
    case-insensitively), or when
    it is a domain (``rmi.example``) and the issuer is a ``did:web`` DID or an
    HTTPS URL on that domain or a subdomain of it.

    Args:
        issuer_id: the issuer the verifier bound the proof to.
        trusted: the ``--trusted-issuer`` entries (names, ids or domains).

    Returns:
        ``None`` when no list is configured, else whether the issuer matches.
    """
    if not trusted:
        return None
    if not issuer_id:
        return False
    ident = issuer_id.strip()
    own_host = did_host(ident) if ident.startswith("did:") else host(ident)
    for entry in (e.strip() for e in trusted):
        if entry == ident or (
            not ident.startswith("did:") and entry.casefold() == ident.casefold()
        ):
            return True
        if _is_domain(entry) and _on_domain(own_host, entry):
            return True
    return False


def _is_domain(entry: str) -> bool:
    """Return whether a list entry names a domain (not a DID, URL or name)."""
    return "." in entry and not any(c in entry for c in " :/")


def _on_domain(own_host: str, entry: str) -> bool:
    """Return whether a host is the entry's domain or one of its subdomains."""
    domain = entry.casefold().removeprefix("www.")
    return bool(own_host) and (own_host == domain or own_host.endswith("." + domain))
