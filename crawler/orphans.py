"""Child processes that must not outlive the greengate process that started them.

A page-pool worker (:mod:`crawler.pool`) or a fleet task
(:mod:`crawler.fleet.task`) left behind by a parent killed with ``kill -9``
would go on holding the scan's standard error open, or screening a batch
nobody waits for.
"""

from __future__ import annotations

import ctypes
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent dies (Linux only).

    The parent may already be gone when this runs: the caller then checks
    ``os.getppid()`` against the parent it expects.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - Linux CI
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
