"""Calendar periods stay between 2000 and 2100; a malformed iCalendar file is refused, named."""

from __future__ import annotations

import datetime as dt

import pytest

from services.shared.errors import RuleViolationError
from services.venues.calendar import calendar_from_ical
from services.venues.model import Period, SchoolCalendar
from tests.unit.bookings.school import SETUP, School


def _ics(*lines: str) -> bytes:
    body = "\r\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Summer term", *lines])
    return (body + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_ics(), "VEVENT[0].DTSTART"),
        (_ics("DTSTART;VALUE=DATE:2026xx13"), "VEVENT[0].DTSTART"),
        (_ics("DTSTART:P1D"), "VEVENT[0].DTSTART"),
        (_ics("DTSTART;VALUE=DATE:20260101", "DTEND:P1D"), "VEVENT[0].DTEND"),
        (_ics("DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00010101"), "VEVENT[0].DTSTART"),
        (_ics("DTSTART:00010101T000000Z"), "VEVENT[0].DTSTART"),
        (_ics("DTSTART;VALUE=DATE:99991231"), "VEVENT[0].DTSTART"),
        (_ics("DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:99991231"), "VEVENT[0].DTEND"),
    ],
)
def test_a_malformed_event_is_refused_naming_it(data: bytes, field: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        calendar_from_ical(data)
    assert refused.value.field == field


@pytest.mark.parametrize("data", [b"garbage", b"", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"])
def test_a_file_that_is_not_icalendar_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        calendar_from_ical(data)


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (dt.date(2026, 1, 5), dt.date(9999, 12, 31), "terms[0].ends"),
        (dt.date(1, 1, 1), dt.date(2026, 1, 5), "terms[0].starts"),
    ],
)
def test_a_period_out_of_range_is_refused_naming_it(
    school: School, starts: dt.date, ends: dt.date, field: str
) -> None:
    calendar = SchoolCalendar(terms=[Period(name="Term", starts=starts, ends=ends)])
    with pytest.raises(RuleViolationError) as refused:
        school.venues.set_calendar(school.venue_id, calendar, by=SETUP)
    assert refused.value.field == field
