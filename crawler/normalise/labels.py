"""One spelling for the words vocabularies disagree on.

Standards (``ISO Standard 14067``, ``ISO14067``, ``ISO 14067`` -> ``ISO
14067``), system boundaries, traceability stages, certification statuses and
topics, and classification schemes.
"""

from __future__ import annotations

import re

from crawler.normalise.tree import local_name

_NUMBERED_STANDARD = re.compile(
    r"\b(ISO|EN|PAS|IEC)[\s_-]*(?:Standard[\s_-]*)?(\d{4,5})(?:[-/](\d{2,5}))?",
    re.IGNORECASE,
)
_NAMED_STANDARDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"GHG\s*P(rotocol)?[\s_-]*Product|GHGP-Product", re.I),
        "GHG Protocol Product",
    ),
    (re.compile(r"^PACT(\b|[-\s])|Pathfinder", re.I), "PACT"),
    (re.compile(r"^PEF$|Product Environmental Footprint", re.I), "PEF"),
    (re.compile(r"Catena-?X.*PCF.*Rulebook", re.I), "Catena-X PCF Rulebook"),
)


def standard_name(text: str) -> str:
    """Return one spelling of a standard's name.

    >>> [standard_name(s) for s in ("ISO Standard 14067", "ISO14067", "ISO 14067")]
    ['ISO 14067', 'ISO 14067', 'ISO 14067']
    >>> standard_name("ISO14040-44"), standard_name("GHGP-Product")
    ('ISO 14040/14044', 'GHG Protocol Product')
    """
    for pattern, name in _NAMED_STANDARDS:
        if pattern.search(text):
            return name
    match = _NUMBERED_STANDARD.search(text)
    if not match:
        return text.strip()
    body, second = match[2], match[3]
    if second:
        second = body[: len(body) - len(second)] + second
        return f"{match[1].upper()} {body}/{second}"
    return f"{match[1].upper()} {body}"


def standard_names(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Return the normalised standards, without duplicates, in order."""
    return tuple(dict.fromkeys(standard_name(t) for t in texts if t.strip()))


def kebab(text: str) -> str:
    """Return ``CradleToGate`` / ``Cradle to gate`` as ``cradle-to-gate``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local_name(text.strip()))
    return re.sub(r"[\s_-]+", "-", spaced).strip("-").lower()


_BOUNDARIES = {
    "cradle-to-gate",
    "cradle-to-grave",
    "gate-to-gate",
    "gate-to-grave",
    "cradle-to-cradle",
}


def boundary(text: str | None) -> str | None:
    """Return a system boundary (``cradle-to-gate``, ...) or ``None``."""
    if not text:
        return None
    found = kebab(text)
    return found if found in _BOUNDARIES else None


_STAGE_SYNONYMS = {
    "mining": "mining",
    "mine": "mining",
    "extraction": "mining",
    "ore-extraction": "mining",
    "ore-mining": "mining",
    "smelting": "smelting",
    "smelter": "smelting",
    "refining": "refining",
    "refinery": "refining",
    "component-integration": "component-integration",
    "integration": "component-integration",
    "assembly": "component-integration",
    "component-assembly": "component-integration",
    # where recycled or scrap feedstock comes from (G7-TRC-06)
    "recycling": "recycling",
    "scrap-collection": "recycling",
    "collection": "recycling",
    "recovery": "recycling",
    "material-recovery": "recycling",
}


def stage(text: str | None) -> str | None:
    """Return a traceability stage in kebab case, known synonyms folded.

    >>> stage("ComponentIntegration"), stage("Smelter"), stage("Weaving")
    ('component-integration', 'smelting', 'weaving')
    """
    if not text:
        return None
    found = kebab(text)
    return _STAGE_SYNONYMS.get(found, found) or None


def certification_status(text: str | None) -> str | None:
    """Return ``active`` / ``inactive`` for schema.org status values, else as given."""
    if not text:
        return None
    found = local_name(text)
    mapped = {"CertificationActive": "active", "CertificationInactive": "inactive"}
    return mapped.get(found, found.lower())


_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("epd", re.compile(r"\bepd\b|environmental product declaration|15804|14025", re.I)),
    (
        "carbon",
        re.compile(
            r"carbon|co2|co₂|ghg|greenhouse|footprint|\bpcf\b|14067"
            r"|emission",
            re.I,
        ),
    ),
    (
        "esg-origin",
        re.compile(
            r"origin|responsibl|conflict|due.diligence|esg|"
            r"sustainab|traceab|irma|\brmi\b|rmap",
            re.I,
        ),
    ),
    ("environmental-management", re.compile(r"14001|emas\b", re.I)),
    ("quality", re.compile(r"9001|quality|iatf|16949", re.I)),
    ("energy", re.compile(r"energy|eprel|50001", re.I)),
    ("safety", re.compile(r"\bce\b|\bfcc\b|\bul\b|safety|fips|\bccc\b", re.I)),
)


def certification_topic(*texts: str | None) -> str | None:
    """Guess a certification's topic from its name, description or standard."""
    joined = " ".join(t for t in texts if t)
    for topic, pattern in _TOPICS:
        if pattern.search(joined):
            return topic
    return joined.strip().lower()[:60] or None


def conformity_topic(code: str | None) -> str | None:
    """Map a UNTP conformity topic (``environment.emissions``) to a topic."""
    if not code:
        return None
    found = local_name(code).lower()
    if "emission" in found or "carbon" in found:
        return "carbon"
    if found.startswith(("social.", "governance.")) or "due" in found:
        return "esg-origin"
    return found


_DOCUMENT_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("epd", _TOPICS[0][1]),
    ("carbon", _TOPICS[1][1]),
    (
        "certification",
        re.compile(
            r"certif|zertifi|attestation|accredit|iso\s*\d{4}"
            r"|audit",
            re.I,
        ),
    ),
    (
        "esg",
        re.compile(
            r"esg|sustainab|csr|responsib|due.diligence|conflict|origin"
            r"|nachhaltig",
            re.I,
        ),
    ),
)


def document_topic(*texts: str | None) -> str | None:
    """Guess what a downloadable document is about from its label and URL."""
    joined = " ".join(t for t in texts if t)
    return next((t for t, p in _DOCUMENT_TOPICS if p.search(joined)), None)


def classification_scheme(*texts: str | None) -> str:
    """Return ``HS``, ``CPC``, ``UNSPSC``, ``ECLASS``, ``CAS`` or the text given."""
    joined = " ".join(t for t in texts if t)
    checks = (
        ("HS", r"\bhs\b|hs.?code|harmoni[sz]ed|tariff|customs|\bhts\b|\bcn\b"),
        ("CPC", r"\bcpc\b|central product classification"),
        ("UNSPSC", r"unspsc"),
        ("ECLASS", r"e-?cl@?ass"),
        ("CAS", r"\bcas\b"),
    )
    for scheme, pattern in checks:
        if re.search(pattern, joined, re.I):
            return scheme
    return joined.strip() or "unknown"
