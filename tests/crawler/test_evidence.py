"""Verification after the crawl: each certification gets its own credential's result."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crawler.crawl import SupplierCrawl
from crawler.credentials import RawCredential
from crawler.evidence import (
    NO_PROOF,
    apply_verification,
    mark_unverifiable,
    verify_credentials,
)
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry, build_site
from crawler.processing import PageProcessor
from crawler.screening import Screener, ScreenOptions
from crawler.suppliers import SupplierSpec
from rules.disclosure import Certification, PageVisit, SiteDisclosure

CREDENTIALS = Path(__file__).resolve().parents[2] / "fixtures" / "credentials"
AS_OF = date(2026, 6, 1)
STATUS = "https://certifier.example/status/1"
SITE = "https://supplier.example"
ISSUER = "did:key:z6MkfBhimgfpBD2DcefDk4CsYvrazqNinBH7pc5Mogjgb6ub"


def credential(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CREDENTIALS / name).read_text("utf-8"))
    return data


def page(url: str, *blocks: Any) -> FetchedPage:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(b)}</script>' for b in blocks
    )
    return FetchedPage(
        url=url,
        status=200,
        body=f"<html><head>{scripts}</head></html>".encode(),
        content_type="text/html",
    )


@pytest.fixture(scope="module")
def processor(registry: ContextRegistry) -> PageProcessor:
    return PageProcessor(registry)


def screened(
    processor: PageProcessor,
    *pages: FetchedPage,
    resources: dict[str, bytes | None] | None = None,
    trusted: tuple[str, ...] = (),
    visits: tuple[PageVisit, ...] = (),
) -> SiteDisclosure:
    processed = [
        processor.process(p, supplier_id="s", site_url=SITE, role="page") for p in pages
    ]
    site = build_site(
        supplier_id="s",
        name="Example Battery Maker Co.",
        start_url=SITE + "/",
        pages=[p.disclosure for p in processed if p.disclosure],
        visits=(*(p.visit for p in processed), *visits),
    )
    raw = [c for p in processed for c in p.credentials]
    verified = verify_credentials(raw, resources or {}, as_of=AS_OF)
    return apply_verification(site, verified, trusted)


def certifications(site: SiteDisclosure) -> list[Certification]:
    return [
        c
        for p in site.products
        for c in p.certifications
        if c.credential is not None and "attestations" in (c.reference_number or "")
    ]


def test_each_certification_gets_its_own_credentials_result(processor):
    site = screened(
        processor,
        page(
            SITE + "/p.html",
            credential("dcc-valid.json"),
            credential("dcc-tampered.json"),
        ),
    )
    by_block = {
        c.provenance.block: c.credential for c in certifications(site) if c.credential
    }
    assert by_block[0].verification == "verified"
    assert by_block[0].issuer == ISSUER
    assert by_block[0].issuer_trusted is None
    assert any(s.ok for s in by_block[0].verification_steps)
    assert by_block[1].verification == "failed"
    assert "signature does not verify" in (by_block[1].verification_message or "")


def test_revoked_credential_fails_on_its_status_list(processor):
    site = screened(
        processor,
        page(SITE + "/p.html", credential("dcc-revoked.json")),
        resources={STATUS: (CREDENTIALS / "status-list-1.json").read_bytes()},
    )
    (cert,) = certifications(site)
    assert cert.credential is not None
    assert cert.credential.verification == "failed"
    assert "revoked" in (cert.credential.verification_message or "")


def test_unfetched_status_list_is_an_error_with_the_reason(processor):
    refused = PageVisit(url=STATUS, status=0, error="refused by the host guard: x")
    site = screened(
        processor,
        page(SITE + "/p.html", credential("dcc-status-active.json")),
        resources={STATUS: None},
        visits=(refused,),
    )
    (cert,) = certifications(site)
    assert cert.credential is not None
    assert cert.credential.verification == "error"
    message = cert.credential.verification_message or ""
    assert "could not be fetched" in message
    assert "refused by the host guard" in message


def test_credential_without_proof_is_a_plain_document(processor):
    site = screened(processor, page(SITE + "/p.html", credential("dcc-unsigned.json")))
    (cert,) = certifications(site)
    assert cert.credential is not None
    assert cert.credential.verification == "error"
    assert cert.credential.verification_message == NO_PROOF


@pytest.mark.parametrize(
    ("trusted", "expected"), [((ISSUER,), True), (("did:web:rmi.example",), False)]
)
def test_issuer_trust_is_recorded(processor, trusted, expected):
    site = screened(
        processor, page(SITE + "/p.html", credential("dcc-valid.json")), trusted=trusted
    )
    (cert,) = certifications(site)
    assert cert.credential is not None
    assert cert.credential.issuer_trusted is expected


def test_linked_credential_matches_by_id_when_blocks_differ(processor):
    # the normaliser saw the credential at its document URL; the raw copy was
    # kept from another place (same id): the id still ties them together
    site = screened(processor, page(SITE + "/p.html", credential("dcc-unsigned.json")))
    (cert,) = certifications(site)
    assert cert.credential is not None
    signed = credential("dcc-valid.json")
    signed["id"] = cert.credential.url
    raw = RawCredential(url=SITE + "/elsewhere.json", block=3, data=signed)
    fresh = _unverified(site)
    result = apply_verification(fresh, verify_credentials([raw], {}, as_of=AS_OF), ())
    (cert,) = certifications(result)
    assert cert.credential is not None
    assert cert.credential.verification == "failed"  # id changed after signing


def _unverified(site: SiteDisclosure) -> SiteDisclosure:
    """Return ``site`` with its credentials as if secured and never verified."""

    def reset(cert: Certification) -> Certification:
        if cert.credential is None:
            return cert
        cred = dataclasses.replace(
            cert.credential,
            envelope="data-integrity",
            verification=None,
            verification_message=None,
        )
        return dataclasses.replace(cert, credential=cred)

    return dataclasses.replace(
        site,
        products=tuple(
            dataclasses.replace(p, certifications=tuple(map(reset, p.certifications)))
            for p in site.products
        ),
    )


def test_mark_unverifiable_leaves_no_credential_unjudged(processor):
    site = _unverified(
        screened(processor, page(SITE + "/p.html", credential("dcc-unsigned.json")))
    )
    marked = mark_unverifiable(site, "verification failed internally: boom")
    (cert,) = certifications(marked)
    assert cert.credential is not None
    assert cert.credential.verification == "error"


def test_one_suppliers_verifier_crash_spares_the_screening(processor, monkeypatch):
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("crawler.screening.verify_credentials", explode)
    screener = Screener(ScreenOptions(as_of=AS_OF))
    crawl = SupplierCrawl(spec=SupplierSpec(id="s", name="S", url=SITE + "/"))
    site = _unverified(
        screened(processor, page(SITE + "/p.html", credential("dcc-unsigned.json")))
    )
    judged = screener._verified(site, crawl)
    (cert,) = certifications(judged)
    assert cert.credential is not None
    assert cert.credential.verification == "error"
    assert "RuntimeError: boom" in (cert.credential.verification_message or "")
