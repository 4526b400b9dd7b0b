"""Scaffold JSON-LD from a product table: read, check for gaps, render, write."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reports.scaffold.blocks import JsonObject, build_blocks
from reports.scaffold.gaps import find_gaps
from reports.scaffold.parse import file_id, parse_row
from reports.scaffold.record import Gap, ProductRecord
from reports.scaffold.render import Templates, to_json
from reports.scaffold.table import RawRow, read_table
from rules.pack import Pack

__all__ = [
    "REPORT_FILE",
    "ProductFiles",
    "ScaffoldResult",
    "ScaffoldedProduct",
    "scaffold",
]

REPORT_FILE = "scaffold-report.json"
INDEX_FILE = "index.html"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductFiles:
    """The file names written for one product (relative to the output directory)."""

    jsonld: str
    snippet: str
    preview: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaffoldedProduct:
    """One generated product: its record, blocks, files and gaps."""

    product: ProductRecord
    blocks: tuple[JsonObject, ...]
    files: ProductFiles
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaffoldResult:
    """What ``scaffold`` generated, and every gap it found."""

    table: Path
    out_dir: Path
    packs: tuple[str, ...]
    products: tuple[ScaffoldedProduct, ...]
    skipped: tuple[Gap, ...]  # rows without a product id
    unknown_columns: tuple[str, ...]

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Return every gap, in row order."""
        found = [*self.skipped, *(g for p in self.products for g in p.gaps)]
        return tuple(sorted(found, key=lambda g: g.row))


def scaffold(
    table: Path,
    out_dir: Path,
    packs: Sequence[Pack],
    templates: Templates | None = None,
) -> ScaffoldResult:
    """Generate JSON-LD, snippets and previews for every product of ``table``.

    Args:
        table: a ``.csv`` or ``.xlsx`` product table.
        out_dir: where to write (created if needed).
        packs: the selected rule packs; gaps name their rules only.
        templates: the templates to render with (default: bundled).

    Returns:
        The products generated and the gaps found.

    Raises:
        TableError: the table cannot be used at all.
        TemplateProblem: a template cannot be loaded or rendered.
    """
    raw = read_table(table)
    templates = templates or Templates()
    records, skipped = _records(raw.rows)
    products = tuple(
        ScaffoldedProduct(
            product=record,
            blocks=tuple(build_blocks(record)),
            files=ProductFiles(
                jsonld=f"{record.file_id}.jsonld",
                snippet=f"{record.file_id}.snippet.html",
                preview=f"{record.file_id}.html",
            ),
            gaps=(*find_gaps(record, packs), *duplicates),
        )
        for record, duplicates in records
    )
    result = ScaffoldResult(
        table=table,
        out_dir=out_dir,
        packs=tuple(p.id for p in packs),
        products=products,
        skipped=skipped,
        unknown_columns=raw.unknown_columns,
    )
    _write(result, templates)
    return result


def _records(
    rows: Sequence[RawRow],
) -> tuple[list[tuple[ProductRecord, tuple[Gap, ...]]], tuple[Gap, ...]]:
    """Return each row's record (with duplicate-id notes) and the skipped rows."""
    records: list[tuple[ProductRecord, tuple[Gap, ...]]] = []
    skipped: list[Gap] = []
    first_row: dict[str, int] = {}
    for row in rows:
        product_id = row.cells.get("product_id")
        if not product_id:
            skipped.append(
                Gap(
                    row=row.number,
                    product_id="",
                    column="product_id",
                    message="no product_id: row not generated",
                    status="warn",
                )
            )
            continue
        stem = file_id(product_id) or f"row-{row.number}"
        notes: tuple[Gap, ...] = ()
        if stem.casefold() in first_row:
            other = first_row[stem.casefold()]
            notes = (
                Gap(
                    row=row.number,
                    product_id=product_id,
                    column="product_id",
                    message=f"product_id gives the same file name as row {other}:"
                    f" files named {stem}-row{row.number}",
                    status="warn",
                ),
            )
            stem = f"{stem}-row{row.number}"
        first_row[stem.casefold()] = row.number
        records.append((parse_row(row, stem), notes))
    return records, tuple(skipped)


def _write(result: ScaffoldResult, templates: Templates) -> None:
    """Render every file first, then write them: a template error writes nothing."""
    files: dict[str, str] = {}
    for item in result.products:
        blocks = list(item.blocks)
        files[item.files.jsonld] = to_json(blocks) + "\n"
        snippet = templates.render(
            "snippet.html.j2", product=item.product, blocks=blocks
        )
        files[item.files.snippet] = snippet
        files[item.files.preview] = templates.render(
            "product.html.j2",
            product=item.product,
            blocks=blocks,
            snippet=Markup(snippet),  # rendered with escaping just above
            gaps=item.gaps,
            files=item.files,
        )
    files[INDEX_FILE] = templates.render(
        "index.html.j2",
        table=result.table.name,
        packs=result.packs,
        products=result.products,
    )
    report = json.dumps(report_data(result), indent=2, ensure_ascii=False)
    files[REPORT_FILE] = report + "\n"
    result.out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (result.out_dir / name).write_text(text, "utf-8")


def report_data(result: ScaffoldResult) -> dict[str, Any]:
    """Return the content of ``scaffold-report.json``."""
    return {
        "table": str(result.table),
        "packs": list(result.packs),
        "unknown_columns": list(result.unknown_columns),
        "products": [
            {
                "row": p.product.row,
                "product_id": p.product.product_id,
                "files": {
                    "jsonld": p.files.jsonld,
                    "snippet": p.files.snippet,
                    "preview": p.files.preview,
                },
                "blocks": [_block_kind(b) for b in p.blocks],
                "gaps": [_gap_data(g) for g in p.gaps],
            }
            for p in result.products
        ],
        "skipped_rows": [_gap_data(g) for g in result.skipped],
        "gap_count": len(result.gaps),
    }


def _gap_data(gap: Gap) -> dict[str, Any]:
    return {
        "row": gap.row,
        "product_id": gap.product_id,
        "column": gap.column,
        "message": gap.message,
        "rules": list(gap.rules),
        "status": gap.status,
        "text": gap.describe(),
    }


def _block_kind(block: JsonObject) -> str:
    if block.get("@type") == "Product":
        return "schema.org Product"
    if "credentialSubject" in block:
        return "UNTP DigitalProductPassport"
    return "PACT ProductFootprint"
