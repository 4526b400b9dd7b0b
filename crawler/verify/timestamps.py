"""XML Schema date-time values, as the VC data model and Data Integrity use them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

# XML Schema 1.1 dateTime (the pattern of the VC 2.0 JSON Schema, with the
# time zone optional: dateTimeStamp requires it, VC 1.1 dateTime does not).
_DATE_TIME = re.compile(
    r"(?P<year>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(?P<month>0[1-9]|1[0-2])"
    r"-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?P<hour>[01][0-9]|2[0-4]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
)


def parse_timestamp(value: object, *, require_zone: bool = False) -> datetime | None:
    """Parse an XML Schema date-time into an aware ``datetime``.

    A value without a time zone is read as UTC unless ``require_zone``
    (``dateTimeStamp``). Years beyond 9999 are read as ``datetime.max``.

    Returns:
        The instant, or ``None`` when ``value`` is not a valid date-time.
    """
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None or (require_zone and match["tz"] is None):
        return None
    year = int(match["year"])
    if year > 9999:
        return datetime.max.replace(tzinfo=UTC)
    if year < 1:
        return datetime.min.replace(tzinfo=UTC)
    hour = int(match["hour"])
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    if hour == 24 and (match["minute"], match["second"]) != ("00", "00"):
        return None
    try:
        stamp = datetime(
            year,
            int(match["month"]),
            int(match["day"]),
            hour % 24,
            int(match["minute"]),
            int(match["second"]),
            int(fraction),
            tzinfo=_zone(match["tz"]),
        )
    except ValueError:  # 31 April, 29 February of a common year
        return None
    return stamp + timedelta(days=1) if hour == 24 else stamp


def _zone(text: str | None) -> timezone:
    if text is None or text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def aware(moment: datetime) -> datetime:
    """Return ``moment`` with UTC assumed when it has no time zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
