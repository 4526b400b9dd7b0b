"""Turn a table row of text cells into a typed :class:`ProductRecord`.

Each reader returns ``None`` for an empty cell and records why a written
value could not be used; it never substitutes a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from reports.scaffold import values
from reports.scaffold.columns import PACT_PREFIX
from reports.scaffold.record import (
    CertificationRecord,
    EpdRecord,
    FactorSource,
    FootprintRecord,
    MaterialEntry,
    ProductRecord,
    TraceStage,
    UpstreamAudit,
)
from reports.scaffold.table import RawRow
from rules.footprint import unit_code

__all__ = ["STAGES", "file_id", "parse_row"]

T = TypeVar("T")

STAGES = {
    s.casefold(): s
    for s in (
        "Mining",
        "Smelting",
        "Refining",
        "ComponentIntegration",
        "Recycling",
    )
}
_SCOPES = {"scope1", "scope2", "scope3"}


class _Reader:
    """Read typed values from one row's cells, noting unusable ones."""

    def __init__(self, cells: Mapping[str, str]) -> None:
        self.cells = cells
        self.problems: dict[str, str] = {}

    def text(self, column: str) -> str | None:
        return self.cells.get(column) or None

    def texts(self, column: str) -> tuple[str, ...]:
        raw = self.cells.get(column, "")
        return tuple(p.strip() for p in raw.split(";") if p.strip())

    def typed(
        self, column: str, convert: Callable[[str], T | None], what: str
    ) -> T | None:
        raw = self.text(column)
        if raw is None:
            return None
        value = convert(raw)
        if value is None:
            self.problems[column] = f"{column} {raw!r} is not {what}"
        return value

    def number(self, column: str) -> float | None:
        return self.typed(column, values.number, "a number")

    def day(self, column: str) -> date | None:
        return self.typed(column, values.day, "a date (YYYY-MM-DD)")


def parse_row(row: RawRow, file_name: str) -> ProductRecord:
    """Return the typed record of a row that has a product id."""
    read = _Reader(row.cells)
    return ProductRecord(
        row=row.number,
        product_id=row.cells["product_id"],
        file_id=file_name,
        gtin=read.typed("gtin", values.gtin, "a GTIN with a valid check digit"),
        name=read.text("name"),
        description=read.text("description"),
        product_url=read.typed("product_url", values.url, "an http(s) URL"),
        category=read.text("category"),
        hs_code=read.typed("hs_code", values.hs_code, "an HS code (4 digits or more)"),
        manufacturer=read.text("manufacturer"),
        manufacturer_ids=read.texts("manufacturer_id"),
        version=read.text("version"),
        date_modified=read.day("date_modified"),
        data_url=read.typed("data_url", values.link, "an http(s) URL or a path"),
        footprint=_footprint(read),
        certification=_certification(read),
        epd=_epd(read),
        traceability=_traceability(read),
        upstream_audits=_audits(read),
        materials=_materials(read),
        water_litres=read.number("water_consumption_l"),
        # evaluated last, when every reader above has noted its problems
        problems=read.problems,
    )


