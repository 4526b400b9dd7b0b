"""``greengate verify``: verify one credential, fetching what it needs politely.

The credential comes from a file, standard input or a URL: a JSON credential
with an embedded proof, an ``EnvelopedVerifiableCredential``, a compact
VC-JWT, or a page or JSON-LD document that embeds exactly one of these. A URL
and the resources its verification reads (``did:web`` documents, status list
credentials) are fetched by a small Scrapy crawl with the screening settings:
the same user agent, robots.txt, timeouts and host guard. As with ``scan``,
the URL typed is allowed; the resources the credential names are links, and
are refused on loopback or private addresses unless ``--allow-host`` allows
them. ``--resource URL=FILE`` supplies a resource from a file instead.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.credentials import find_credentials, is_credential
from crawler.evidence import inspection_time
from crawler.extract import extract_page
from crawler.failures import redirected_from
from crawler.middlewares import HostRefusedRequest
from crawler.model import FetchedPage
from crawler.settings import crawl_settings
from crawler.verify import (
    Step,
    VerificationResult,
    missing_resources,
    verify_credential,
)
from crawler.verify.jose import is_compact_jws
from rules.trust import credential_issuer_trusted

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

__all__ = [
    "Check",
    "CredentialReport",
    "DocumentError",
    "fetch_and_verify",
    "read_credential",
    "render_json",
    "render_text",
    "verify_document",
]

MAX_RESOURCES = 20
"""Resources fetched for one credential at most (DID documents, status lists)."""

CheckName = Literal["structure", "proof", "validity", "status", "issuer trust"]
CheckStatus = Literal["pass", "fail", "error", "skipped"]
Credential = bytes | Mapping[str, Any]


class DocumentError(ValueError):
    """The input holds no credential, or several: the message says which."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One group of checks, as ``greengate verify`` reports it."""

    name: CheckName
    status: CheckStatus
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialReport:
    """The verification of one credential, ready to print."""

    source: str
    result: VerificationResult
    checks: tuple[Check, ...]
    fetch_errors: tuple[tuple[str, str], ...] = ()  # (resource URL, why)

    @property
    def verified(self) -> bool:
        """Return whether it verified (and its issuer is trusted, given a list)."""
        return self.result.verified and all(
            c.status in ("pass", "skipped") for c in self.checks
        )


def read_credential(data: bytes, url: str, content_type: str | None) -> Credential:
    """Return the one credential a document is or holds.

    Raises:
        DocumentError: the document holds no credential, or several.
    """
    if is_compact_jws(data.decode("ascii", errors="replace")):
        return data
    page = FetchedPage(url=url, status=200, body=data, content_type=content_type)
    try:
        parsed = json.loads(page.body)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and is_credential(parsed):
        return parsed
    found = find_credentials(extract_page(page))
    if len(found) == 1:
        return found[0].data
    if not found:
        raise DocumentError(f"{url}: no verifiable credential found")
    raise DocumentError(
        f"{url}: {len(found)} credentials found; verify a credential document"
    )


def verify_document(
    source: str,
    credential: Credential,
    resources: Mapping[str, bytes | None],
    *,
    as_of: date,
    trusted_issuers: Sequence[str] = (),
) -> CredentialReport:
    """Verify ``credential`` at the end of ``as_of`` (UTC) and group the checks."""
    result = verify_credential(
        credential, resources=resources, as_of=inspection_time(as_of)
    )
    return CredentialReport(
        source=source, result=result, checks=_checks(result, as_of, trusted_issuers)
    )


def fetch_and_verify(
    *,
    source: str,
    url: str | None,
    document: bytes | None,
    given: Mapping[str, bytes],
    as_of: date,
    trusted_issuers: Sequence[str],
    allow_hosts: tuple[str, ...],
    timeout: float,
    offline: bool = False,
) -> CredentialReport:
    """Fetch the credential (for a URL) and its resources, then verify it.

    Runs at most one Scrapy crawl (a process can run only one): none at all
    when the credential comes from a file and needs nothing more, or with
    ``offline``.

    Raises:
        DocumentError: the document holds no credential, or several.
    """
    fetched = _Fetched(resources=dict(given))
    if document is not None:
        fetched.credential = read_credential(document, source, None)
        needed = missing_resources(fetched.credential, fetched.resources)
        if needed and not offline:
            _crawl(None, fetched, allow_hosts, timeout)
    elif url is not None:
        _crawl(url, fetched, allow_hosts, timeout)
    if fetched.problem is not None:
        raise DocumentError(fetched.problem)
    if fetched.credential is None:
        why = fetched.fetch_error or "nothing was fetched"
        result = VerificationResult(status="error", message=f"{source}: {why}")
        return CredentialReport(
            source=source, result=result, checks=_checks(result, as_of, ())
        )
    report = verify_document(
        source,
        fetched.credential,
        fetched.resources,
        as_of=as_of,
        trusted_issuers=trusted_issuers,
    )
    return replace(report, fetch_errors=tuple(fetched.errors.items()))


