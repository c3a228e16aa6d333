"""The bookings use cases every way in calls: a request is a weekly series or the slots given,
decided from the request; a cancellation is the venue's or the booker's, decided from who acts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest

from services.bookings.application import Decided
from services.bookings.domain import Booking
from services.bookings.model import Slot, SlotState
from services.shared.errors import ForbiddenError, SignpostError
from services.venues.access import Actor
from tests.unit.bookings.school import School, T

TUE = dt.date(2026, 7, 28)  # summer holiday


def _manager(school: School) -> Actor:
    return Actor(name="m@school", manages=frozenset({school.venue_id}))


def _booker(school: School) -> Actor:
    return Actor(name="b@agency", books_for=frozenset({school.org}))


def _cancelled_by_venue(school: School, booking_id: UUID) -> bool:
    events = list(school.bookings.repository.event_store.get(booking_id))
    last = events[-1]
    assert isinstance(last, Booking.Cancelled)
    return last.by_venue


def test_a_request_naming_its_last_day_is_a_weekly_series(school: School) -> None:
    slot = Slot(day=TUE, starts=T(10), ends=T(12))
    outcome = school.bookings.request(
        school.details(school.hall), [slot], dt.date(2026, 8, 11), by=_booker(school)
    )
    assert [s.day for s in outcome.slots] == [TUE, dt.date(2026, 8, 4), dt.date(2026, 8, 11)]


def test_a_request_without_a_last_day_asks_for_exactly_the_slots_given(school: School) -> None:
    slots = [Slot(day=TUE, starts=T(10), ends=T(12)), Slot(day=TUE, starts=T(14), ends=T(15))]
    outcome = school.bookings.request(school.details(school.hall), slots, by=_booker(school))
    assert outcome.slots == slots


def test_a_weekly_series_starts_from_one_slot(school: School) -> None:
    slots = [Slot(day=TUE, starts=T(10), ends=T(12)), Slot(day=TUE, starts=T(14), ends=T(15))]
    with pytest.raises(SignpostError) as refused:
        school.bookings.request(
            school.details(school.hall), slots, dt.date(2026, 8, 11), by=_booker(school)
        )
    assert refused.value.message == "A weekly series starts from one slot."
    assert refused.value.field == "slots"


@pytest.mark.parametrize("other", ["manager", "booker of another organisation"])
def test_only_the_organisations_booker_may_request_for_it(school: School, other: str) -> None:
    by = _manager(school) if other == "manager" else Actor(name="x", books_for=frozenset({uuid4()}))
    slot = Slot(day=TUE, starts=T(10), ends=T(12))
    with pytest.raises(ForbiddenError) as refused:
        school.bookings.request(school.details(school.hall), [slot], by=by)
    assert refused.value.message == "Your account does not book for this organisation."


def test_the_venues_manager_cancels_for_the_venue(school: School) -> None:
    booking = school.request(school.hall, TUE, T(10), T(12))
    assert school.bookings.cancel(booking, None, "Boiler repair", by=_manager(school)).slots == [0]
    assert _cancelled_by_venue(school, booking)


def test_the_booker_cancels_for_its_organisation(school: School) -> None:
    booking = school.request(school.hall, TUE, T(10), T(12))
    assert school.bookings.cancel(booking, None, "Not needed", by=_booker(school)).slots == [0]
    assert not _cancelled_by_venue(school, booking)


def test_anyone_else_may_neither_cancel_nor_see_a_booking(school: School) -> None:
    booking = school.request(school.hall, TUE, T(10), T(12))
    stranger = Actor(name="s", manages=frozenset({uuid4()}), books_for=frozenset({uuid4()}))
    with pytest.raises(ForbiddenError) as refused:
        school.bookings.cancel(booking, None, "no", by=stranger)
    assert refused.value.message == "Your account does not book for this organisation."
    assert school.bookings.get_booking(booking).states == [SlotState.PENDING]
    with pytest.raises(ForbiddenError):
        school.bookings.booking_for(booking, by=stranger)
    assert school.bookings.booking_for(booking, by=_booker(school)).id == booking


def test_only_the_venues_manager_confirms_or_declines(school: School) -> None:
    booking = school.request(school.hall, TUE, T(10), T(12))
    elsewhere = Actor(name="m@other", manages=frozenset({uuid4()}))
    for by in (_booker(school), elsewhere):
        with pytest.raises(ForbiddenError) as refused:
            school.bookings.confirm(booking, None, by=by)
        assert refused.value.message == "Your account does not manage this venue."
        with pytest.raises(ForbiddenError):
            school.bookings.decline(booking, None, "no", by=by)
    assert school.bookings.get_booking(booking).states == [SlotState.PENDING]
    assert school.bookings.confirm(booking, None, by=_manager(school)).slots == [0]
    other = school.request(school.hall, TUE, T(14), T(15))
    assert school.bookings.decline(other, None, "Closed", by=_manager(school)).slots == [0]
    assert school.bookings.get_booking(other).states == [SlotState.DECLINED]


DECISIONS: dict[str, Callable[[School, UUID], Decided]] = {
    "confirm": lambda s, b: s.bookings.confirm(b, None, by=_manager(s)),
    "decline": lambda s, b: s.bookings.decline(b, None, "Closed", by=_manager(s)),
    "cancel for the venue": lambda s, b: s.bookings.cancel(b, None, "Repairs", by=_manager(s)),
    "cancel for the agency": lambda s, b: s.bookings.cancel(b, None, "Not needed", by=_booker(s)),
}


@pytest.mark.parametrize("decision", list(DECISIONS))
def test_each_decision_loads_and_saves_the_booking_once_and_returns_it_as_saved(
    school: School, monkeypatch: pytest.MonkeyPatch, decision: str
) -> None:
    booking = school.request(school.hall, TUE, T(10), T(12))
    bookings = school.bookings
    loads: list[UUID] = []
    saves: list[Any] = []
    get, save = bookings.repository.get, bookings.save

    def counting_get(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        loads.extend([aggregate_id] if aggregate_id == booking else [])
        return get(aggregate_id, *args, **kwargs)

    def counting_save(*aggregates: Any, **kwargs: Any) -> Any:
        saves.extend(a for a in aggregates if a.id == booking)
        return save(*aggregates, **kwargs)

    monkeypatch.setattr(bookings.repository, "get", counting_get)
    monkeypatch.setattr(bookings, "save", counting_save)
    decided = DECISIONS[decision](school, booking)
    assert (len(loads), len(saves)) == (1, 1)
    monkeypatch.undo()
    stored = bookings.get_booking(booking)
    assert decided.slots == [0]
    assert (decided.booking.version, decided.booking.states) == (stored.version, stored.states)
