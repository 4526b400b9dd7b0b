"""The spreadsheet report through pandas and openpyxl: ``report.xlsx``.

Two sheets, the same rows as the CSV files: "Suppliers" (riskiest first, with
counts per status and per failed severity) and "Findings" (one row per
finding). Header rows are frozen and filterable. Text cells that a
spreadsheet would run as a formula start with ``'`` and are stored as text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.model import ScreeningRun
from reports.render._common import RuleCatalog
from reports.render._tables import findings_frame, suppliers_frame

XLSX_FILE = "report.xlsx"
SHEETS = ("Suppliers", "Findings")

_MAX_WIDTH = 60


def write(run: ScreeningRun, out_dir: Path, catalog: RuleCatalog) -> list[Path]:
    """Write report.xlsx into ``out_dir``; return its path."""
    path = out_dir / XLSX_FILE
    frames = (suppliers_frame(run), findings_frame(run, catalog))
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in zip(SHEETS, frames, strict=True):
            frame.to_excel(writer, sheet_name=name, index=False)
            _tidy(writer.sheets[name], frame)
    return [path]


def _tidy(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Freeze and filter the header row, size columns, keep text as text."""
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(frame.columns, start=1):
        texts = [str(column), *(str(v) for v in frame[column].tolist())]
        longest = max(len(line) for t in texts for line in (t.splitlines() or [""]))
        width = min(_MAX_WIDTH, longest + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # openpyxl stores any string starting with "=" as a formula
            if cell.data_type == "f":
                cell.data_type = "s"
