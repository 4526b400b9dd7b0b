"""The case type and the small builders the rule case tables share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from rules.disclosure import (
    PageVisit,
    SiteDisclosure,
)
from rules.model import Status
from tests.rules.conftest import (
    endpoint_footprint,
    footprint,
    inverter,
    site,
    trace_record,
)

P, F, W, E, NA = (
    Status.PASS,
    Status.FAIL,
    Status.WARN,
    Status.ERROR,
    Status.NOT_APPLICABLE,
)


@dataclass(frozen=True)
class Case:
    """One rule case: what to build and which status to expect."""

    rule: str
    name: str
    expected: Status
    build: Callable[[], SiteDisclosure]
    options: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None


def site_with(**product: Any) -> Callable[[], SiteDisclosure]:
    return lambda: site(inverter(**product))


def with_pages(
    *visits: PageVisit, drop: str | None = None
) -> Callable[[SiteDisclosure], SiteDisclosure]:
    def change(s: SiteDisclosure) -> SiteDisclosure:
        kept = tuple(
            v for v in s.pages if v.url not in {drop, *(x.url for x in visits)}
        )
        return replace(s, pages=kept + visits)

    return change


def with_records(**changes: Any) -> Callable[[], SiteDisclosure]:
    """Return a builder whose trace records have ``stage=record-or-None``."""

    def build() -> SiteDisclosure:
        records = []
        for stage in ("mining", "smelting", "refining", "component-integration"):
            key = stage.replace("-", "_")
            if key not in changes:
                records.append(trace_record(stage))
            elif changes[key] is not None:
                records.append(changes[key])
        return site(inverter(), trace_records=tuple(records))

    return build


def both_footprints(**changes: Any) -> tuple[Any, ...]:
    """Return page and endpoint footprints with the same change applied."""
    return (footprint(**changes), endpoint_footprint(**changes))


NO_CERT = {"certifications": ()}
NO_LINKS = {"trace_links": ()}
