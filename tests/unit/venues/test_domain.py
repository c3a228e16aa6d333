"""Venue rules: rooms, sub-spaces, availability and calendar validation."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import pytest

from services.shared.errors import NotFoundError, RuleViolationError
from services.venues.model import (
    AvailabilityRule,
    Period,
    RoomDetails,
    SchoolCalendar,
)
from tests.unit.bookings.school import SETUP, School


def test_a_half_of_the_hall_clashes_with_the_hall_but_not_the_other_half(school: School) -> None:
    venue = school.venues.get_venue(school.venue_id)
    assert venue.clashing_spaces(school.hall_a) == {school.hall_a, school.hall}
    assert venue.clashing_spaces(school.hall) == {school.hall, school.hall_a, school.hall_b}
    assert venue.root_of(school.hall_b) == school.hall
    assert venue.clashing_spaces(school.counselling) == {school.counselling}


def test_a_room_can_only_be_part_of_a_room_of_the_same_venue(school: School) -> None:
    with pytest.raises(RuleViolationError) as caught:
        school.venues.add_room(
            school.venue_id, RoomDetails(name="Annex", capacity=5, part_of=uuid4()), by=SETUP
        )
    assert caught.value.field == "part_of"


def test_a_room_cannot_move_into_another_room_once_it_exists(school: School) -> None:
    with pytest.raises(RuleViolationError, match="bookings hang on it"):
        school.venues.update_room(
            school.venue_id,
            school.counselling,
            RoomDetails(name="Counselling room", capacity=4, part_of=school.hall),
            by=SETUP,
        )
    school.venues.update_room(
        school.venue_id, school.counselling, RoomDetails(name="Quiet room", capacity=6), by=SETUP
    )
    room = school.venues.get_venue(school.venue_id).room(school.counselling)
    assert room.details.name == "Quiet room" and room.availability  # rules kept


def test_availability_must_close_after_it_opens_on_named_days(school: School) -> None:
    bad = [AvailabilityRule(days=["MO"], opens=dt.time(18), closes=dt.time(9))]
    with pytest.raises(RuleViolationError, match="close after it opens"):
        school.venues.set_availability(school.venue_id, school.hall, bad, by=SETUP)
    odd = [AvailabilityRule(days=["Monday"], opens=dt.time(9), closes=dt.time(12))]
    with pytest.raises(RuleViolationError, match="Days are"):
        school.venues.set_availability(school.venue_id, school.hall, odd, by=SETUP)


def test_a_calendar_period_cannot_end_before_it_starts(school: School) -> None:
    cal = SchoolCalendar(
        terms=[Period(name="x", starts=dt.date(2026, 9, 2), ends=dt.date(2026, 9, 1))]
    )
    with pytest.raises(RuleViolationError) as caught:
        school.venues.set_calendar(school.venue_id, cal, by=SETUP)
    assert caught.value.field == "terms[0].ends"


def test_an_unknown_venue_or_room_is_not_found(school: School) -> None:
    with pytest.raises(NotFoundError):
        school.venues.get_venue(uuid4())
    with pytest.raises(NotFoundError):
        school.venues.get_venue(school.venue_id).room(uuid4())
