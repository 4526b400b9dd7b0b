"""Small pure helpers that checks share: URLs, names, dates and evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from rules.disclosure import Provenance
from rules.model import Evidence

_LEGAL_SUFFIXES = frozenset(
    {
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "limited",
        "llc",
        "ltd",
        "plc",
        "pty",
        "ag",
        "sa",
        "srl",
        "bv",
        "kk",
        "group",
    }
)


@lru_cache(maxsize=1 << 16)  # checks compare the same URLs once per product
def norm_url(url: str) -> str:
    """Return ``url`` without fragment or trailing slash, scheme and host lowered.

    Args:
        url: an absolute URL as found on a page.

    Returns:
        A key under which two spellings of the same URL compare equal.
    """
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, parts.query, "")
    )


def host(url: str) -> str:
    """Return the lower-case host of ``url`` without ``www.``, with an explicit port.

    The port is kept when the URL names one: two services on one machine
    (a supplier and a traceability platform on 127.0.0.1, say) are not the
    same party. ``did:web`` identifiers encode a port the same way.
    """
    parts = urlsplit(url.strip())
    name = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{name}:{port}" if name and port is not None else name


def did_host(did: str) -> str:
    """Return the domain of a ``did:web`` identifier, or ``""`` for other DIDs."""
    if not did.lower().startswith("did:web:"):
        return ""
    domain = did.split(":")[2]
    return domain.replace("%3A", ":").lower().removeprefix("www.")


def same_host(a: str, b: str) -> bool:
    """Return whether host ``a`` is ``b`` or one of its subdomains (or vice versa)."""
    if not a or not b:
        return False
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def words(text: str) -> str:
    """Return ``text`` lower-cased with every non-alphanumeric run as one space."""
    return " ".join(re.findall(r"[0-9a-z]+", text.casefold()))


def mentions(text: str, phrase: str) -> bool:
    """Return whether ``phrase`` occurs in ``text`` as whole words."""
    needle = words(phrase)
    return bool(needle) and f" {needle} " in f" {words(text)} "


def org_name(name: str) -> str:
    """Return an organisation name without punctuation or legal-form suffixes."""
    tokens = [t for t in words(name).split() if t not in _LEGAL_SUFFIXES]
    return " ".join(tokens)


def months_back(day: date, months: int) -> date:
    """Return the date ``months`` calendar months before ``day``.

    The day of month is clamped, so 31 March minus one month is 28/29 February.
    """
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def evidence_of(provenance: Provenance | None, url: str, excerpt: str = "") -> Evidence:
    """Return evidence pointing at where a fact was read.

    Args:
        provenance: where the fact came from, when known.
        url: the URL to use when there is no provenance.
        excerpt: a short text showing the fact (or its absence).

    Returns:
        Evidence with the URL and JSON pointer of the block when known.
    """
    if provenance is None:
        return Evidence(url=url, excerpt=excerpt)
    pointer = provenance.pointer
    if not pointer and provenance.block is not None:
        pointer = f"block {provenance.block}"
    return Evidence(url=provenance.url, pointer=pointer, excerpt=excerpt)


def join(items: Iterable[object]) -> str:
    """Return ``items`` as a sorted, comma-separated list for messages."""
    return ", ".join(sorted(str(i) for i in items))


def robots_blocks(url: str, disallowed: Iterable[str]) -> bool:
    """Return whether ``url`` falls under a robots.txt disallow entry.

    Entries may be absolute URLs (the crawl recorded the URL it was refused)
    or paths (``/products/``), which are matched as path prefixes.
    """
    target = norm_url(url)
    path = urlsplit(url).path or "/"
    for entry in disallowed:
        if entry.startswith("/"):
            if path.startswith(entry):
                return True
        elif target.startswith(norm_url(entry)):
            return True
    return False


def gs1_check_digit(body: str) -> str:
    """Return the GS1 modulo-10 check digit of the digits ``body`` (GTIN, SSCC, GLN)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)
