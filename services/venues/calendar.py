"""Pure calendar rules: what kind of day it is, when a room is open, and term dates from iCal."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import holidays
import icalendar

from services.shared.dates import check_day
from services.shared.days import DAY_CODES
from services.shared.errors import RuleViolationError
from services.shared.localtime import LONDON as TZ
from services.shared.localtime import exists_locally, instant
from services.venues.model import (
    AvailabilityRule,
    Period,
    SchoolCalendar,
    Season,
)

__all__ = ["exists_locally", "instant"]
Window = tuple[dt.time, dt.time]


@lru_cache(maxsize=64)
def _bank_holidays(nation: str, year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv=nation, years=year).items())


def bank_holiday(day: dt.date, nation: str = "ENG") -> str | None:
    """The bank holiday's name on this day in this UK nation, known offline."""
    return _bank_holidays(nation, day.year).get(day)


def closure(day: dt.date, calendar: SchoolCalendar, nation: str = "ENG") -> str | None:
    """Why the building is shut on this day, if it is."""
    for period in calendar.closures:
        if day in period:
            return period.name
    return bank_holiday(day, nation)


def season_of(day: dt.date, calendar: SchoolCalendar) -> Season:
    """A named holiday (such as a half term inside a term's span) wins over the term."""
    if any(day in h for h in calendar.holidays):
        return Season.HOLIDAY
    return Season.TERM if any(day in t for t in calendar.terms) else Season.HOLIDAY


def holiday_name(day: dt.date, calendar: SchoolCalendar) -> str | None:
    if season_of(day, calendar) == Season.TERM:
        return None
    return next((h.name for h in calendar.holidays if day in h), "school holiday")


def rule_applies(rule: AvailabilityRule, day: dt.date, calendar: SchoolCalendar) -> bool:
    if DAY_CODES[day.weekday()] not in rule.days:
        return False
    return rule.season == Season.ANY or rule.season == season_of(day, calendar)


def open_windows(
    rules: list[AvailabilityRule], day: dt.date, calendar: SchoolCalendar, nation: str = "ENG"
) -> list[Window]:
    """The merged local-time windows in which the room may be let on this day."""
    if closure(day, calendar, nation):
        return []
    spans = sorted((r.opens, r.closes) for r in rules if rule_applies(r, day, calendar))
    merged: list[Window] = []
    for opens, closes in spans:
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def within(windows: list[Window], starts: dt.time, ends: dt.time) -> bool:
    return any(o <= starts and ends <= c for o, c in windows)


def subtract(windows: list[Window], taken: list[Window]) -> list[Window]:
    """The parts of the windows that the taken spans leave free."""
    free = list(windows)
    for t_start, t_end in sorted(taken):
        nxt: list[Window] = []
        for o, c in free:
            if t_end <= o or c <= t_start:
                nxt.append((o, c))
                continue
            if o < t_start:
                nxt.append((o, t_start))
            if t_end < c:
                nxt.append((t_end, c))
        free = nxt
    return free


_HOLIDAY_WORDS = ("holiday", "half term", "half-term", "break", "vacation")
_CLOSURE_WORDS = ("inset", "closed", "closure", "training day", "staff day", "polling")


_NAME = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")


def _lines(data: bytes | str) -> list[str]:
    """The file's unfolded content lines; ValueError naming the first line that is not iCalendar
    ("line 3: 'hello' is not NAME:value")."""
    text = data.decode("utf-8-sig", "replace") if isinstance(data, bytes) else data
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered: list[tuple[int, str]] = []
    for n, piece in enumerate(raw, start=1):
        if piece[:1] in (" ", "\t") and numbered:
            numbered[-1] = (numbered[-1][0], numbered[-1][1] + piece[1:])
        elif piece.strip():
            numbered.append((n, piece))
    if not numbered or numbered[0][1].strip().upper() != "BEGIN:VCALENDAR":
        where = numbered[0][0] if numbered else 1
        raise ValueError(f"line {where}: an iCalendar file starts with BEGIN:VCALENDAR")
    depth: list[str] = []
    starts: list[str] = []
    for n, line in numbered:
        if not _NAME.match(line):
            raise ValueError(f"line {n}: '{line[:40]}' is not a NAME:value line")
        name, _, value = line.partition(":")
        name, value = name.split(";")[0].upper(), value.strip().upper()
        if name == "BEGIN":
            depth.append(value)
            if value == "VEVENT":
                starts.append(f"line {n}")
        elif name == "END":
            if not depth or depth[-1] != value:
                raise ValueError(f"line {n}: END:{value} does not close BEGIN:{depth[-1:]}")
            depth.pop()
    if depth:
        raise ValueError(f"the file ends before END:{depth[-1]}")
    return starts


def calendar_from_ical(data: bytes | str) -> SchoolCalendar:
    """Term dates, holidays and closures from a school's iCalendar file (all-day events).

    A file that is not iCalendar raises ValueError naming the line; an event without a usable
    start or end, or dated outside 2000 to 2100, a RuleViolationError naming it
    (`VEVENT[2].DTSTART`) and the line it begins on."""
    where = _lines(data)
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise ValueError(str(error)[:200]) from None
    terms: list[Period] = []
    hols: list[Period] = []
    shut: list[Period] = []
    for i, event in enumerate(cal.walk("VEVENT")):
        name = str(event.get("SUMMARY", "")).strip()[:200]
        label = f"Event {i + 1} ('{name}', {where[i] if i < len(where) else 'in the file'})"
        starts = _day(event, "DTSTART", f"VEVENT[{i}].DTSTART", label)
        if starts is None:
            raise RuleViolationError(
                f"{label} has no start date (DTSTART).", field=f"VEVENT[{i}].DTSTART"
            )
        ends = _day(event, "DTEND", f"VEVENT[{i}].DTEND", label, exclusive=True) or starts
        period = Period(name=name, starts=starts, ends=max(starts, ends))
        lowered = name.lower()
        if any(w in lowered for w in _CLOSURE_WORDS):
            shut.append(period)
        elif any(w in lowered for w in _HOLIDAY_WORDS):
            hols.append(period)
        elif "term" in lowered:
            terms.append(period)
    key = lambda p: p.starts  # noqa: E731
    return SchoolCalendar(
        terms=sorted(terms, key=key), holidays=sorted(hols, key=key), closures=sorted(shut, key=key)
    )


def _day(
    event: icalendar.Component, prop: str, field: str, label: str, *, exclusive: bool = False
) -> dt.date | None:
    """The event's DTSTART or DTEND as a Europe/London day; an all-day DTEND is exclusive."""
    if prop not in event:
        return None
    try:
        value = event.decoded(prop)
    except (ValueError, TypeError, KeyError, IndexError):
        value = None
    if not isinstance(value, dt.date):
        raise RuleViolationError(f"{label}: {prop} is not a date such as 20260902.", field=field)
    try:
        check_day(value if not isinstance(value, dt.datetime) else value.date(), field)
    except RuleViolationError as e:
        raise RuleViolationError(f"{label}: {e.message}", field=field) from None
    if isinstance(value, dt.datetime):
        return value.astimezone(TZ).date() if value.tzinfo else value.date()
    return value - dt.timedelta(days=1) if exclusive else value
