"""The columns of a product table that ``greengate scaffold`` reads.

One place lists every column, what it holds and an example; the README's
"Scaffold" section documents the same list (a test keeps the two in step).
Several values in one cell are separated by ``;``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column of the product table."""

    name: str
    meaning: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        name="product_id", meaning="your id; names the output files", example="AP-5K"
    ),
    Column(name="gtin", meaning="GTIN-8/12/13/14", example="6971234000019"),
    Column(name="name", meaning="product name", example="AP-5K 5 kW PV inverter"),
    Column(name="description", meaning="short description", example="String inverter"),
    Column(
        name="product_url",
        meaning="the product page's URL (its JSON-LD @id)",
        example="https://acme.example/products/ap-5k.html",
    ),
    Column(name="category", meaning="product category", example="PV inverters"),
    Column(name="hs_code", meaning="HS code (RCEP needs 6 digits)", example="8504.40"),
    Column(name="manufacturer", meaning="legal name", example="Acme Power Co., Ltd."),
    Column(
        name="manufacturer_id",
        meaning="the manufacturer's ids: a DID or URL (JSON-LD, UNTP issuer) and"
        " URNs (PACT companyIds)",
        example="did:web:acme.example;urn:lei:5493001KJTIIGC8Y1R12",
    ),
    Column(name="version", meaning="disclosure version", example="3"),
    Column(
        name="date_modified", meaning="last change (YYYY-MM-DD)", example="2027-06-01"
    ),
    Column(
        name="data_url",
        meaning="where <id>.jsonld is published (the alternate JSON-LD endpoint)",
        example="https://acme.example/products/AP-5K.jsonld",
    ),
    Column(
        name="footprint_kg_co2e", meaning="kg CO2e per declared unit", example="412"
    ),
    Column(
        name="declared_unit",
        meaning="piece, kilogram, kilowatt hour, liter, ... (or a UN/CEFACT code)",
        example="piece",
    ),
    Column(
        name="declared_unit_amount", meaning="amount of the declared unit", example="1"
    ),
    Column(
        name="boundary",
        meaning="cradle-to-gate, cradle-to-grave, gate-to-gate, cradle-to-cradle",
        example="cradle-to-gate",
    ),
    Column(name="reference_period_start", meaning="YYYY-MM-DD", example="2026-01-01"),
    Column(name="reference_period_end", meaning="YYYY-MM-DD", example="2026-12-31"),
    Column(
        name="scope1_kg_co2e", meaning="scope 1 part of the footprint", example="61"
    ),
    Column(
        name="scope2_kg_co2e", meaning="scope 2 part of the footprint", example="140"
    ),
    Column(
        name="scopes_included",
        meaning="scopes the figure covers",
        example="scope1;scope2;scope3",
    ),
    Column(
        name="standard", meaning="standards the footprint follows", example="ISO 14067"
    ),
    Column(
        name="characterisation_factors",
        meaning="IPCC assessment reports",
        example="AR6",
    ),
    Column(
        name="emission_factor_sources",
        meaning="name:version[:METHOD=digest[:anchor URL]];...",
        example="ecoinvent:3.11",
    ),
    Column(name="primary_data_share", meaning="percent", example="62"),
    Column(
        name="grid_mix",
        meaning="electricity / grid-mix assumption",
        example="China Southern Grid 2026, location-based",
    ),
    Column(name="geography_country", meaning="ISO 3166 alpha-2", example="CN"),
    Column(name="pcf_id", meaning="PACT footprint id (UUID)", example="5b2e9c41-..."),
    Column(name="assurance_provider", meaning="third-party assurer", example="DNV"),
    Column(name="assurance_date", meaning="YYYY-MM-DD", example="2027-05-20"),
    Column(
        name="assurance_standard", meaning="assurance standard", example="ISO 14064-3"
    ),
    Column(
        name="process_energy_use",
        meaning="process energy use (materials)",
        example="2.9 MWh per tonne",
    ),
    Column(
        name="process_fuel_types",
        meaning="fuels used (materials)",
        example="natural gas;grid electricity",
    ),
    Column(
        name="upstream_materials",
        meaning="upstream material inputs (materials)",
        example="6063 billet;AlMgSi master alloy",
    ),
    Column(
        name="certification_id",
        meaning="certificate number",
        example="TR-ESG-2027-0815",
    ),
    Column(
        name="certification_name",
        meaning="what it certifies (say raw-material origin / ESG)",
        example="Responsible sourcing of raw materials (ESG origin audit)",
    ),
    Column(
        name="certification_issuer",
        meaning="certification body",
        example="TÜV Rheinland Certification",
    ),
    Column(
        name="certification_issuer_url",
        meaning="the certification body's site",
        example="https://www.tuv.com/",
    ),
    Column(name="certification_valid_from", meaning="YYYY-MM-DD", example="2027-01-10"),
    Column(
        name="certification_valid_until", meaning="YYYY-MM-DD", example="2030-01-09"
    ),
    Column(
        name="certification_url",
        meaning="the issuer's register entry",
        example="https://certs.tuv.example/tr-esg-2027-0815",
    ),
    Column(
        name="epd_registration", meaning="EPD registration number", example="S-P-10342"
    ),
    Column(
        name="epd_operator",
        meaning="EPD programme operator",
        example="EPD International AB",
    ),
    Column(name="epd_standard", meaning="EN 15804 or ISO 14025", example="EN 15804+A2"),
    Column(name="epd_valid_from", meaning="YYYY-MM-DD", example="2025-06-01"),
    Column(name="epd_valid_until", meaning="YYYY-MM-DD", example="2030-05-31"),
    Column(
        name="epd_url",
        meaning="the EPD's page",
        example="https://www.environdec.com/...",
    ),
    Column(
        name="traceability",
        meaning="stage[(label)]=URL;... (Mining, Smelting, Refining,"
        " ComponentIntegration, Recycling)",
        example="Mining=https://circulor.example/r/1;Recycling(Aluminium)=https://...",
    ),
    Column(
        name="upstream_audits",
        meaning="upstream (smelter, refiner) ESG audits: description=reference;...",
        example="NdPr oxide refiner RMAP audit=RMI-RMAP-SR-0117",
    ),
    Column(
        name="materials",
        meaning="name:origin:recycled share[:mass fraction];... (shares 0-1 or %)",
        example="Aluminium housing:CN:0.38:0.2",
    ),
    Column(
        name="water_consumption_l", meaning="litres of water per unit", example="35"
    ),
)
"""Every column greengate reads, in the order the README lists them."""

PACT_PREFIX = "pact."
"""Columns named ``pact.<field>`` are copied into the PACT ``pcf`` object."""

COLUMN_NAMES = frozenset(c.name for c in COLUMNS)
