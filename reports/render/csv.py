r"""CSV reports through pandas: ``findings.csv`` and ``suppliers.csv``.

``findings.csv`` has one row per finding (columns:
:data:`reports.render._tables.FINDING_COLUMNS`); ``suppliers.csv`` one row per
supplier, riskiest first, with counts per status and per failed severity.
Both are UTF-8 without a byte-order mark, comma-separated, with ``\n`` line
ends; text cells that a spreadsheet would run as a formula start with ``'``.
"""

from __future__ import annotations

from pathlib import Path

from reports.model import ScreeningRun
from reports.render._common import RuleCatalog
from reports.render._tables import findings_frame, suppliers_frame

FINDINGS_FILE = "findings.csv"
SUPPLIERS_FILE = "suppliers.csv"


def render_findings(run: ScreeningRun, catalog: RuleCatalog) -> str:
    """Return findings.csv's text."""
    return findings_frame(run, catalog).to_csv(index=False, lineterminator="\n")


def render_suppliers(run: ScreeningRun) -> str:
    """Return suppliers.csv's text."""
    return suppliers_frame(run).to_csv(index=False, lineterminator="\n")


def write(run: ScreeningRun, out_dir: Path, catalog: RuleCatalog) -> list[Path]:
    """Write findings.csv and suppliers.csv into ``out_dir``; return their paths."""
    findings = out_dir / FINDINGS_FILE
    suppliers = out_dir / SUPPLIERS_FILE
    findings.write_text(render_findings(run, catalog), encoding="utf-8", newline="")
    suppliers.write_text(render_suppliers(run), encoding="utf-8", newline="")
    return [findings, suppliers]