def file_id(product_id: str) -> str:
    """Return a product id as a safe file name stem (``../x y`` -> ``x-y``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", product_id).strip(".-")[:80]


def _footprint(read: _Reader) -> FootprintRecord:
    unit = read.text("declared_unit")
    code = unit_code(unit)
    if unit and code is None:
        read.problems["declared_unit"] = (
            f"declared_unit {unit!r} is not a known unit (piece, kilogram, ...)"
        )
    return FootprintRecord(
        value=read.number("footprint_kg_co2e"),
        declared_unit=unit,
        unit_code=code,
        declared_amount=read.typed(
            "declared_unit_amount", values.positive, "a number above 0"
        ),
        boundary=read.typed(
            "boundary", values.boundary, f"one of {', '.join(values.BOUNDARIES)}"
        ),
        period_start=read.day("reference_period_start"),
        period_end=read.day("reference_period_end"),
        scope1=read.number("scope1_kg_co2e"),
        scope2=read.number("scope2_kg_co2e"),
        scopes_included=_scopes(read),
        standards=read.texts("standard"),
        characterisation_factors=tuple(
            t.upper() for t in read.texts("characterisation_factors")
        ),
        sources=_sources(read),
        primary_data_share=read.typed(
            "primary_data_share", values.percent, "a percentage"
        ),
        grid_mix=read.text("grid_mix"),
        geography_country=read.typed(
            "geography_country", values.country, "an ISO 3166 alpha-2 code"
        ),
        pcf_id=read.text("pcf_id"),
        assurance_provider=read.text("assurance_provider"),
        assurance_date=read.day("assurance_date"),
        assurance_standard=read.text("assurance_standard"),
        energy_use=read.text("process_energy_use"),
        fuel_types=read.texts("process_fuel_types"),
        upstream_materials=read.texts("upstream_materials"),
        pact_fields=tuple(
            (k[len(PACT_PREFIX) :], v)
            for k, v in read.cells.items()
            if k.startswith(PACT_PREFIX) and re.fullmatch(r"[A-Za-z]+", k[5:])
        ),
    )


def _scopes(read: _Reader) -> tuple[str, ...]:
    found = tuple(
        re.sub(r"[\s_-]", "", s.lower()) for s in read.texts("scopes_included")
    )
    bad = [s for s in found if s not in _SCOPES]
    if bad:
        read.problems["scopes_included"] = (
            f"scopes_included names {', '.join(bad)}: use scope1, scope2, scope3"
        )
    return tuple(s for s in found if s in _SCOPES)


def _sources(read: _Reader) -> tuple[FactorSource, ...]:
    found = []
    for entry in read.texts("emission_factor_sources"):
        name, _, rest = entry.partition(":")
        version, _, rest = rest.partition(":")
        digest, _, anchor = rest.partition(":")
        method, sep, hex_digest = digest.partition("=")
        found.append(
            FactorSource(
                name=name.strip(),
                version=version.strip() or None,
                digest=(hex_digest if sep else digest).strip() or None,
                digest_method=method.strip() if sep else None,
                anchor_url=anchor.strip() or None,
            )
        )
    return tuple(s for s in found if s.name)


def _certification(read: _Reader) -> CertificationRecord | None:
    found = CertificationRecord(
        reference=read.text("certification_id"),
        name=read.text("certification_name"),
        issuer=read.text("certification_issuer"),
        issuer_url=read.typed("certification_issuer_url", values.url, "an http(s) URL"),
        valid_from=read.day("certification_valid_from"),
        valid_until=read.day("certification_valid_until"),
        url=read.typed("certification_url", values.url, "an http(s) URL"),
    )
    return None if found == CertificationRecord() else found


def _epd(read: _Reader) -> EpdRecord | None:
    found = EpdRecord(
        registration=read.text("epd_registration"),
        operator=read.text("epd_operator"),
        standard=read.text("epd_standard"),
        valid_from=read.day("epd_valid_from"),
        valid_until=read.day("epd_valid_until"),
        url=read.typed("epd_url", values.url, "an http(s) URL"),
    )
    return None if found == EpdRecord() else found


def _traceability(read: _Reader) -> tuple[TraceStage, ...]:
    found, bad = [], []
    for entry in read.texts("traceability"):
        head, sep, url = entry.partition("=")
        match = re.fullmatch(r"\s*([A-Za-z ]+?)\s*(?:\((.*)\))?\s*", head)
        stage = STAGES.get(re.sub(r"\s", "", match[1]).casefold()) if match else None
        if not sep or stage is None or values.url(url.strip()) is None:
            bad.append(entry)
            continue
        label = match[2].strip() if match and match[2] else None
        found.append(TraceStage(stage=stage, url=url.strip(), label=label))
    if bad:
        read.problems["traceability"] = (
            f"traceability entries not read (stage=URL, stages"
            f" {', '.join(STAGES.values())}): {'; '.join(bad)}"
        )
    return tuple(found)


def _audits(read: _Reader) -> tuple[UpstreamAudit, ...]:
    found, bad = [], []
    for entry in read.texts("upstream_audits"):
        description, sep, reference = (p.strip() for p in entry.rpartition("="))
        if sep and description and reference:
            found.append(UpstreamAudit(description=description, reference=reference))
        else:
            bad.append(entry)
    if bad:
        read.problems["upstream_audits"] = (
            "upstream_audits entries not read (description=reference):"
            f" {'; '.join(bad)}"
        )
    return tuple(found)


def _materials(read: _Reader) -> tuple[MaterialEntry, ...]:
    found, bad = [], []
    for entry in read.texts("materials"):
        parts = [p.strip() for p in entry.split(":")]
        shares = [values.share(p) if p else None for p in parts[2:4]]
        if (
            not parts[0]
            or len(parts) > 4
            or any(p and s is None for p, s in zip(parts[2:4], shares, strict=False))
        ):
            bad.append(entry)
            continue
        found.append(
            MaterialEntry(
                name=parts[0],
                origin=(parts[1].upper() or None) if len(parts) > 1 else None,
                recycled_share=shares[0] if shares else None,
                mass_fraction=shares[1] if len(shares) > 1 else None,
            )
        )
    if bad:
        read.problems["materials"] = (
            "materials entries not read (name:origin:recycled share[:mass"
            f" fraction]): {'; '.join(bad)}"
        )
    return tuple(found)
