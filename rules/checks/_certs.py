"""Shared reading of certifications and documents for the ESG checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Generic, TypeVar

from rules.disclosure import (
    Certification,
    DocumentLink,
    Party,
    Product,
    SiteDisclosure,
)
from rules.facts import did_host, host, mentions, norm_url, org_name, same_host

EMBEDDED_SYNTAXES = ("json-ld", "microdata", "rdfa")
"""Syntaxes that count as embedded on a page (G7-ESG-01)."""

_ESG_TOPICS = frozenset({"esg-origin", "esg", "origin", "responsible-sourcing"})
_ESG_WORDS = ("esg", "origin", "sourcing", "due diligence", "conflict mineral")
_DOC_TOPICS = frozenset({"esg", "esg-origin", "certification", "certificate", "audit"})
_DOC_WORDS = ("esg", "certificate", "certification", "audit", "due diligence")
_DEAD_STATUSES = ("revoked", "expired", "suspended", "withdrawn", "cancelled")

T = TypeVar("T")


def is_esg(cert: Certification) -> bool:
    """Return whether a certification is about raw-material origin / ESG."""
    if cert.topic:
        topic = cert.topic.casefold()
        return topic in _ESG_TOPICS or any(mentions(topic, w) for w in _ESG_WORDS)
    return any(mentions(cert.name or "", w) for w in _ESG_WORDS)


def esg_certifications(
    product: Product, site: SiteDisclosure
) -> tuple[Certification, ...]:
    """Return the ESG certifications of the product and of the organisation.

    Records read from a certificate's verification link are the issuer's, not
    the supplier's disclosure: they confirm a certificate but are not one. A
    claim whose link leads to an attestation of this product (a UNTP conformity
    credential) is judged by that attestation: issuer, validity and reference
    are the attesting party's.
    """
    records = _verification_records(site)
    certs = (*product.certifications, *site.organisation_certifications)
    return tuple(
        dict.fromkeys(
            attesting_record(c, product) or c
            for c in certs
            if is_esg(c) and norm_url(c.provenance.url) not in records
        )
    )


def attesting_record(cert: Certification, product: Product) -> Certification | None:
    """Return the product's attestation read from ``cert``'s verification link.

    A passport's conformity claim is the supplier's own declaration; the
    conformity credential it links to is the third party's attestation of it.
    The attestation counts only when it names this product (the normaliser
    attached it to the product by its identifier).
    """
    if not cert.verification_url:
        return None
    target = norm_url(cert.verification_url)
    for other in product.certifications:
        if other is not cert and norm_url(other.provenance.url) == target:
            return other
    return None


def is_esg_document(doc: DocumentLink) -> bool:
    """Return whether a document looks like ESG or certification evidence."""
    if doc.topic:
        return doc.topic.casefold() in _DOC_TOPICS
    return any(mentions(f"{doc.label} {doc.url}", w) for w in _DOC_WORDS)


def product_documents(
    product: Product, site: SiteDisclosure
) -> tuple[DocumentLink, ...]:
    """Return documents on the product's page or on pages of no other product."""
    own = {norm_url(product.page_url), *(norm_url(p.url) for p in product.provenance)}
    product_pages = _product_pages(site)
    return tuple(
        d
        for d in site.documents
        if (page := norm_url(d.page_url)) not in product_pages or page in own
    )


def label(cert: Certification) -> str:
    """Return a short name for a certification in messages."""
    return cert.name or cert.reference_number or cert.topic or "certification"


def is_self_issued(cert: Certification, product: Product, site: SiteDisclosure) -> bool:
    """Return whether the issuer is the supplier itself (name, id or host)."""
    return cert.issuer is not None and is_supplier(cert.issuer, product, site)


def is_supplier(who: Party, product: Product, site: SiteDisclosure) -> bool:
    """Return whether a party is the supplier: its name, its id or its host."""
    party = product.responsible_party
    names = {org_name(n) for n in (site.name, party.name if party else None) if n}
    if who.name and org_name(who.name) in names - {""}:
        return True
    if who.id and party and party.id and who.id.casefold() == party.id.casefold():
        return True
    return bool(who.id) and same_host(_id_host(who.id or ""), host(site.start_url))


def issued_to_other(
    cert: Certification, product: Product, site: SiteDisclosure
) -> Party | None:
    """Return the party an attestation was issued to when it is not the supplier.

    ``None`` when the attestation names no recipient, or names the supplier.
    A genuine credential copied from another company verifies; this is what
    tells it apart.
    """
    holder = cert.issued_to
    if holder is None or not (holder.name or holder.id):
        return None
    return None if is_supplier(holder, product, site) else holder


def is_trusted(cert: Certification, trusted: tuple[str, ...]) -> bool:
    """Return whether the issuer matches an entry of the trusted-issuer list."""
    issuer = cert.issuer
    if issuer is None:
        return False
    for entry in trusted:
        if issuer.id and entry.casefold() == issuer.id.casefold():
            return True
        if issuer.name and org_name(entry) == org_name(issuer.name):
            return True
        if issuer.id and "." in entry and same_host(_id_host(issuer.id), entry.lower()):
            return True
    return False


def validity_problems(cert: Certification, day: date) -> Iterator[str]:
    """Yield why a certification is not valid on ``day`` or lacks a reference."""
    cred = cert.credential
    start = cert.valid_from or (cred.valid_from if cred else None)
    end = cert.valid_until or (cred.valid_until if cred else None)
    if not cert.reference_number:
        yield "no audit reference number"
    if end is None:
        yield "no validity end date"
    elif end < day:
        yield f"expired on {end.isoformat()}"
    if start is not None and start > day:
        yield f"not valid before {start.isoformat()}"
    if is_revoked(cert):
        yield f"status is {cert.status}"


def is_revoked(cert: Certification) -> bool:
    """Return whether the certification's status says it no longer holds."""
    status = (cert.status or "").casefold()
    return any(s in status for s in _DEAD_STATUSES)


def all_certifications(site: SiteDisclosure) -> Iterator[Certification]:
    """Yield every certification read anywhere on the site."""
    yield from site.organisation_certifications
    for product in site.products:
        yield from product.certifications


class _PerSite(Generic[T]):
    """Derive a value from a site once, not once per product of the site.

    Every product's checks ask for the same site-wide sets; building them per
    product made evaluation quadratic in the number of products. A site is
    immutable, so the value derived from the last site asked about (compared
    by identity) stays right; one entry is enough as sites are judged in turn.
    """

    def __init__(self, derive: Callable[[SiteDisclosure], T]) -> None:
        self._derive = derive
        self._last: tuple[SiteDisclosure, T] | None = None

    def __call__(self, site: SiteDisclosure) -> T:
        last = self._last  # one read: another thread may replace it
        if last is not None and last[0] is site:
            return last[1]
        value = self._derive(site)
        self._last = (site, value)
        return value


@_PerSite
def _verification_records(site: SiteDisclosure) -> frozenset[str]:
    """Return the verification URLs of every certification on the site."""
    return frozenset(
        norm_url(c.verification_url)
        for c in all_certifications(site)
        if c.verification_url
    )


@_PerSite
def _product_pages(site: SiteDisclosure) -> frozenset[str]:
    """Return the pages of every product on the site."""
    return frozenset(norm_url(p.page_url) for p in site.products)


def _id_host(identifier: str) -> str:
    return did_host(identifier) if identifier.startswith("did:") else host(identifier)
