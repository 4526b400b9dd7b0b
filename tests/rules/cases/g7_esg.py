"""G7-ESG-01..05: certification cases."""

from __future__ import annotations

from datetime import date

from rules.disclosure import (
    Certification,
    CredentialRef,
    PageVisit,
    Party,
    VerificationStep,
)
from tests.rules.cases._base import (
    NA,
    NO_CERT,
    Case,
    E,
    F,
    P,
    W,
    site_with,
    with_pages,
)
from tests.rules.conftest import (
    SITE_URL,
    VERIFY,
    credential,
    document,
    esg_cert,
    inverter,
    prov,
    site,
)

DID_WEB = "did:web:assessor.rmi.example"
DID_KEY = "did:key:z6MkfBhimgfpBD2DcefDk4CsYvrazqNinBH7pc5Mogjgb6ub"
_UNSIGNED = CredentialRef(
    verification="error",
    verification_message="the credential has no proof: it is a plain document",
)


def _verified_cert(issuer: str, **kw: object) -> Certification:
    """Return an ESG certification whose credential verified, issued by ``issuer``."""
    step = VerificationStep(name="proof 1 of 1", ok=True, detail="signature verifies")
    cred = credential(
        "verified",
        issuer=issuer,
        verification_message=f"verified: proof 1 of 1 by the issuer {issuer}",
        verification_steps=(step,),
    )
    return esg_cert(verification_url=None, credential=cred, **kw)


