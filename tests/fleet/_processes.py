"""Helpers of the distributed-scan tests: real processes, and waiting on them."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.fleet import Frontier
from tests.conftest import REPO


def start(*args: str) -> subprocess.Popen[str]:
    """Start ``greengate ARGS...`` in the background, its output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def until(condition: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Return ``condition()`` once it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def children(pid: int) -> list[int]:
    """Return the process ids of ``pid``'s children (Linux ``/proc``)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    """Tell whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def leased_by(frontier: Frontier, pid: int) -> bool:
    """Tell whether the worker process ``pid`` holds a lease on the frontier."""
    return any(t.split(":")[-2] == str(pid) for t in frontier.holders().values())


def stop(*processes: subprocess.Popen[str]) -> None:
    """Kill whichever of ``processes`` still run (a failed test's leftovers)."""
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate()
