"""What an EdDSA Data Integrity proof signs: canonical forms and their hashes.

For ``eddsa-rdfc-2022`` the document and the proof configuration are
canonicalised with RDFC-1.0, for ``eddsa-jcs-2022`` with JCS (RFC 8785);
each is hashed with SHA-256, and the signature covers
``proofHash || documentHash`` (W3C "Data Integrity EdDSA Cryptosuites v1.0").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crawler.normalise.context_refs import context_urls
from crawler.normalise.contexts import ContextRegistry
from crawler.verify.errors import CannotVerify, CredentialInvalid
from crawler.verify.jcs import canonical_json
from crawler.verify.rdfc import canonize

SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")


@dataclass(frozen=True, slots=True, kw_only=True)
class HashData:
    """The canonical forms and hashes that a proof's signature covers.

    Attributes:
        canonical_document: the canonical document (N-Quads or JCS), UTF-8.
        canonical_proof: the canonical proof configuration, UTF-8.
        stand_in_contexts: context URLs that were served another version's
            bundled file (UNTP ``0.5.0`` read as ``working``): the canonical
            form may then differ from the one the issuer signed.
    """

    canonical_document: bytes
    canonical_proof: bytes
    stand_in_contexts: tuple[str, ...] = ()

    @property
    def document_hash(self) -> bytes:
        """Return SHA-256 of the canonical document."""
        return hashlib.sha256(self.canonical_document).digest()

    @property
    def proof_hash(self) -> bytes:
        """Return SHA-256 of the canonical proof configuration."""
        return hashlib.sha256(self.canonical_proof).digest()

    @property
    def combined(self) -> bytes:
        """Return ``proofHash || documentHash``, the bytes that are signed."""
        return self.proof_hash + self.document_hash


def proof_config(
    document: Mapping[str, Any], proof: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the proof configuration: ``proof`` without ``proofValue``.

    It carries the document's ``@context`` (both suites set it so).
    """
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in document:
        config["@context"] = document["@context"]
    return config


def hash_data(
    document: Mapping[str, Any],
    config: Mapping[str, Any],
    cryptosuite: str,
    *,
    timeout: float,
) -> HashData:
    """Canonicalise ``document`` (without ``proof``) and ``config`` for a suite.

    Raises:
        CredentialInvalid: the suite is not supported, or canonicalisation
            would leave values out of the signature.
        CannotVerify: RDFC-1.0 failed or ran out of time.
    """
    if cryptosuite == "eddsa-jcs-2022":
        return HashData(
            canonical_document=canonical_json(document),
            canonical_proof=canonical_json(config),
        )
    if cryptosuite != "eddsa-rdfc-2022":
        raise CredentialInvalid(f"cryptosuite {cryptosuite!r:.60} is not supported")
    stand_ins = _stand_in_contexts(document)
    doc, conf = canonize([document, config], timeout=timeout)
    for name, canon in (("document", doc), ("proof options", conf)):
        if canon.dropped:
            shown = ", ".join(sorted(set(canon.dropped))[:5])
            problem = f"{name} has values no @context defines: {shown}"
            if stand_ins:
                raise CannotVerify(f"{problem} (context {stand_ins[0]} not bundled)")
            raise CredentialInvalid(f"{problem}, so the signature does not cover them")
    return HashData(
        canonical_document=doc.nquads.encode("utf-8"),
        canonical_proof=conf.nquads.encode("utf-8"),
        stand_in_contexts=stand_ins,
    )


def _stand_in_contexts(document: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the cited contexts served by another version's file.

    Raises:
        CannotVerify: a cited context is not bundled at all.
    """
    registry = ContextRegistry.bundled()
    stand_ins = []
    for url in context_urls(document, ""):
        match = registry.match(url)
        if match is None:
            raise CannotVerify(
                f"context {url} is not bundled, so it cannot be canonicalised offline"
            )
        if match.mapped_from is not None:
            stand_ins.append(url)
    return tuple(stand_ins)


def canonical_forms(
    document: Mapping[str, Any], proof: Mapping[str, Any], *, timeout: float
) -> HashData:
    """Return what a proof of ``document`` signs (for tests and the signer).

    ``document`` may still carry ``proof``; it is left out. ``proof`` may or may
    not carry ``proofValue``.
    """
    data = {k: v for k, v in document.items() if k != "proof"}
    suite = str(proof.get("cryptosuite"))
    return hash_data(data, proof_config(data, proof), suite, timeout=timeout)
