"""The one internal model of a supplier's disclosures that every rule reads.

Whatever vocabulary a page used (schema.org, UNTP, PACT, Catena-X, ...), the
normaliser maps it into these types. Rules never look at raw JSON-LD; they read
these values, and every object carries the :class:`Provenance` of the block it
came from, so a finding can point at the page, the syntax and the JSON pointer.

All values are frozen and use tuples so that disclosures can be hashed,
compared in golden tests and stored as-is in the inspection history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Syntax = Literal["json-ld", "microdata", "rdfa", "json", "html", "link"]
"""How a fact was embedded: a JSON-LD script, microdata, RDFa, a plain JSON
document (PACT / Catena-X endpoints), the HTML itself, or a hyperlink."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a fact was read: page, syntax, vocabulary and location in the block.

    Attributes:
        url: the page or document the fact was read from.
        syntax: how it was embedded.
        vocabulary: the vocabulary it was written in, e.g. ``schema.org``,
            ``untp-dpp``, ``pact-v2``, ``pact-v3``, ``catenax-pcf``,
            ``greengate-trace`` or ``informal`` (a loose schema.org
            PropertyValue whose name says what it is).
        pointer: a JSON pointer into the block (``/credentialSubject/product``),
            or an element path for microdata / RDFa.
        block: the index of the ``<script>`` block (or item) on the page.
        line: the line of the page where that block starts, when known.
    """

    url: str
    syntax: Syntax
    vocabulary: str
    pointer: str = ""
    block: int | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """An organisation or person: issuer, manufacturer, responsible entity."""

    name: str | None = None
    id: str | None = None
    role: str | None = None  # e.g. "manufacturer", "brand", "odm", "factory"


@dataclass(frozen=True, slots=True, kw_only=True)
class Classification:
    """A product classification code, e.g. an HS heading or a UN CPC code."""

    scheme: str  # "HS", "CPC", "UNSPSC", ... ("HS" for every Harmonized System code)
    code: str  # digits only for HS, e.g. "850440" or "8504"
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Material:
    """A material in the product, with its origin and recycled content."""

    name: str
    origin_country: str | None = None
    mass_fraction: float | None = None  # 0..1
    recycled_fraction: float | None = None  # 0..1, recycled / scrap share
    source: Literal["primary", "secondary", "scrap", "recycled"] | None = None
    traceable: bool | None = None  # a trace link to the recycled source exists
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EmissionFactorSource:
    """A secondary emission-factor database and version, with an optional anchor.

    ``digest`` / ``anchor_url`` come from material passports (seed 002): the
    factor set's hash and the record on a ledger that anchors it.
    ``anchor_digest`` is the digest read from that anchoring record once it was
    followed; ``None`` until then (MDP-EF-01 compares the two).
    """

    name: str
    version: str | None = None
    digest: str | None = None
    digest_method: str | None = None
    anchor_url: str | None = None
    anchor_digest: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnchorRecord:
    """A ledger record anchoring an emission-factor set's digest (seed 002).

    No published format exists; greengate reads the keys of its profile
    (README, "greengate's profile"). ``url`` is where the record was fetched.
    """

    url: str
    digest: str
    method: str | None = None
    ledger: str | None = None
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class Assurance:
    """A third-party assurance / verification statement of a footprint."""

    provider: str | None = None
    level: str | None = None  # "limited", "reasonable"
    date: date | None = None
    standard: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessInputs:
    """Process-level inputs behind a footprint (materials-passport MDP-EF-02)."""

    energy_use: str | None = None
    fuel_types: tuple[str, ...] = ()
    upstream_materials: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CarbonFootprint:
    """A product carbon footprint, whatever vocabulary published it.

    ``value_kg_co2e`` is normalised to kilograms of CO2e per ``declared_amount``
    of ``declared_unit``; ``unit_raw`` keeps what the page wrote. Scope sets use
    the names ``scope1``, ``scope2``, ``scope3``.
    """

    value_kg_co2e: float | None = None
    unit_raw: str | None = None
    declared_unit: str | None = None  # UN/CEFACT code where known: KGM, H87, KWH, ...
    declared_amount: float | None = None
    standards: tuple[
        str, ...
    ] = ()  # normalised: "ISO 14067", "GHG Protocol Product", "PACT"
    boundary: str | None = None  # cradle-to-gate, cradle-to-grave, gate-to-gate, ...
    reference_period_start: date | None = None
    reference_period_end: date | None = None
    characterisation_factors: tuple[str, ...] = ()  # "AR5", "AR6"
    emission_factor_sources: tuple[EmissionFactorSource, ...] = ()
    grid_mix: str | None = None
    primary_data_share: float | None = None  # percent, 0..100
    scopes_included: frozenset[str] = frozenset()
    scopes_excluded: frozenset[str] = frozenset()
    scope_values: tuple[tuple[str, float], ...] = ()  # (scope, kg CO2e)
    method_reference: str | None = None  # the method / source the figures trace to
    version: str | None = None
    last_updated: date | None = None
    assurance: Assurance | None = None
    process_inputs: ProcessInputs | None = None
    responsible_party: Party | None = None
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationStep:
    """One check a credential verifier ran, kept as evidence for a finding.

    Attributes:
        name: what was checked, e.g. ``proof 1 (eddsa-rdfc-2022): signature``.
        ok: whether it passed.
        detail: one line: what passed, or why it did not.
        undecided: it could not be decided (e.g. a resource was not fetched).
    """

    name: str
    ok: bool
    detail: str
    undecided: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialRef:
    """A W3C Verifiable Credential behind a claim, as found (embedded or linked).

    ``verification`` is ``None`` until a verifier has looked at it; the crawler
    never sets it to ``"verified"`` without a proof that checked out. After
    verification, ``issuer`` is the issuer the verifier bound the proof to,
    ``issuer_trusted`` says whether that issuer id is on the user's
    trusted-issuer list (``None``: no list configured) and
    ``verification_steps`` lists every check the verifier ran.
    """

    url: str | None = None
    envelope: Literal["data-integrity", "vc-jwt", "none"] = "none"
    issuer: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    status_list_url: str | None = None
    verification: Literal["verified", "failed", "error"] | None = None
    verification_message: str | None = None
    issuer_trusted: bool | None = None
    verification_steps: tuple[VerificationStep, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Certification:
    """A certification, conformity claim, attestation or EPD about a product or firm.

    ``topic`` is a short lower-case label such as ``esg-origin``, ``epd``,
    ``carbon``, ``quality`` or the page's own words when nothing maps.
    """

    name: str | None = None
    issuer: Party | None = None
    subject: Literal["product", "organisation", "material"] = "product"
    topic: str | None = None
    reference_number: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    status: str | None = None
    standard: str | None = None  # e.g. "EN 15804", "ISO 14025", "ISO 14001"
    programme_operator: str | None = None  # EPD programme operator
    verification_url: str | None = None
    evidence_links: tuple[str, ...] = ()
    credential: CredentialRef | None = None
    issued_to: Party | None = None  # whom an attestation was issued to (UNTP)
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceLink:
    """A link from a product to a traceability record, before it is followed."""

    url: str
    network: str | None = None
    stage: str | None = None  # mining, smelting, refining, component-integration
    label: str | None = None  # the link's own text (UNTP linkName)
    hash_digest: str | None = None
    hash_method: str | None = None
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class EnergyShare:
    """One entry of a power-consumption mix, in percent."""

    source: str
    percent: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceRecord:
    """A traceability record that a :class:`TraceLink` resolved to."""

    url: str
    stage: str | None = None
    network: str | None = None
    issuer: str | None = None
    batch: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    event_time: str | None = None
    energy_mix: tuple[EnergyShare, ...] = ()
    linked_products: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    event_id: str | None = None  # an EPCIS ``eventID`` as declared
    event_hash: str | None = None  # the CBV 2.0 hash ID recomputed from the event
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentLink:
    """A downloadable document (PDF, ...) with the text of its link."""

    url: str
    label: str
    media_type: str | None = None  # from the link or the file name
    topic: str | None = None  # e.g. "certification", "esg", "epd", "carbon"
    page_url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    """A machine-readable alternate of a page or a declared data API."""

    url: str
    media_type: str | None = None
    rel: str | None = None  # "alternate", "api", ...
    page_url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """A named environmental indicator other than the footprint (water, ...)."""

    name: str
    value: float | None = None
    unit: str | None = None
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    """A product as disclosed on a supplier's site, merged across its blocks.

    ``key`` identifies the product within the supplier (its GTIN, its @id, or
    the page URL with a counter): findings are keyed by it.
    """

    key: str
    ids: tuple[str, ...] = ()
    gtin: str | None = None
    name: str | None = None
    page_url: str
    classifications: tuple[Classification, ...] = ()
    categories: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    responsible_party: Party | None = None
    footprints: tuple[CarbonFootprint, ...] = ()
    certifications: tuple[Certification, ...] = ()
    trace_links: tuple[TraceLink, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    recycled_content_share: float | None = None  # 0..1, whole product
    version: str | None = None
    date_modified: date | None = None
    provenance: tuple[Provenance, ...] = ()

    @property
    def hs_codes(self) -> tuple[str, ...]:
        """Return the product's Harmonized System codes, digits only."""
        return tuple(c.code for c in self.classifications if c.scheme == "HS")


