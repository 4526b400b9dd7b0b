"""Structure checks of the W3C Verifiable Credentials Data Model (2.0 and 1.1).

These are the data-model rules a verifier can check on the JSON alone:
contexts, types, issuer, validity dates and their order, subjects, and the
shape of the optional members. Problems are returned as readable lines, not
raised, so that every problem of a credential is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from crawler.verify.timestamps import parse_timestamp

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
_TYPED_MEMBERS = (
    "credentialSchema",
    "credentialStatus",
    "evidence",
    "termsOfUse",
    "refreshService",
    "renderMethod",
)
_LANGUAGE_KEYS = frozenset({"@value", "@language", "@direction"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Structure:
    """What the data-model checks found.

    Attributes:
        version: 2 or 1 by the first context, ``None`` when neither.
        issuer: the issuer's id, when there is a usable one.
        valid_from: ``validFrom`` (2.0) or ``issuanceDate`` (1.1).
        valid_until: ``validUntil`` (2.0) or ``expirationDate`` (1.1).
        subject_ids: the ids of the credential subjects that have one.
        problems: one line per rule the credential breaks.
    """

    version: Literal[1, 2] | None
    issuer: str | None
    valid_from: datetime | None
    valid_until: datetime | None
    subject_ids: tuple[str, ...]
    problems: tuple[str, ...]


def check_structure(credential: Mapping[str, Any]) -> Structure:
    """Check a credential against the data-model rules."""
    version, problems = _context_version(credential)
    problems += list(_type_problems(credential))
    issuer, issuer_problems = _issuer(credential.get("issuer"), "issuer")
    problems += issuer_problems
    start_name, end_name = (
        ("validFrom", "validUntil")
        if version != 1
        else ("issuanceDate", "expirationDate")
    )
    start = _date(credential, start_name, version, problems)
    end = _date(credential, end_name, version, problems)
    if version == 1 and start_name not in credential:
        problems.append("issuanceDate is missing (required by VC 1.1)")
    if start and end and end < start:
        problems.append(f"{end_name} {credential[end_name]} is before {start_name}")
    subjects, subject_problems = _subjects(credential.get("credentialSubject"))
    problems += subject_problems
    problems += list(_member_problems(credential))
    return Structure(
        version=version,
        issuer=issuer,
        valid_from=start,
        valid_until=end,
        subject_ids=subjects,
        problems=tuple(problems),
    )


def validity_problem(structure: Structure, as_of: datetime) -> str | None:
    """Return why the credential is not valid at ``as_of``, or ``None``."""
    if structure.valid_from and as_of < structure.valid_from:
        return f"not yet valid: valid from {structure.valid_from.isoformat()}"
    if structure.valid_until and structure.valid_until < as_of:
        return f"expired: valid until {structure.valid_until.isoformat()}"
    return None


def is_url(value: object) -> bool:
    """Return whether ``value`` is an absolute URL or URN (a scheme and more)."""
    if (
        not isinstance(value, str)
        or ":" not in value
        or any(c.isspace() for c in value)
    ):
        return False
    scheme, _, rest = value.partition(":")
    return (
        bool(rest)
        and scheme[:1].isalpha()
        and all(c.isalnum() or c in "+.-" for c in scheme)
    )


def types_of(node: Mapping[str, Any]) -> list[Any]:
    """Return a node's ``type`` as a list."""
    value = node.get("type")
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _context_version(
    credential: Mapping[str, Any],
) -> tuple[Literal[1, 2] | None, list[str]]:
    context = credential.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if context is None or not contexts:
        return None, ["@context is missing"]
    if contexts[0] == V2_CONTEXT:
        return 2, []
    if contexts[0] == V1_CONTEXT:
        return 1, []
    return None, [f"first @context is {contexts[0]!r:.80}, not {V2_CONTEXT}"]


def _type_problems(credential: Mapping[str, Any]) -> Iterator[str]:
    types = types_of(credential)
    if not types:
        yield "type is missing"
    elif "VerifiableCredential" not in types:
        yield "type does not include VerifiableCredential"
    if any(not isinstance(t, str) or not t for t in types):
        yield "type holds a value that is not a non-empty string"


def _issuer(value: object, name: str) -> tuple[str | None, list[str]]:
    ident = value.get("id") if isinstance(value, Mapping) else value
    if value is None:
        return None, [f"{name} is missing"]
    if not isinstance(ident, str) or not is_url(ident):
        return None, [f"{name} is not a URL or an object with a URL id"]
    problems = (
        list(_language_problems(value, name)) if isinstance(value, Mapping) else []
    )
    return ident, problems


def _date(
    credential: Mapping[str, Any], name: str, version: int | None, problems: list[str]
) -> datetime | None:
    if name not in credential:
        return None
    parsed = parse_timestamp(credential[name], require_zone=version == 2)
    if parsed is None:
        problems.append(f"{name} {credential[name]!r:.40} is not a valid date-time")
    return parsed


def _subjects(value: object) -> tuple[tuple[str, ...], list[str]]:
    items: list[object] = value if isinstance(value, list) else [value]
    if value is None or not items:
        return (), ["credentialSubject is missing"]
    subjects = [s for s in items if isinstance(s, Mapping) and s]
    if len(subjects) != len(items):
        return (), [
            "credentialSubject holds an empty value or one that is not an object"
        ]
    problems = []
    ids = []
    for subject in subjects:
        ident = subject.get("id")
        if ident is not None and not is_url(ident):
            problems.append("credentialSubject id is not a single URL")
        elif ident is not None:
            ids.append(ident)
    return tuple(ids), problems


def _member_problems(credential: Mapping[str, Any]) -> Iterator[str]:
    if "id" in credential and not is_url(credential["id"]):
        yield "id is not a single URL"
    for name in _TYPED_MEMBERS:
        value = credential.get(name)
        items = value if isinstance(value, list) else [] if value is None else [value]
        for item in items:
            if not isinstance(item, Mapping) or not types_of(item):
                yield f"{name} has an entry without a type"
            elif "id" in item and not is_url(item["id"]):
                yield f"{name} id is not a single URL"
            elif name == "credentialSchema" and not is_url(item.get("id")):
                yield "credentialSchema has no URL id"
    yield from _language_problems(credential, "credential")


def _language_problems(node: Mapping[str, Any], where: str) -> Iterator[str]:
    for name in ("name", "description"):
        value = node.get(name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Mapping) and (
                not set(item) <= _LANGUAGE_KEYS or "@value" not in item
            ):
                yield f"{where} {name} is a language object with other members"
            elif item is not None and not isinstance(item, str | Mapping):
                yield f"{where} {name} is not a string or a language object"
