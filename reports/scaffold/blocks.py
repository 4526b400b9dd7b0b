"""Build the JSON-LD blocks of one product from its record.

Three blocks, each in a vocabulary greengate and real consumers read
(VOCABULARIES.md): a schema.org ``Product`` with its ``hasCertification``
list; a UNTP Digital Product Passport (emissions scorecard, traceability and
materials) when the row has any of those; and a PACT v3 ProductFootprint,
the footprint of record, when the row has a footprint value. Only values the
row states are written: a missing value is left out, never invented.
"""

from __future__ import annotations

from reports.scaffold.pact import pact_footprint
from reports.scaffold.record import ProductRecord
from reports.scaffold.schemaorg import schema_org_product
from reports.scaffold.untp import untp_passport
from reports.scaffold.vocab import JsonObject

__all__ = [
    "JsonObject",
    "build_blocks",
    "pact_footprint",
    "schema_org_product",
    "untp_passport",
]


def build_blocks(record: ProductRecord) -> list[JsonObject]:
    """Return the product's JSON-LD blocks, in page order."""
    blocks = [schema_org_product(record), untp_passport(record), pact_footprint(record)]
    return [b for b in blocks if b is not None]