IssueKind = Literal[
    "jsonld-syntax",  # a JSON-LD block is not valid JSON
    "jsonld-context",  # a context is neither bundled nor allowed: not fetched
    "jsonld-dropped",  # terms that expansion dropped (no mapping in the context)
    "jsonld-expansion",  # expansion failed for another reason
    "unknown-term",  # a term that the named vocabulary does not define
    "informal-vocabulary",  # a fact read from a loose PropertyValue
    "extraction",  # microdata / RDFa extraction failed
    "incomplete-record",  # a record lacks the fact that makes it usable
    "fetch",  # a page could not be fetched
    "robots",  # robots.txt disallows a URL the crawl wanted
    "render",  # rendering a page with a browser failed: it was screened as served
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """A problem met while reading a page: parse error, unknown context, ...

    ``line`` and ``column`` are 1-based positions in the page (not the block),
    so a user can open the page source and go straight to it.
    """

    kind: IssueKind
    url: str
    message: str
    block: int | None = None
    line: int | None = None
    column: int | None = None
    detail: str | None = None  # e.g. the context URL or the dropped term
    pointer: str | None = None  # JSON pointer into the block, e.g. "/offers/0/foo"


@dataclass(frozen=True, slots=True, kw_only=True)
class PageVisit:
    """One page the crawl fetched (or tried to), and what it found there.

    A rendered page is first fetched as served, then loaded in a browser;
    ``syntaxes`` and the page's facts then come from the rendered DOM, and
    ``rendered_only_blocks`` tells which of its JSON-LD blocks (indices, as in
    :attr:`Provenance.block`) were not in the HTML as served. When rendering
    was tried and failed, ``rendered`` is false, ``render_error`` says why and
    the page was screened as served.
    """

    url: str
    status: int  # HTTP status; 0 when nothing was received
    syntaxes: tuple[str, ...] = ()  # syntaxes found: json-ld, microdata, rdfa
    rendered: bool = False  # whether the page was rendered with a browser
    error: str | None = None  # why it could not be fetched
    content_type: str | None = None
    render_reason: str | None = None  # why the crawl rendered it, e.g. "app-shell"
    render_error: str | None = None  # why rendering failed (screened as served)
    rendered_only_blocks: tuple[int, ...] = ()  # JSON-LD blocks added by JavaScript
    sha256: str | None = None  # hex SHA-256 of the body as received (served, not DOM)


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteDisclosure:
    """Everything read from one supplier's site: the input of rule evaluation."""

    supplier_id: str
    name: str
    start_url: str
    pages: tuple[PageVisit, ...] = ()
    products: tuple[Product, ...] = ()
    organisation_certifications: tuple[Certification, ...] = ()
    documents: tuple[DocumentLink, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    trace_records: tuple[TraceRecord, ...] = ()
    issues: tuple[Issue, ...] = ()
    robots_disallowed: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()  # from the supplier list, applied to every product
    profiles: tuple[str, ...] = ()  # "jp", "de"

    @property
    def reachable(self) -> bool:
        """Return whether at least one page answered with content."""
        return any(200 <= p.status < 400 for p in self.pages)
