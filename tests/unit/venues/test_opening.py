"""What the rules open day by day, before they are saved, and the calendar edited date by date."""

from __future__ import annotations

import datetime as dt

import pytest

from services.shared.errors import RuleViolationError
from services.venues.model import AvailabilityRule, Period, SchoolCalendar, Season
from services.venues.opening import day_note, with_period, without_period
from tests.unit.bookings.school import CALENDAR_2026, SETUP, School

T = dt.time


def test_a_preview_shows_term_holiday_bank_holiday_and_closure_days(school: School) -> None:
    rules = [
        AvailabilityRule(season=Season.HOLIDAY, opens=T(9), closes=T(17)),
        AvailabilityRule(days=["MO", "TU"], season=Season.TERM, opens=T(15, 30), closes=T(18)),
    ]
    days = school.venues.preview_opening(
        school.venue_id, school.hall, rules, dt.date(2026, 8, 31), days=3, by=SETUP
    )
    assert [(d.note, d.windows) for d in days] == [
        ("bank holiday (Late Summer Bank Holiday)", []),
        ("closed (INSET day)", []),
        ("term", []),  # a Wednesday: the term rule names Mondays and Tuesdays only
    ]
    saved = school.venues.get_venue(school.venue_id).room(school.hall).availability
    assert saved != rules, "a preview saves nothing"
    first_week = school.venues.preview_opening(
        school.venue_id, school.hall, rules, dt.date(2026, 9, 7), days=1, by=SETUP
    )
    assert first_week[0].windows == [(T(15, 30), T(18))]


def test_a_preview_of_rules_that_close_before_they_open_is_refused(school: School) -> None:
    bad = [AvailabilityRule(opens=T(18), closes=T(9))]
    with pytest.raises(RuleViolationError) as caught:
        school.venues.preview_opening(
            school.venue_id, school.hall, bad, dt.date(2026, 9, 7), by=SETUP
        )
    assert caught.value.field == "availability[0].closes"


def test_periods_are_added_in_date_order_and_removed_by_position() -> None:
    half = Period(name="Half term", starts=dt.date(2026, 10, 26), ends=dt.date(2026, 10, 30))
    cal = with_period(SchoolCalendar(), "holidays", half)
    xmas = Period(name="Christmas", starts=dt.date(2026, 12, 19), ends=dt.date(2027, 1, 3))
    early = Period(name="Summer", starts=dt.date(2026, 7, 23), ends=dt.date(2026, 9, 1))
    cal = with_period(with_period(cal, "holidays", xmas), "holidays", early)
    assert [p.name for p in cal.holidays] == ["Summer", "Half term", "Christmas"]
    assert [p.name for p in without_period(cal, "holidays", 1).holidays] == ["Summer", "Christmas"]
    with pytest.raises(RuleViolationError):
        without_period(cal, "holidays", 3)
    with pytest.raises(RuleViolationError):
        with_period(cal, "weekends", half)


def test_a_named_holiday_is_named_and_a_gap_between_terms_is_a_school_holiday() -> None:
    assert day_note(dt.date(2026, 10, 27), CALENDAR_2026) == "Autumn half term"
    assert day_note(dt.date(2026, 10, 20), CALENDAR_2026) == "term"
    assert day_note(dt.date(2027, 1, 1), CALENDAR_2026) == "bank holiday (New Year's Day)"
