"""Fixtures of the report-format tests: the sample run and golden files.

Golden files live in tests/reports/golden. ``pytest --update-golden`` (or
``GREENGATE_UPDATE_GOLDEN=1``) rewrites them from the current output; review
the diff before committing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reports.model import ScreeningRun
from reports.render import RuleCatalog
from tests.reports.history_backends import (  # noqa: F401 (history store fixtures)
    postgres_server,
    postgres_url,
    store_spec,
)
from tests.reports.sample import sample_catalog, sample_run

GOLDEN = Path(__file__).parent / "golden"
DATA = Path(__file__).parent / "data"
SARIF_SCHEMA = DATA / "sarif-2.1.0" / "sarif-schema-2.1.0.json"

_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?"
)
_LOOPBACK_PORT = re.compile(r"127\.0\.0\.1:\d+")


def normalise(text: str) -> str:
    """Replace timestamps and loopback ports with fixed values."""
    text = _TIMESTAMP.sub("2000-01-01T00:00:00+00:00", text)
    return _LOOPBACK_PORT.sub("127.0.0.1:PORT", text)


@pytest.fixture
def sample() -> ScreeningRun:
    return sample_run()


@pytest.fixture
def sample_rules() -> RuleCatalog:
    return sample_catalog()


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with a golden file (or rewrite it when updating)."""
    update = bool(request.config.getoption("--update-golden")) or bool(
        os.environ.get("GREENGATE_UPDATE_GOLDEN")
    )

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        text = normalise(text)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.is_file(), f"{path} missing: run pytest --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file"

    return compare
