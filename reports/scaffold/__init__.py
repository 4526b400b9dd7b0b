"""Generate compliant JSON-LD from a product table (``greengate scaffold``).

Read a CSV or XLSX table of products, report per row which values are
missing and which rules each gap would fail, and write for every product its
JSON-LD (schema.org ``Product`` with ``hasCertification``, a UNTP Digital
Product Passport, a PACT v3 ProductFootprint), the HTML snippet to paste into
the product page, a preview page, and an index.
"""

from __future__ import annotations

from reports.scaffold.build import (
    REPORT_FILE,
    ProductFiles,
    ScaffoldedProduct,
    ScaffoldResult,
    scaffold,
)
from reports.scaffold.columns import COLUMNS, Column
from reports.scaffold.record import Gap
from reports.scaffold.render import TEMPLATES, TemplateProblem, Templates
from reports.scaffold.table import TableError

__all__ = [
    "COLUMNS",
    "REPORT_FILE",
    "TEMPLATES",
    "Column",
    "Gap",
    "ProductFiles",
    "ScaffoldResult",
    "ScaffoldedProduct",
    "TableError",
    "TemplateProblem",
    "Templates",
    "scaffold",
]
