"""Day by day, what a venue's calendar and a room's rules make of the coming days."""

from __future__ import annotations

import datetime as dt

import msgspec

from services.shared.errors import RuleViolationError
from services.venues.calendar import bank_holiday, open_windows, season_of
from services.venues.domain import Venue
from services.venues.model import AvailabilityRule, Period, SchoolCalendar, Season

KINDS = ("terms", "holidays", "closures")


class OpenDay(msgspec.Struct, frozen=True, kw_only=True):
    day: dt.date
    note: str  # "term", "Easter holiday", "bank holiday (Good Friday)", "closed (INSET day)"
    windows: list[tuple[dt.time, dt.time]]


def day_note(day: dt.date, calendar: SchoolCalendar, nation: str = "ENG") -> str:
    """What kind of day it is at the venue, in a few words."""
    for period in calendar.closures:
        if day in period:
            return f"closed ({period.name or 'closure'})"
    holiday = bank_holiday(day, nation)
    if holiday:
        return f"bank holiday ({holiday})"
    if season_of(day, calendar) == Season.TERM:
        return "term"
    return next((h.name or "holiday" for h in calendar.holidays if day in h), "school holiday")


def opening(
    venue: Venue, rules: list[AvailabilityRule], first: dt.date, days: int
) -> list[OpenDay]:
    nation = venue.details.nation
    found = []
    for n in range(days):
        day = first + dt.timedelta(days=n)
        windows = open_windows(rules, day, venue.calendar, nation)
        found.append(OpenDay(day=day, note=day_note(day, venue.calendar, nation), windows=windows))
    return found


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise RuleViolationError("Choose a term, a holiday or a closure.", field="kind")
    return kind


def with_period(calendar: SchoolCalendar, kind: str, period: Period) -> SchoolCalendar:
    periods = sorted([*getattr(calendar, _kind(kind)), period], key=lambda p: p.starts)
    return msgspec.structs.replace(calendar, **{kind: periods})


def without_period(calendar: SchoolCalendar, kind: str, index: int) -> SchoolCalendar:
    periods = list(getattr(calendar, _kind(kind)))
    if not 0 <= index < len(periods):
        raise RuleViolationError("That date is no longer on the calendar.", field="index")
    del periods[index]
    return msgspec.structs.replace(calendar, **{kind: periods})
