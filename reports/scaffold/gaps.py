"""Which values a row lacks, and which rules of the selected packs would fail.

Each :class:`Requirement` names the column, the condition that makes it a
gap and the rules that would then fail (a test scaffolds the complete
fixture row without each column in turn and checks these lists against what
``greengate check`` reports). Rules are kept only when their pack is
selected and applies to the product (its scope by HS code, name, category
or material); a gap that no selected rule would judge is not reported.
Values that are missing for the output vocabulary only (PACT and UNTP
required fields) are reported once per row as ``info``.
"""

from __future__ import annotations

from collections.abc import Sequence

from reports.scaffold.blocks import pact_footprint, untp_passport
from reports.scaffold.record import Gap, GapStatus, ProductRecord
from reports.scaffold.requirements import REQUIREMENTS
from reports.scaffold.scoping import RuleFilter
from rules.pack import Pack

__all__ = ["find_gaps"]

_PACT_REQUIRED = (
    "id",
    "created",
    "companyName",
    "companyIds",
    "productDescription",
    "productIds",
    "productNameCompany",
)
_PCF_REQUIRED = (
    "declaredUnitOfMeasurement",
    "declaredUnitAmount",
    "productMassPerDeclaredUnit",
    "referencePeriodStart",
    "referencePeriodEnd",
    "pcfExcludingBiogenicUptake",
    "pcfIncludingBiogenicUptake",
    "fossilGhgEmissions",
    "fossilCarbonContent",
    "ipccCharacterizationFactors",
    "crossSectoralStandards",
    "exemptedEmissionsPercent",
)


def find_gaps(record: ProductRecord, packs: Sequence[Pack]) -> tuple[Gap, ...]:
    """Return the row's gaps: rule gaps first, then vocabulary and value notes."""
    selected = RuleFilter.for_record(record, packs)
    gaps: list[Gap] = []
    explained: set[str] = set()
    for need in REQUIREMENTS:
        if not need.missing(record):
            continue
        rules = selected.select(need.rules(record))
        explained.add(need.column)
        if rules:
            gaps.append(
                _gap(record, need.column, need.message(record), rules, need.status)
            )
    gaps += _vocabulary_gaps(record)
    gaps += [
        _gap(record, column, problem, (), "info")
        for column, problem in record.problems.items()
        if column not in explained
    ]
    return tuple(gaps)


def _gap(
    record: ProductRecord,
    column: str,
    message: str,
    rules: tuple[str, ...],
    status: GapStatus,
) -> Gap:
    return Gap(
        row=record.row,
        product_id=record.product_id,
        column=column,
        message=message,
        rules=rules,
        status=status,
    )


def _vocabulary_gaps(record: ProductRecord) -> list[Gap]:
    found = []
    pact = pact_footprint(record)
    if pact is not None:
        missing = [k for k in _PACT_REQUIRED if k not in pact]
        missing += [f"pcf.{k}" for k in _PCF_REQUIRED if k not in pact["pcf"]]
        if missing:
            found.append(
                _gap(
                    record,
                    "pact",
                    "PACT v3 fields not in the table (add the columns, or"
                    f" pact.<field> columns): {', '.join(missing)}",
                    (),
                    "info",
                )
            )
    untp = untp_passport(record)
    if untp is not None:
        missing = _untp_missing(untp)
        if missing:
            found.append(
                _gap(
                    record,
                    "untp",
                    f"UNTP DPP fields the table does not give: {', '.join(missing)}",
                    (),
                    "info",
                )
            )
    return found


def _untp_missing(dpp: dict[str, object]) -> list[str]:
    subject = dpp["credentialSubject"]
    assert isinstance(subject, dict)
    product = subject.get("product", {})
    issuer = dpp.get("issuer", {})
    checks = [
        ("id (product_url)", "id" in dpp),
        (
            "issuer.id (a DID in manufacturer_id)",
            isinstance(issuer, dict) and str(issuer.get("id", "")).startswith("did:"),
        ),
        (
            "product.id (gtin or product_url)",
            isinstance(product, dict) and "id" in product,
        ),
    ]
    return [name for name, present in checks if not present]
