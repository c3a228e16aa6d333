"""Bookings keep Europe/London wall-clock times across the clock changes."""

from __future__ import annotations

import datetime as dt

import pytest

from services.bookings.model import Slot
from services.shared.errors import ConflictError, RuleViolationError
from services.shared.localtime import instant
from services.venues.model import AvailabilityRule
from tests.unit.bookings.school import SETUP, School, T

SPRING = dt.date(2026, 3, 29)  # clocks go forward at 01:00 GMT
AUTUMN = dt.date(2026, 10, 25)  # clocks go back at 02:00 BST


@pytest.fixture
def round_the_clock(school: School) -> School:
    rules = [AvailabilityRule(opens=T(0), closes=T(23, 59))]
    school.venues.set_availability(school.venue_id, school.counselling, rules, by=SETUP)
    return school


def test_a_slot_in_the_skipped_hour_is_refused(round_the_clock: School) -> None:
    s = round_the_clock
    with pytest.raises(RuleViolationError, match="clocks go forward"):
        s.request(s.counselling, SPRING, T(1, 15), T(3))


def test_slots_either_side_of_the_spring_change_do_not_clash(round_the_clock: School) -> None:
    s = round_the_clock
    early = s.request(s.counselling, SPRING, T(0, 0), T(0, 45))
    later = s.request(s.counselling, SPRING, T(2, 0), T(4, 0))
    s.bookings.confirm_booking(early, actor="m")
    assert s.bookings.confirm_booking(later, actor="m") == [0]
    # 00:45 GMT and 02:00 BST are a quarter of an hour apart
    assert instant(SPRING, T(2, 0)) - instant(SPRING, T(0, 45)) == dt.timedelta(minutes=15)


def test_overlapping_slots_on_the_autumn_change_day_clash(round_the_clock: School) -> None:
    s = round_the_clock
    a = s.request(s.counselling, AUTUMN, T(0, 30), T(1, 30))
    b = s.request(s.counselling, AUTUMN, T(1, 0), T(3, 0))
    s.bookings.confirm_booking(a, actor="m")
    with pytest.raises(ConflictError):
        s.bookings.confirm_booking(b, actor="m")


def test_a_weekly_series_keeps_its_local_time_across_the_autumn_change(school: School) -> None:
    first = Slot(day=dt.date(2026, 10, 24), starts=T(10), ends=T(12))  # Saturdays 09-13
    outcome = school.bookings.request_series(
        school.details(school.counselling), first, dt.date(2026, 10, 31), actor="b"
    )
    assert [s.starts for s in outcome.slots] == [T(10), T(10)]
    utc_hours = [instant(s.day, s.starts).hour for s in outcome.slots]
    assert utc_hours == [9, 10]
