"""Fixtures of the scaffold tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scaffold.support import PRODUCTS_CSV, run


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete example table, scaffolded once with every pack."""
    out = tmp_path_factory.mktemp("scaffolded")
    assert run("scaffold", str(PRODUCTS_CSV), "--out", str(out)) == 0
    return out
