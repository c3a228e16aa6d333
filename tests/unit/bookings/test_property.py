"""Whatever the order of requests, confirmations and cancellations, confirmed lets never overlap."""

from __future__ import annotations

import datetime as dt
import itertools
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.bookings.application import Bookings
from services.bookings.model import SlotState
from services.shared.errors import ConflictError
from services.shared.localtime import instant
from services.venues.application import Venues
from tests.clocks import new_year_2026
from tests.unit.bookings.school import T, build_school

POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
DAYS = [dt.date(2026, 7, 28), dt.date(2026, 7, 29)]

step = st.tuples(
    st.sampled_from(["request", "confirm", "cancel"]),
    st.integers(0, 3),  # room: hall, hall A, hall B, counselling
    st.sampled_from(DAYS),
    st.integers(8, 16),  # start hour
    st.integers(1, 3),  # hours
    st.integers(0, 30),  # which earlier booking to act on
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=5, max_size=40), st.sampled_from([0, 15]))
def test_confirmed_lets_never_overlap_whatever_happens(steps: list, buffer: int) -> None:  # type: ignore[type-arg]
    venues = Venues(env=POPO)
    bookings = Bookings(venues, env=POPO, clock=new_year_2026)
    s = build_school(venues, bookings, buffer_minutes=buffer)
    rooms = [s.hall, s.hall_a, s.hall_b, s.counselling]
    made: list[UUID] = []
    for action, room, day, hour, hours, pick in steps:
        if action == "request" or not made:
            made.append(s.request(rooms[room], day, T(hour), T(min(hour + hours, 18))))
        elif action == "confirm":
            try:
                bookings.confirm_booking(made[pick % len(made)], actor="m")
            except ConflictError as e:
                assert e.detail and all(
                    bookings.get_booking(c.conflicting_booking_id).states[c.conflicting_slot]
                    == SlotState.CONFIRMED
                    for c in e.detail
                )
        else:
            booking = bookings.get_booking(made[pick % len(made)])
            if any(x in (SlotState.PENDING, SlotState.CONFIRMED) for x in booking.states):
                bookings.cancel_by_venue(booking.id, None, "change of plan", actor="m")
    venue = venues.get_venue(s.venue_id)
    gap = dt.timedelta(minutes=buffer)
    lets = [
        (b.details.room_id, slot)
        for b in map(bookings.get_booking, made)
        for slot, state in zip(b.slots, b.states, strict=True)
        if state == SlotState.CONFIRMED
    ]
    for (ra, a), (rb, b) in itertools.combinations(lets, 2):
        if a.day == b.day and rb in venue.clashing_spaces(ra):
            assert not (
                instant(a.day, a.starts) < instant(b.day, b.ends) + gap
                and instant(b.day, b.starts) < instant(a.day, a.ends) + gap
            )
    in_diaries = sum(len(d.entries) for day in DAYS if (d := bookings.diary(s.hall, day)))
    in_diaries += sum(len(d.entries) for day in DAYS if (d := bookings.diary(s.counselling, day)))
    assert in_diaries == len(lets)
