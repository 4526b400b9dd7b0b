"""G7 ESG checks: embedded, not PDF-only, independent, valid and verifiable."""

from __future__ import annotations

from dataclasses import dataclass

from rules.checks._certs import (
    EMBEDDED_SYNTAXES,
    all_certifications,
    esg_certifications,
    is_esg_document,
    is_revoked,
    is_self_issued,
    is_trusted,
    issued_to_other,
    label,
    product_documents,
    validity_problems,
)
from rules.context import CheckContext
from rules.disclosure import (
    Certification,
    CredentialRef,
    Product,
    VerificationStep,
)
from rules.facts import evidence_of, host, norm_url, same_host
from rules.model import Evidence, Outcome, Status
from rules.registry import check
from rules.trust import credential_issuer_trusted

_NONE_TO_JUDGE = "no ESG certification of raw-material origin to judge (see G7-ESG-01)"


@check("esg_origin_certification_embedded")
def esg_origin_certification_embedded(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an ESG origin certification is embedded as structured data."""
    certs = esg_certifications(product, ctx.site)
    embedded = [c for c in certs if c.provenance.syntax in EMBEDDED_SYNTAXES]
    if embedded:
        cert = embedded[0]
        return Outcome.ok(
            f"{label(cert)} embedded as {cert.provenance.syntax}",
            evidence_of(cert.provenance, product.page_url, label(cert)),
        )
    if certs:
        how = ", ".join(sorted({c.provenance.syntax for c in certs}))
        return Outcome.fail(f"ESG certification found only as {how}, not embedded")
    others = [label(c) for c in product.certifications]
    also = f" (other certifications: {', '.join(others)})" if others else ""
    return Outcome.fail(
        "no ESG certification of raw-material origin in structured data" + also,
        Evidence(url=product.page_url),
    )


@check("esg_evidence_not_document_only")
def esg_evidence_not_document_only(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when ESG evidence offered as a document also exists as structured data."""
    docs = [d for d in product_documents(product, ctx.site) if is_esg_document(d)]
    structured = [
        c
        for c in esg_certifications(product, ctx.site)
        if c.provenance.syntax in EMBEDDED_SYNTAXES
    ]
    if structured:
        return Outcome.ok(f"structured certification {label(structured[0])} present")
    if not docs:
        return Outcome.not_applicable(
            "no ESG or certification document offered (G7-ESG-01 judges the"
            " missing structured data)"
        )
    evidence = tuple(Evidence(url=d.url, excerpt=d.label) for d in docs)
    return Outcome.fail(
        f"ESG evidence offered only as a document download ({docs[0].label!r})"
        " with no structured equivalent",
        *evidence,
    )


@check("certification_issuer_independent")
def certification_issuer_independent(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an ESG certification comes from an independent (trusted) issuer."""
    certs = esg_certifications(product, ctx.site)
    if not certs:
        return Outcome.not_applicable(_NONE_TO_JUDGE)
    trusted = ctx.options.trusted_issuers
    problems: list[str] = []
    warned: Certification | None = None
    for cert in certs:
        issuer = cert.issuer
        if issuer is None or not (issuer.name or issuer.id):
            problems.append(f"{label(cert)}: no issuer named")
        elif is_self_issued(cert, product, ctx.site):
            problems.append(f"{label(cert)}: issued by the supplier itself")
        elif trusted and not is_trusted(cert, trusted):
            warned = warned or cert
        else:
            return Outcome.ok(
                f"{label(cert)} issued by {issuer.name or issuer.id}",
                evidence_of(cert.provenance, product.page_url, issuer.name or ""),
            )
    if warned is not None and warned.issuer is not None:
        who = warned.issuer.name or warned.issuer.id
        return Outcome.warn(
            f"{label(warned)} issued by {who}, who is not on the trusted-issuer list",
            evidence_of(warned.provenance, product.page_url, who or ""),
        )
    return Outcome.fail(
        "; ".join(problems),
        *(evidence_of(c.provenance, product.page_url) for c in certs),
    )


@check("certification_valid_with_reference")
def certification_valid_with_reference(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an ESG certification is valid on the day and has a reference."""
    certs = esg_certifications(product, ctx.site)
    if not certs:
        return Outcome.not_applicable(_NONE_TO_JUDGE)
    problems: list[str] = []
    for cert in certs:
        found = list(validity_problems(cert, ctx.as_of))
        if not found:
            return Outcome.ok(
                f"{label(cert)} valid on {ctx.as_of.isoformat()},"
                f" reference {cert.reference_number}",
                evidence_of(
                    cert.provenance, product.page_url, cert.reference_number or ""
                ),
            )
        problems.append(f"{label(cert)}: {', '.join(found)}")
    return Outcome.fail(
        "; ".join(problems),
        *(evidence_of(c.provenance, product.page_url) for c in certs),
    )


@check("certification_verifiable")
def certification_verifiable(product: Product, ctx: CheckContext) -> Outcome:
    """Pass when an ESG certification's credential or issuer-side record verifies.

    A proof that fails verification fails the rule whatever else is found, and
    so does a verified credential issued to another party (a copy of someone
    else's credential). A verified credential whose issuer id is not on the
    configured trusted-issuer list warns, never passes. A credential nobody
    verified (or whose verification could not finish) is ``error``, and a
    verification link on the supplier's own site is ``warn``.
    """
    certs = esg_certifications(product, ctx.site)
    if not certs:
        return Outcome.not_applicable(_NONE_TO_JUDGE)
    verdicts = [_verifiability(cert, product, ctx) for cert in certs]
    # A failed proof outranks any good certificate: a forged credential on the
    # page is a finding in itself. Otherwise the best certificate decides.
    decisive = [v for v in verdicts if v.outranks]
    best = (decisive or sorted(verdicts, key=lambda v: _PREFERENCE.index(v.status)))[0]
    message, evidence = best.message, best.evidence
    if best.status is Status.FAIL and len(verdicts) > 1:
        message = "; ".join(v.message for v in verdicts)
        evidence = tuple(e for v in (decisive or [best]) for e in v.evidence)
    return Outcome(status=best.status, message=message, evidence=evidence)


_PREFERENCE = (Status.PASS, Status.WARN, Status.ERROR, Status.FAIL)


@dataclass(frozen=True, slots=True)
class _Verdict:
    """How one certification fares; ``outranks`` makes it decide the rule."""

    status: Status
    message: str
    evidence: tuple[Evidence, ...]
    outranks: bool = False


def _verifiability(
    cert: Certification, product: Product, ctx: CheckContext
) -> _Verdict:
    """Judge one certification by its credential, else by its verification link."""
    cred = cert.credential
    name = label(cert)
    plain = (evidence_of(cert.provenance, product.page_url, name),)
    if cred is not None and cred.verification == "failed":
        why = cred.verification_message or "proof does not verify"
        return _Verdict(
            Status.FAIL,
            f"{name}: the credential read from {_where(cert)} fails verification:"
            f" {why}",
            _credential_evidence(cert, cred, failed_only=True),
            outranks=True,
        )
    if cred is not None and cred.verification == "verified":
        return _verified(cert, cred, product, ctx)
    if cert.verification_url:
        return _Verdict(*_check_link(cert, cert.verification_url, ctx), plain)
    if cred is not None and cred.verification == "error":
        why = cred.verification_message or "verifier error"
        return _Verdict(
            Status.ERROR,
            f"{name}: the credential read from {_where(cert)} could not be"
            f" verified: {why}",
            _credential_evidence(cert, cred, failed_only=True),
        )
    if cred is not None:
        return _Verdict(
            Status.ERROR, f"{name}: credential found but never verified", plain
        )
    return _Verdict(
        Status.FAIL, f"{name}: no credential and no verification link", plain
    )


def _verified(
    cert: Certification, cred: CredentialRef, product: Product, ctx: CheckContext
) -> _Verdict:
    """Judge a credential whose proof verified: status, holder, issuer trust."""
    name = label(cert)
    evidence = _credential_evidence(cert, cred, failed_only=False)
    if is_revoked(cert):
        return _Verdict(
            Status.FAIL,
            f"{name}: credential verifies but is {cert.status}",
            evidence,
            outranks=True,
        )
    holder = issued_to_other(cert, product, ctx.site)
    if holder is not None:
        return _Verdict(
            Status.FAIL,
            f"{name}: the credential read from {_where(cert)} verifies, but it was"
            f" issued to {holder.name or holder.id}, not to this supplier: a copy"
            " of another party's credential is no evidence for this product",
            evidence,
            outranks=True,
        )
    trusted = credential_issuer_trusted(cred.issuer, ctx.options.trusted_issuers)
    if trusted is False:
        return _Verdict(
            Status.WARN,
            f"{name}: the credential read from {_where(cert)} verifies, but its"
            f" issuer {cred.issuer or '(none)'} is not on the trusted-issuer list"
            " (a signed credential's issuer is trusted by its id, never its name)",
            evidence,
        )
    summary = cred.verification_message or "credential verified"
    return _Verdict(Status.PASS, f"{name}: {summary}", evidence)


def _where(cert: Certification) -> str:
    """Return where a certification's credential was read, for messages."""
    prov = cert.provenance
    if prov.block and prov.syntax == "json-ld":  # block 0: the page's first or only
        return f"{prov.url} (JSON-LD block {prov.block + 1})"
    return prov.url


def _step_word(step: VerificationStep) -> str:
    if step.ok:
        return "ok"
    return "UNDECIDED" if step.undecided else "FAILED"


def _credential_evidence(
    cert: Certification, cred: CredentialRef, *, failed_only: bool
) -> tuple[Evidence, ...]:
    """Return evidence naming the credential and the checks that decided it."""
    steps = [s for s in cred.verification_steps if not (failed_only and s.ok)]
    excerpt = "; ".join(f"{_step_word(s)} {s.name}: {s.detail}" for s in steps)
    if cred.url and cred.url != cert.provenance.url:
        excerpt = f"credential {cred.url}: {excerpt}"
    return (evidence_of(cert.provenance, cert.provenance.url, excerpt[:600]),)


def _check_link(cert: Certification, url: str, ctx: CheckContext) -> tuple[Status, str]:
    name = label(cert)
    if same_host(host(url), host(ctx.site.start_url)):
        return Status.WARN, f"{name}: verification link is on the supplier's own site"
    visits = ctx.index.visits(url)
    if not visits:
        return Status.ERROR, f"{name}: verification link {url} was not followed"
    if not any(200 <= v.status < 300 for v in visits):
        code = visits[-1].status
        return Status.FAIL, f"{name}: verification link {url} does not resolve ({code})"
    records = [
        c
        for c in all_certifications(ctx.site)
        if norm_url(c.provenance.url) == norm_url(url)
    ]
    if not records:
        return Status.ERROR, f"{name}: no record could be read from {url}"
    ref = cert.reference_number
    if not ref:
        return Status.FAIL, f"{name}: no reference number to match the issuer record"
    if any(r.reference_number == ref for r in records):
        return Status.PASS, f"{name}: issuer record at {url} confirms reference {ref}"
    found = records[0].reference_number
    return Status.FAIL, f"{name}: issuer record shows reference {found}, not {ref}"
