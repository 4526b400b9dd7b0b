"""A time budget shared by every step of one verification."""

from __future__ import annotations

import time

from crawler.verify.errors import CannotVerify


class Deadline:
    """The time left of a verification's ``time_limit``."""

    def __init__(self, seconds: float) -> None:
        """Start a budget of ``seconds`` now."""
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Return the seconds left.

        Raises:
            CannotVerify: none are left.
        """
        left = self._end - time.monotonic()
        if left <= 0:
            raise CannotVerify(f"time limit of {self.seconds:g} s exceeded")
        return left
