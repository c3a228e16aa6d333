"""The days Signpost plans for: 2000-01-01 to 2100-12-31; a year 9999 is a slip, not a plan."""

from __future__ import annotations

import datetime as dt

from services.shared.errors import RuleViolationError

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def check_day(day: dt.date, field: str) -> dt.date:
    """The day, or a RuleViolationError naming the field when it is outside 2000 to 2100."""
    if not in_range(day):
        raise RuleViolationError(
            f"Give a date from {EARLIEST:%d %B %Y} to {LATEST:%d %B %Y}, not {day.isoformat()}.",
            field=field,
        )
    return day


def check_moment(when: dt.datetime, field: str) -> dt.datetime:
    """A moment in the same range, judged by its own calendar day (before any time zone sum)."""
    check_day(when.date(), field)
    return when
