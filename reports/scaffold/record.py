"""Typed product records: what one row of the product table says.

A value that is missing or cannot be read is ``None`` (or an empty tuple);
nothing is filled in by default. Why a written value could not be read is
kept in :attr:`ProductRecord.problems`, by column, for the gap report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

GapStatus = Literal["fail", "warn", "info"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FactorSource:
    """A secondary emission-factor database, its version and optional anchor."""

    name: str
    version: str | None = None
    digest: str | None = None
    digest_method: str | None = None
    anchor_url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceStage:
    """A link to a traceability record of one value-chain stage."""

    stage: str  # UNTP valueChainProcess, e.g. "Mining", "Recycling"
    url: str
    label: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpstreamAudit:
    """An ESG audit of an upstream smelter, refiner or mine, by reference number."""

    description: str
    reference: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MaterialEntry:
    """A material of the product, with origin and recycled share (0..1)."""

    name: str
    origin: str | None = None
    recycled_share: float | None = None
    mass_fraction: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificationRecord:
    """The product's ESG certification of raw-material origin."""

    reference: str | None = None
    name: str | None = None
    issuer: str | None = None
    issuer_url: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EpdRecord:
    """The product's Environmental Product Declaration."""

    registration: str | None = None
    operator: str | None = None
    standard: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FootprintRecord:
    """The product carbon footprint and its parameters."""

    value: float | None = None
    declared_unit: str | None = None  # as written
    unit_code: str | None = None  # UN/CEFACT code, when known
    declared_amount: float | None = None
    boundary: str | None = None  # normalised: cradle-to-gate, ...
    period_start: date | None = None
    period_end: date | None = None
    scope1: float | None = None
    scope2: float | None = None
    scopes_included: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    characterisation_factors: tuple[str, ...] = ()
    sources: tuple[FactorSource, ...] = ()
    primary_data_share: float | None = None  # percent
    grid_mix: str | None = None
    geography_country: str | None = None
    pcf_id: str | None = None
    assurance_provider: str | None = None
    assurance_date: date | None = None
    assurance_standard: str | None = None
    energy_use: str | None = None
    fuel_types: tuple[str, ...] = ()
    upstream_materials: tuple[str, ...] = ()
    pact_fields: tuple[tuple[str, str], ...] = ()  # pact.<field> columns


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductRecord:
    """One product of the table, as typed values."""

    row: int
    product_id: str
    file_id: str  # product_id made safe as a file name
    gtin: str | None = None  # 14 digits
    name: str | None = None
    description: str | None = None
    product_url: str | None = None
    category: str | None = None
    hs_code: str | None = None  # digits only
    manufacturer: str | None = None
    manufacturer_ids: tuple[str, ...] = ()  # DIDs, URLs, URNs
    version: str | None = None
    date_modified: date | None = None
    data_url: str | None = None
    footprint: FootprintRecord = field(default_factory=FootprintRecord)
    certification: CertificationRecord | None = None
    epd: EpdRecord | None = None
    traceability: tuple[TraceStage, ...] = ()
    upstream_audits: tuple[UpstreamAudit, ...] = ()
    materials: tuple[MaterialEntry, ...] = ()
    water_litres: float | None = None
    problems: Mapping[str, str] = field(default_factory=dict)

    @property
    def manufacturer_id(self) -> str | None:
        """Return the manufacturer's id for JSON-LD: a DID first, else the first id."""
        dids = [i for i in self.manufacturer_ids if i.lower().startswith("did:")]
        return next(iter(dids or self.manufacturer_ids), None)

    @property
    def manufacturer_urns(self) -> tuple[str, ...]:
        """Return the manufacturer's URN ids (PACT ``companyIds`` are URNs)."""
        return tuple(i for i in self.manufacturer_ids if i.lower().startswith("urn:"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """A missing or unusable value of one row, and the rules it would fail.

    Attributes:
        row: the spreadsheet row number (the header is row 1).
        product_id: the row's product id.
        column: the column at fault (or the first of several).
        message: what is wrong, e.g. ``no footprint_kg_co2e``.
        rules: the rule ids of the selected packs that would report
            ``status`` for the product because of it (none: the output is
            incomplete for its vocabulary, but no rule judges it).
        status: what those rules would report.
    """

    row: int
    product_id: str
    column: str
    message: str
    rules: tuple[str, ...] = ()
    status: GapStatus = "fail"

    def describe(self) -> str:
        """Return the gap as one line, e.g. ``row 3 (AP-5K): no x → G7-CFP-01 ...``."""
        who = f" ({self.product_id})" if self.product_id else ""
        head = f"row {self.row}{who}: {self.message}"
        if not self.rules:
            return head
        return f"{head} → {', '.join(self.rules)} would {self.status}"
