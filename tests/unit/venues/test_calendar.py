"""Term, holiday, closure and bank-holiday days; availability windows; term dates from iCal."""

from __future__ import annotations

import datetime as dt

import pytest

from services.shared.errors import RuleViolationError
from services.shared.localtime import exists_locally, instant
from services.venues.calendar import (
    bank_holiday,
    calendar_from_ical,
    open_windows,
    season_of,
    subtract,
)
from services.venues.model import Season
from tests.unit.bookings.school import CALENDAR_2026, RULES

T = dt.time

TERM_DATES_ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Ridgeway Primary//Term dates//EN
BEGIN:VEVENT
UID:t1@ridgeway
DTSTAMP:20260101T000000Z
SUMMARY:Autumn Term
DTSTART;VALUE=DATE:20260902
DTEND;VALUE=DATE:20261219
END:VEVENT
BEGIN:VEVENT
UID:t2@ridgeway
DTSTAMP:20260101T000000Z
SUMMARY:October Half Term
DTSTART;VALUE=DATE:20261026
DTEND;VALUE=DATE:20261031
END:VEVENT
BEGIN:VEVENT
UID:t3@ridgeway
DTSTAMP:20260101T000000Z
SUMMARY:INSET Day - school closed to pupils
DTSTART;VALUE=DATE:20261120
END:VEVENT
END:VCALENDAR
"""


def test_days_inside_a_term_are_term_days_and_named_holidays_win() -> None:
    assert season_of(dt.date(2026, 7, 14), CALENDAR_2026) == Season.TERM
    assert season_of(dt.date(2026, 7, 28), CALENDAR_2026) == Season.HOLIDAY
    assert season_of(dt.date(2026, 10, 27), CALENDAR_2026) == Season.HOLIDAY  # half term


def test_english_bank_holidays_are_known_offline() -> None:
    assert bank_holiday(dt.date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert bank_holiday(dt.date(2026, 8, 3), "SCT") == "Summer Bank Holiday"
    assert bank_holiday(dt.date(2026, 8, 3)) is None


def test_holiday_weekdays_open_all_day_and_term_weekdays_after_school() -> None:
    assert open_windows(RULES, dt.date(2026, 7, 28), CALENDAR_2026) == [(T(8), T(18))]
    assert open_windows(RULES, dt.date(2026, 7, 14), CALENDAR_2026) == [(T(15, 30), T(18))]
    assert open_windows(RULES, dt.date(2026, 7, 18), CALENDAR_2026) == [(T(9), T(13))]
    assert open_windows(RULES, dt.date(2026, 7, 19), CALENDAR_2026) == []  # term Sunday


def test_saturday_in_the_holidays_merges_overlapping_rules() -> None:
    assert open_windows(RULES, dt.date(2026, 8, 1), CALENDAR_2026) == [(T(8), T(18))]


def test_closures_and_bank_holidays_have_no_windows() -> None:
    assert open_windows(RULES, dt.date(2026, 8, 31), CALENDAR_2026) == []
    assert open_windows(RULES, dt.date(2026, 9, 1), CALENDAR_2026) == []


def test_subtracting_taken_spans_leaves_the_gaps() -> None:
    assert subtract([(T(8), T(18))], [(T(10), T(12)), (T(17), T(19))]) == [
        (T(8), T(10)),
        (T(12), T(17)),
    ]


def test_term_dates_are_imported_from_an_icalendar_file() -> None:
    cal = calendar_from_ical(TERM_DATES_ICS)
    assert [(p.name, p.starts, p.ends) for p in cal.terms] == [
        ("Autumn Term", dt.date(2026, 9, 2), dt.date(2026, 12, 18))
    ]
    assert [(p.starts, p.ends) for p in cal.holidays] == [
        (dt.date(2026, 10, 26), dt.date(2026, 10, 30))
    ]
    assert [(p.starts, p.ends) for p in cal.closures] == [
        (dt.date(2026, 11, 20), dt.date(2026, 11, 20))
    ]
    assert season_of(dt.date(2026, 10, 28), cal) == Season.HOLIDAY
    assert season_of(dt.date(2026, 11, 2), cal) == Season.TERM


def test_london_wall_clock_times_map_to_utc_across_the_clock_changes() -> None:
    assert instant(dt.date(2026, 3, 28), T(10)).hour == 10  # GMT
    assert instant(dt.date(2026, 3, 29), T(10)).hour == 9  # BST from 01:00 UTC
    assert instant(dt.date(2026, 10, 25), T(10)).hour == 10  # back to GMT
    assert not exists_locally(dt.date(2026, 3, 29), T(1, 30))
    assert exists_locally(dt.date(2026, 10, 25), T(1, 30))


def test_a_file_that_is_not_icalendar_is_refused_naming_the_line() -> None:
    with pytest.raises(ValueError, match="line 1: an iCalendar file starts with BEGIN:VCALENDAR"):
        calendar_from_ical(b"Term dates 2026\nAutumn: 2 Sep\n")
    broken = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nhello there\r\nEND:VEVENT\r\n"
    with pytest.raises(ValueError, match="line 4: 'hello there' is not a NAME:value line"):
        calendar_from_ical(broken)
    unclosed = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Spring term\r\n"
    with pytest.raises(ValueError, match="ends before END:VEVENT"):
        calendar_from_ical(unclosed)


def test_an_event_with_a_bad_date_is_named_with_its_line() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Autumn term\r\nDTSTART;VALUE=DATE:20260902\r\n"
        "DTEND;VALUE=DATE:20261219\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Half term\r\nDTSTART;VALUE=DATE:2026-13-45\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    with pytest.raises(RuleViolationError) as caught:
        calendar_from_ical(text)
    assert caught.value.field == "VEVENT[1].DTSTART"
    assert "Event 2 ('Half term', line 8)" in caught.value.message
