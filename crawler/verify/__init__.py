"""Verifiable credential verification, pure and offline.

Two phases, so that the crawl can fetch what the verifier needs:
:func:`resources_needed` / :func:`missing_resources` name the URLs to fetch
(``did:web`` documents, status list credentials), and
:func:`verify_credential` checks the credential from the fetched bytes:
W3C VC Data Model 2.0 structure, Data Integrity proofs (``eddsa-rdfc-2022``,
``eddsa-jcs-2022``, proof sets and chains), VC-JOSE-COSE VC-JWTs (EdDSA,
ES256), the issuer's keys (``did:key``, ``did:web``) and Bitstring Status
List entries. Nothing here opens a connection.
"""

from __future__ import annotations

from crawler.verify.did import did_web_url
from crawler.verify.model import Envelope, Status, Step, VerificationResult
from crawler.verify.resources import missing_resources, resources_needed
from crawler.verify.verifier import verify_credential

__all__ = [
    "Envelope",
    "Status",
    "Step",
    "VerificationResult",
    "did_web_url",
    "missing_resources",
    "resources_needed",
    "verify_credential",
]
