"""The steps of one verification, and the verdict they add up to."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.verify.model import Status, Step


@dataclass(slots=True)
class Trace:
    """Collects steps; the first failure (else the first error) is the message."""

    steps: list[Step] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def ok(self, name: str, detail: str) -> None:
        """Record a check that passed."""
        self.steps.append(Step(name=name, ok=True, detail=detail))

    def fail(self, name: str, detail: str, message: str | None = None) -> None:
        """Record a check that shows the credential is wrong."""
        self.steps.append(Step(name=name, ok=False, detail=detail))
        self.failures.append(message or f"{name}: {detail}")

    def error(self, name: str, detail: str) -> None:
        """Record a check that could not be decided."""
        self.steps.append(Step(name=name, ok=False, detail=detail, undecided=True))
        self.errors.append(f"{name}: {detail}")

    @property
    def status(self) -> Status:
        """Return ``failed`` over ``error`` over ``verified``."""
        if self.failures:
            return "failed"
        return "error" if self.errors else "verified"

    def message(self, summary: str) -> str:
        """Return the first failure, else the first error, else ``summary``."""
        if self.failures:
            return self.failures[0]
        return self.errors[0] if self.errors else summary
