"""Report formats: one module per format, and :func:`write` to pick among them.

======  =================================  ===================================
format  files                              for
======  =================================  ===================================
json    report.json                        scripts (the schema is a contract)
html    report.html                        people: one self-contained page
csv     findings.csv, suppliers.csv        spreadsheets and data tools
xlsx    report.xlsx (Suppliers, Findings)  spreadsheets
sarif   report.sarif (SARIF 2.1.0)         code-scanning dashboards
junit   junit.xml                          CI test dashboards
======  =================================  ===================================

``report.json`` is always written, whatever formats are asked for: it is the
record every other tool reads. Modules are imported only when their format is
asked for (pandas and openpyxl are heavy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from reports.model import ScreeningRun
from reports.render._common import RuleCatalog
from rules.pack import Pack

__all__ = ["DEFAULT_FORMATS", "FORMATS", "RuleCatalog", "parse_formats", "write"]

FORMATS = ("json", "html", "csv", "xlsx", "sarif", "junit")
"""Every report format, in the order files are written."""

DEFAULT_FORMATS = ("json", "html")
"""What is written when no format is asked for."""

Writer = Callable[[ScreeningRun, Path, RuleCatalog], list[Path]]


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """Return the formats named in ``values`` (each may be a comma list).

    ``json`` is always included; the result follows :data:`FORMATS` order.

    Raises:
        ValueError: a name is not in :data:`FORMATS`.
    """
    names = {n.strip().lower() for v in values for n in v.split(",") if n.strip()}
    unknown = sorted(names - set(FORMATS))
    if unknown:
        raise ValueError(
            f"unknown report format(s) {', '.join(unknown)}"
            f" (choose from {', '.join(FORMATS)})"
        )
    return tuple(f for f in FORMATS if f in names or f == "json")


def write(
    run: ScreeningRun,
    out_dir: Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    packs: Sequence[Pack] | None = None,
) -> list[Path]:
    """Write the run's reports into ``out_dir`` and return their paths.

    Args:
        run: the screening run.
        out_dir: the report directory (created when missing).
        formats: format names or comma lists (see :data:`FORMATS`); ``json``
            is always written.
        packs: the packs the run used, for rule titles, citations and
            remediation; by default the run's built-in packs are loaded.

    Raises:
        ValueError: an unknown format.
    """
    wanted = parse_formats(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    # report.json needs no rule metadata: skip loading packs for it alone
    needs_rules = wanted != ("json",)
    catalog = RuleCatalog.for_run(run, packs) if needs_rules else RuleCatalog(())
    paths: list[Path] = []
    for name in wanted:
        paths.extend(_writer(name)(run, out_dir, catalog))
    return paths


def _writer(name: str) -> Writer:
    if name == "json":
        from reports.render import json

        return json.write
    if name == "html":
        from reports.render import html

        return html.write
    if name == "csv":
        from reports.render import csv

        return csv.write
    if name == "xlsx":
        from reports.render import xlsx

        return xlsx.write
    if name == "sarif":
        from reports.render import sarif

        return sarif.write
    from reports.render import junit

    return junit.write