def render_json(report: CredentialReport) -> str:
    """Return the ``--json`` output: verdict, message and each check."""
    result = report.result
    document = {
        "verified": report.verified,
        "status": result.status,
        "message": result.message,
        "source": report.source,
        "issuer": result.issuer,
        "checks": [
            {"name": c.name, "status": c.status, "message": c.message}
            for c in report.checks
        ],
        "fetch_errors": [{"url": u, "error": e} for u, e in report.fetch_errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def render_text(report: CredentialReport) -> str:
    """Return the plain-text output: one line per check, then the verdict."""
    lines = [f"credential: {report.source}"]
    if report.result.issuer:
        lines.append(f"issuer: {report.result.issuer}")
    width = max(len(c.name) for c in report.checks)
    lines += [f"  {c.status:7} {c.name:{width}}  {c.message}" for c in report.checks]
    lines += [f"  could not fetch {url}: {why}" for url, why in report.fetch_errors]
    if report.verified:
        lines.append(report.result.message)  # "verified: ... by the issuer ..."
    elif report.result.verified:  # verified, but the issuer is not trusted
        lines.append(f"NOT verified (untrusted issuer): {report.result.message}")
    else:
        lines.append(f"NOT verified ({report.result.status}): {report.result.message}")
    return "\n".join(lines)


def _checks(
    result: VerificationResult, as_of: date, trusted_issuers: Sequence[str]
) -> tuple[Check, ...]:
    groups: dict[CheckName, list[Step]] = {
        "structure": [],
        "proof": [],
        "validity": [],
        "status": [],
    }
    for step in result.steps:
        groups[_group(step.name, step.detail, step.ok)].append(step)
    if not result.steps:  # nothing could be read: only the reason why
        skipped: tuple[CheckStatus, str] = ("skipped", "not checked")
        return (
            _grouped("structure", [], _no_structure(result)),
            *(_grouped(name, [], skipped) for name in ("proof", "validity", "status")),
            _trust(result, trusted_issuers),
        )
    failed_somewhere = any(not s.ok and not s.undecided for s in result.steps)
    return (
        _grouped("structure", groups["structure"], _no_structure(result)),
        _grouped("proof", groups["proof"], ("skipped", "not checked")),
        _grouped("validity", groups["validity"], _validity(result, as_of)),
        _grouped(
            "status",
            groups["status"],
            (
                "skipped",
                "not checked: another check failed"
                if failed_somewhere
                else "no credentialStatus entry",
            ),
        ),
        _trust(result, trusted_issuers),
    )


def _group(name: str, detail: str, ok: bool) -> CheckName:
    if name == "data model":
        return "structure"
    if name == "validity period" or (
        name == "vc-jwt" and not ok and "(as of " in detail
    ):
        return "validity"
    if name.startswith("status"):
        return "status"
    return "proof"


def _grouped(
    name: CheckName, steps: list[Step], empty: tuple[CheckStatus, str]
) -> Check:
    """Return one check from its steps: pass, fail, or error when undecided."""
    if not steps:
        return Check(name=name, status=empty[0], message=empty[1])
    bad = [s for s in steps if not s.ok]
    if not bad:
        return Check(
            name=name, status="pass", message="; ".join(s.detail for s in steps)
        )
    return Check(
        name=name,
        status="error" if all(s.undecided for s in bad) else "fail",
        message="; ".join(f"{s.name}: {s.detail}" for s in bad),
    )


def _no_structure(result: VerificationResult) -> tuple[CheckStatus, str]:
    if result.steps:  # the data model is checked whenever anything was read
        return "skipped", "not checked"
    return ("fail" if result.status == "failed" else "error"), result.message


def _validity(result: VerificationResult, as_of: date) -> tuple[CheckStatus, str]:
    start = result.valid_from.isoformat() if result.valid_from else "not stated"
    end = result.valid_until.isoformat() if result.valid_until else "not stated"
    return (
        "pass",
        f"valid at the end of {as_of.isoformat()} (from {start}, until {end})",
    )


def _trust(result: VerificationResult, trusted_issuers: Sequence[str]) -> Check:
    """Judge the issuer against the list: by id only, and only once bound."""
    if not trusted_issuers:
        message = "no trusted-issuer list given (--trusted-issuer)"
        return Check(name="issuer trust", status="skipped", message=message)
    if not result.verified:
        message = (
            "not checked: a credential's issuer is established only once it verifies"
        )
        return Check(name="issuer trust", status="skipped", message=message)
    if credential_issuer_trusted(result.issuer, trusted_issuers):
        message = f"{result.issuer} is on the trusted-issuer list"
        return Check(name="issuer trust", status="pass", message=message)
    message = f"{result.issuer} is not on the trusted-issuer list"
    return Check(name="issuer trust", status="fail", message=message)


@dataclass(slots=True)
class _Fetched:
    resources: dict[str, bytes | None]
    credential: Credential | None = None
    fetch_error: str | None = None
    errors: dict[str, str] = field(default_factory=dict)  # resource URL -> why
    problem: str | None = None  # the document is not one credential
    requested: set[str] = field(default_factory=set)


def _crawl(
    url: str | None, fetched: _Fetched, allow_hosts: tuple[str, ...], timeout: float
) -> None:
    settings = crawl_settings(
        allow_hosts=allow_hosts, timeout=timeout, log_level="ERROR"
    )
    process = CrawlerProcess(settings=settings)
    process.crawl(_CredentialSpider, url=url, fetched=fetched)
    process.start()


class _CredentialSpider(scrapy.Spider):
    """Fetch one credential (when given a URL), then what its verification reads."""

    name = "greengate-verify"

    def __init__(self, *, url: str | None, fetched: _Fetched, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.fetched = fetched

    async def start(self) -> AsyncIterator[Any]:
        """Request the credential's URL, or straight away its resources."""
        if self.url is None:
            for request in self._resources():
                yield request
            return
        yield scrapy.Request(
            self.url,
            callback=self.on_credential,
            errback=self.on_credential_error,
            meta={"greengate_user_url": self.url},  # typed by the user: allowed
            dont_filter=True,
        )

    def on_credential(self, response: Response) -> Iterator[scrapy.Request]:
        """Read the credential, then request its resources."""
        value = response.headers.get(b"Content-Type")
        content_type = value.decode("latin-1") if value else None
        try:
            self.fetched.credential = read_credential(
                response.body, response.url, content_type
            )
        except DocumentError as exc:
            self.fetched.problem = str(exc)
            return
        yield from self._resources()

    def on_credential_error(self, failure: Failure) -> None:
        """Record why the credential could not be fetched."""
        self.fetched.fetch_error = f"could not be fetched: {_reason(failure)}"

    def on_resource(self, response: Response) -> Iterator[scrapy.Request]:
        """Keep a resource's bytes; request what it needs in turn."""
        asked = (
            redirected_from(response.request) if response.request else None
        ) or response.url
        self.fetched.resources[asked] = response.body
        yield from self._resources()

    def on_resource_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Record a resource that could not be fetched (``None``)."""
        request = failure.request  # type: ignore[attr-defined]
        url = redirected_from(request) or request.url
        self.fetched.resources[url] = None
        self.fetched.errors[url] = _reason(failure)
        yield from self._resources()

    def _resources(self) -> Iterator[scrapy.Request]:
        credential = self.fetched.credential
        if credential is None:
            return
        for url in missing_resources(credential, self.fetched.resources):
            if url in self.fetched.requested:
                continue
            if len(self.fetched.requested) >= MAX_RESOURCES:
                return
            self.fetched.requested.add(url)
            yield scrapy.Request(
                url,
                callback=self.on_resource,
                errback=self.on_resource_error,
                dont_filter=True,
            )


def _reason(failure: Failure) -> str:
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, HostRefusedRequest):
        return str(exc)
    return f"{type(exc).__name__}: {exc}".strip()
