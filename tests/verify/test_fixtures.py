"""fixtures/credentials is what fixtures/tools/make_credentials.py writes."""

from __future__ import annotations

import subprocess
import sys

from .conftest import CREDENTIALS, REPO


def test_fixture_files_are_deterministic(tmp_path):
    script = REPO / "fixtures" / "tools" / "make_credentials.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in CREDENTIALS.iterdir() if p.suffix != ".md")
    for name in written:
        assert (tmp_path / name).read_bytes() == (CREDENTIALS / name).read_bytes(), name
