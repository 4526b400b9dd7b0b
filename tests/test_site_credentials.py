"""The fixture sites' credentials are what make_site_credentials.py writes."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES


def test_site_credentials_are_regenerated_byte_for_byte():
    script = FIXTURES / "tools" / "make_site_credentials.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
