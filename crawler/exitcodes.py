"""The ``greengate`` exit statuses, one set for every subcommand.

What each means for ``scan`` and the other commands is told in :mod:`crawler.cli`;
``greengate verify`` adds its own 1 (:mod:`crawler.verify_command`).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_INTERNAL = 4
EXIT_FAIL_ON = 5
EXIT_INTERRUPTED = 130
