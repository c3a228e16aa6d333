"""The days Signpost plans for: 2000-01-01 to 2100-12-31; a year 9999 is a slip, not a plan."""

from __future__ import annotations

import datetime as dt
import re

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


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")


def parse_day(text: str) -> dt.date:
    """A date as people in the UK write it: 31/01/2026, 31-1-26, 31.01.2026, 31 January 2026,
    31 Jan 2026, 1st Feb 2026, or the ISO 2026-01-31. ValueError when it is none of these."""
    t = " ".join(text.strip().lower().split())
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", t):
        year, month, day = (int(p) for p in t.split("-"))
        return dt.date(year, month, day)
    if m := _NUMERIC.match(t):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return dt.date(year + 2000 if year < 100 else year, month, day)
    if (m := _WORDS.match(t)) and m.group(2) in _MONTHS:
        return dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    raise ValueError(f"not a date: {text!r}")
