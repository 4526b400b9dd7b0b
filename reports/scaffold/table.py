"""Read the product table (CSV or XLSX) into rows of text cells.

Every cell is read as text, exactly as written: no number or date
conversion by pandas, no missing-value guessing ("NA" stays "NA"), and a
spreadsheet formula is kept as its formula text, never evaluated.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from reports.scaffold.columns import COLUMN_NAMES, PACT_PREFIX

__all__ = ["RawRow", "RawTable", "TableError", "read_table"]

FIRST_DATA_ROW = 2
"""Rows are numbered as a spreadsheet shows them: the header is row 1."""


class TableError(ValueError):
    """The table cannot be used at all; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RawRow:
    """One row of the table: its spreadsheet row number and its non-empty cells."""

    number: int
    cells: Mapping[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawTable:
    """The rows of a product table, and the columns greengate did not know."""

    path: Path
    rows: tuple[RawRow, ...]
    unknown_columns: tuple[str, ...]


def read_table(path: Path) -> RawTable:
    """Read a ``.csv`` or ``.xlsx`` product table.

    Raises:
        TableError: the file is missing, of another kind, unreadable, or has
            no ``product_id`` column.
    """
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    frame = _frame(path)
    names = [_column_name(str(c)) for c in frame.columns]
    if "product_id" not in names:
        raise TableError(
            f"{path}: no product_id column (columns: {', '.join(names) or 'none'})"
        )
    rows = tuple(
        RawRow(
            number=index + FIRST_DATA_ROW,
            cells={n: v for n, v in zip(names, values, strict=True) if v},
        )
        for index, values in enumerate(_cells(frame))
    )
    unknown = tuple(
        n for n in names if n not in COLUMN_NAMES and not n.startswith(PACT_PREFIX)
    )
    return RawTable(path=path, rows=rows, unknown_columns=unknown)


def _frame(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
        if suffix == ".xlsx":
            # data_only=False: a formula cell gives its formula text, which is
            # kept as text; it is never evaluated.
            return pd.read_excel(
                path,
                dtype=str,
                keep_default_na=False,
                engine="openpyxl",
                engine_kwargs={"data_only": False},
            )
    except (
        ValueError,  # pandas' parse and empty-file errors are ValueErrors
        OSError,
        KeyError,  # a zip file that is not a workbook
        zipfile.BadZipFile,
        InvalidFileException,
    ) as exc:
        raise TableError(f"{path}: cannot read the table: {exc}") from None
    raise TableError(f"{path}: not a .csv or .xlsx file")


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    return [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _column_name(header: str) -> str:
    """Return a header as a column name: ``Footprint kg CO2e`` -> ``footprint_kg_co2e``.

    ``pact.<field>`` keeps the field's case (PACT field names are camelCase).
    """
    text = header.strip()
    if text.lower().startswith(PACT_PREFIX):
        return PACT_PREFIX + text[len(PACT_PREFIX) :].strip()
    return re.sub(r"[\s-]+", "_", text.lower())