ESG = [
    Case("G7-ESG-01", "embedded-on-product", P, site_with()),
    Case(
        "G7-ESG-01",
        "embedded-on-organisation",
        P,
        lambda: site(
            inverter(**NO_CERT),
            organisation_certifications=(
                esg_cert(subject="organisation", provenance=prov(url=SITE_URL)),
            ),
        ),
    ),
    Case("G7-ESG-01", "none", F, site_with(**NO_CERT)),
    Case(
        "G7-ESG-01",
        "only-a-link",
        F,
        site_with(certifications=(esg_cert(provenance=prov(syntax="link")),)),
    ),
    Case(
        "G7-ESG-02",
        "structured-and-pdf",
        P,
        lambda: site(inverter(), documents=(document(),)),
    ),
    Case(
        "G7-ESG-02",
        "pdf-only",
        F,
        lambda: site(inverter(**NO_CERT), documents=(document(),)),
    ),
    Case(
        "G7-ESG-02",
        "pdf-only-by-label",
        F,
        lambda: site(
            inverter(**NO_CERT),
            documents=(document("Download our ESG audit report", topic=None),),
        ),
    ),
    Case("G7-ESG-02", "no-documents", NA, site_with(**NO_CERT)),
    Case("G7-ESG-03", "independent", P, site_with()),
    Case(
        "G7-ESG-03",
        "self-issued-by-name",
        F,
        site_with(
            certifications=(esg_cert(issuer=Party(name="ACME INVERTERS CO LTD")),)
        ),
    ),
    Case(
        "G7-ESG-03",
        "self-declared-claim-attested-by-third-party-record",
        P,
        site_with(
            certifications=(
                esg_cert(
                    issuer=Party(name="ACME INVERTERS CO LTD"),
                    verification_url="https://registry.example/dcc/0412.json",
                ),
                esg_cert(
                    issuer=Party(name="RMI Assessment Services"),
                    provenance=prov(url="https://registry.example/dcc/0412.json"),
                ),
            )
        ),
    ),
    Case(
        "G7-ESG-03",
        "self-declared-claim-attested-by-own-record",
        F,
        site_with(
            certifications=(
                esg_cert(
                    issuer=Party(name="ACME INVERTERS CO LTD"),
                    verification_url="https://registry.example/dcc/0412.json",
                ),
                esg_cert(
                    issuer=Party(name="Acme Inverters Co., Ltd."),
                    provenance=prov(url="https://registry.example/dcc/0412.json"),
                ),
            )
        ),
    ),
    Case(
        "G7-ESG-03",
        "self-issued-by-did",
        F,
        site_with(
            certifications=(
                esg_cert(issuer=Party(name="Quality dept", id="did:web:acme.example")),
            )
        ),
    ),
    Case(
        "G7-ESG-03", "no-issuer", F, site_with(certifications=(esg_cert(issuer=None),))
    ),
    Case(
        "G7-ESG-03",
        "outside-trusted-list",
        W,
        site_with(),
        {"trusted_issuers": ("SGS",)},
    ),
    Case(
        "G7-ESG-03",
        "on-trusted-list",
        P,
        site_with(),
        {"trusted_issuers": ("TUV Rheinland", "TÜV Rheinland")},
    ),
    Case("G7-ESG-03", "no-certification", NA, site_with(**NO_CERT)),
    Case("G7-ESG-04", "valid", P, site_with()),
    Case(
        "G7-ESG-04",
        "expired",
        F,
        site_with(certifications=(esg_cert(valid_until=date(2027, 1, 1)),)),
    ),
    Case(
        "G7-ESG-04",
        "no-reference",
        F,
        site_with(certifications=(esg_cert(reference_number=None),)),
    ),
    Case(
        "G7-ESG-04",
        "no-end-date",
        F,
        site_with(certifications=(esg_cert(valid_until=None),)),
    ),
    Case(
        "G7-ESG-04",
        "revoked",
        F,
        site_with(certifications=(esg_cert(status="Revoked"),)),
    ),
    Case("G7-ESG-04", "no-certification", NA, site_with(**NO_CERT)),
    Case("G7-ESG-05", "issuer-record-matches", P, site_with()),
    Case(
        "G7-ESG-05",
        "credential-verified",
        P,
        site_with(
            certifications=(
                esg_cert(verification_url=None, credential=credential("verified")),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "proof-fails-despite-good-link",
        F,
        site_with(
            certifications=(
                esg_cert(
                    credential=credential("failed", verification_message="bad sig")
                ),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "credential-never-verified",
        E,
        site_with(
            certifications=(
                esg_cert(verification_url=None, credential=credential(None)),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "status-list-unreachable",
        E,
        site_with(
            certifications=(
                esg_cert(verification_url=None, credential=credential("error")),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "link-on-own-site",
        W,
        site_with(
            certifications=(
                esg_cert(verification_url="https://acme.example/certificates/rmap"),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "link-404",
        F,
        lambda: with_pages(PageVisit(url=VERIFY, status=404))(site()),
    ),
    Case("G7-ESG-05", "link-not-followed", E, lambda: with_pages(drop=VERIFY)(site())),
    Case(
        "G7-ESG-05",
        "issuer-record-other-reference",
        F,
        lambda: site(
            organisation_certifications=(
                esg_cert(
                    reference_number="RMAP-2025-9999", provenance=prov(url=VERIFY)
                ),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "nothing-to-verify",
        F,
        site_with(certifications=(esg_cert(verification_url=None),)),
    ),
    Case("G7-ESG-05", "no-certification", NA, site_with(**NO_CERT)),
    Case(
        "G7-ESG-05",
        "credential-revoked",
        F,
        site_with(
            certifications=(
                esg_cert(
                    credential=credential(
                        "failed",
                        verification_message="revoked (index 42 of https://cb.example/s/1)",
                    )
                ),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "verified-issuer-on-trusted-list",
        P,
        site_with(certifications=(_verified_cert(DID_WEB),)),
        options={"trusted_issuers": ("rmi.example",)},
    ),
    Case(
        "G7-ESG-05",
        "verified-issuer-not-on-trusted-list",
        W,
        site_with(certifications=(_verified_cert(DID_KEY),)),
        options={"trusted_issuers": (DID_WEB,)},
    ),
    Case(
        # a signed credential is bound to its issuer's id, not to the name it writes
        "G7-ESG-05",
        "verified-issuer-trusted-by-name-only",
        W,
        site_with(certifications=(_verified_cert(DID_KEY),)),
        options={"trusted_issuers": ("TÜV Rheinland",)},
    ),
    Case(
        "G7-ESG-05",
        "verified-credential-issued-to-supplier",
        P,
        site_with(
            certifications=(
                _verified_cert(DID_KEY, issued_to=Party(name="Acme Inverters Ltd")),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "verified-credential-copied-from-another-party",
        F,
        site_with(
            certifications=(
                _verified_cert(
                    DID_KEY, issued_to=Party(name="Sunvolt Energy Storage Co., Ltd.")
                ),
            )
        ),
    ),
    Case(
        "G7-ESG-05",
        "copied-credential-beside-a-good-one",
        F,
        site_with(
            certifications=(
                esg_cert(),
                _verified_cert(DID_KEY, issued_to=Party(id="did:web:other.example")),
            )
        ),
    ),
    Case(
        # no proof at all: a plain document, judged by its verification link
        "G7-ESG-05",
        "unsigned-credential-with-issuer-link",
        P,
        site_with(certifications=(esg_cert(credential=_UNSIGNED),)),
    ),
    Case(
        "G7-ESG-05",
        "unsigned-credential-without-link",
        E,
        site_with(
            certifications=(esg_cert(verification_url=None, credential=_UNSIGNED),)
        ),
    ),
]
