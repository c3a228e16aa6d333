"""The booking rules: no double booking (halls and halves too), buffers, availability, capacity,
declarations, and series decided slot by slot."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec
import pytest

from services.bookings.model import Declarations, Slot, SlotState
from services.shared.errors import ConflictError, NotFoundError, RuleViolationError
from tests.unit.bookings.school import GOOD, SETUP, School, T

TUE = dt.date(2026, 7, 28)  # summer holiday


def test_a_room_cannot_be_confirmed_twice_for_overlapping_slots(school: School) -> None:
    first = school.request(school.counselling, TUE, T(10), T(12))
    second = school.request(school.counselling, TUE, T(11), T(13))
    school.bookings.confirm_booking(first, actor="m")
    with pytest.raises(ConflictError) as caught:
        school.bookings.confirm_booking(second, actor="m")
    assert "Tue 28 Jul 2026 11:00-13:00 clashes with" in caught.value.message
    assert "confirmed in Counselling room 10:00-12:00 (Parenting course)" in caught.value.message
    [conflict] = caught.value.detail
    assert conflict.conflicting_booking_id == first and conflict.slot == 0
    assert school.bookings.get_booking(second).states == [SlotState.PENDING]


def test_the_losing_request_stays_pending_and_can_be_declined_with_a_reason(
    school: School,
) -> None:
    first = school.request(school.counselling, TUE, T(10), T(12))
    second = school.request(school.counselling, TUE, T(10), T(12))
    school.bookings.confirm_booking(first, actor="m")
    with pytest.raises(ConflictError):
        school.bookings.confirm_booking(second, actor="m")
    school.bookings.decline_booking(second, None, "Room already let", actor="m")
    booking = school.bookings.get_booking(second)
    assert booking.states == [SlotState.DECLINED] and booking.reasons[0] == "Room already let"


def test_back_to_back_bookings_are_allowed_without_a_buffer(school: School) -> None:
    a = school.request(school.counselling, TUE, T(10), T(12))
    b = school.request(school.counselling, TUE, T(12), T(14))
    school.bookings.confirm_booking(a, actor="m")
    assert school.bookings.confirm_booking(b, actor="m") == [0]


def test_the_venue_buffer_keeps_lets_apart(buffered_school: School) -> None:
    s = buffered_school
    a = s.request(s.counselling, TUE, T(10), T(12))
    too_close = s.request(s.counselling, TUE, T(12, 15), T(14))
    far_enough = s.request(s.counselling, TUE, T(12, 30), T(14))
    s.bookings.confirm_booking(a, actor="m")
    with pytest.raises(ConflictError):
        s.bookings.confirm_booking(too_close, actor="m")
    assert s.bookings.confirm_booking(far_enough, actor="m") == [0]


def test_booking_the_hall_blocks_both_halves(school: School) -> None:
    hall = school.request(school.hall, TUE, T(9), T(12))
    half = school.request(school.hall_a, TUE, T(11), T(13))
    school.bookings.confirm_booking(hall, actor="m")
    with pytest.raises(ConflictError) as caught:
        school.bookings.confirm_booking(half, actor="m")
    assert caught.value.detail[0].conflicting_booking_id == hall


def test_booking_a_half_blocks_the_hall_but_not_the_other_half(school: School) -> None:
    a = school.request(school.hall_a, TUE, T(9), T(12))
    b = school.request(school.hall_b, TUE, T(9), T(12))
    hall = school.request(school.hall, TUE, T(10), T(11))
    school.bookings.confirm_booking(a, actor="m")
    assert school.bookings.confirm_booking(b, actor="m") == [0]
    with pytest.raises(ConflictError):
        school.bookings.confirm_booking(hall, actor="m")


def test_other_rooms_do_not_clash(school: School) -> None:
    a = school.request(school.hall, TUE, T(9), T(12))
    b = school.request(school.counselling, TUE, T(9), T(12))
    school.bookings.confirm_booking(a, actor="m")
    assert school.bookings.confirm_booking(b, actor="m") == [0]


def test_a_request_outside_availability_is_refused(school: School) -> None:
    term_tuesday = dt.date(2026, 7, 14)
    with pytest.raises(RuleViolationError, match="not available 10:00-12:00"):
        school.request(school.hall, term_tuesday, T(10), T(12))
    assert school.request(school.hall, term_tuesday, T(15, 30), T(18))


def test_bank_holidays_and_closure_days_are_never_available(school: School) -> None:
    with pytest.raises(RuleViolationError, match="Summer Bank Holiday"):
        school.request(school.hall, dt.date(2026, 8, 31), T(10), T(12))
    with pytest.raises(RuleViolationError, match="INSET day"):
        school.request(school.hall, dt.date(2026, 9, 1), T(10), T(12))


def test_capacity_is_respected(school: School) -> None:
    with pytest.raises(RuleViolationError, match="holds 4") as caught:
        school.request(school.counselling, TUE, T(10), T(12), attendees=5)
    assert caught.value.field == "attendees"


def test_hirers_without_dbs_checks_are_refused(school: School) -> None:
    decl = msgspec.structs.replace(GOOD, dbs_checked=False)
    with pytest.raises(RuleViolationError) as caught:
        school.request(school.hall, TUE, T(10), T(12), declarations=decl)
    assert caught.value.field == "declarations.dbs_checked"


def test_declarations_must_be_valid_on_every_booked_day(school: School) -> None:
    expired = msgspec.structs.replace(GOOD, insurance_expires=dt.date(2026, 7, 27))
    with pytest.raises(RuleViolationError) as caught:
        school.request(school.hall, TUE, T(10), T(12), declarations=expired)
    assert caught.value.field == "declarations.insurance_expires"
    dbs_lapses = msgspec.structs.replace(GOOD, dbs_expires=dt.date(2026, 7, 1))
    with pytest.raises(RuleViolationError) as caught:
        school.request(school.hall, TUE, T(10), T(12), declarations=dbs_lapses)
    assert caught.value.field == "declarations.dbs_expires"


def test_insurance_below_the_venue_minimum_is_refused(school: School) -> None:
    low = Declarations(
        dbs_checked=True, insurance_cover_pounds=1_000_000, insurance_expires=dt.date(2030, 1, 1)
    )
    with pytest.raises(RuleViolationError, match="at least £5,000,000"):
        school.request(school.hall, TUE, T(10), T(12), declarations=low)


def test_a_weekly_series_skips_days_the_room_cannot_be_let(school: School) -> None:
    first = Slot(day=dt.date(2026, 7, 27), starts=T(10), ends=T(12))  # Mondays
    outcome = school.bookings.request_series(
        school.details(school.hall), first, dt.date(2026, 9, 7), actor="b"
    )
    days = [s.day for s in outcome.slots]
    assert days == [dt.date(2026, 7, 27) + dt.timedelta(weeks=n) for n in range(5)]
    # 31 Aug is the summer bank holiday, 7 Sep is a term day when the hall opens at 15:30
    assert outcome.skipped == [dt.date(2026, 8, 31), dt.date(2026, 9, 7)]
    assert [s.reason for s in outcome.skips] == [
        "bank holiday (Late Summer Bank Holiday)",
        "term day: the room may be let 15:30-18:00 only",
    ]


def test_every_declaration_problem_is_named_at_once(school: School) -> None:
    none = Declarations(dbs_checked=False, insurance_cover_pounds=1_000)
    with pytest.raises(RuleViolationError) as caught:
        school.request(school.hall, TUE, T(10), T(12), declarations=none)
    fields = [p["field"] for p in caught.value.detail]
    assert fields == [
        "declarations.dbs_checked",
        "declarations.insurance_cover_pounds",
        "declarations.insurance_expires",
    ]
    assert "DBS" in caught.value.message and "£5,000,000" in caught.value.message


def test_conflicts_inside_a_series_are_reported_slot_by_slot(school: School) -> None:
    taken = school.request(school.hall_b, dt.date(2026, 8, 11), T(11), T(12))
    school.bookings.confirm_booking(taken, actor="m")
    first = Slot(day=TUE, starts=T(10), ends=T(12))
    outcome = school.bookings.request_series(
        school.details(school.hall), first, dt.date(2026, 8, 25), actor="b"
    )
    assert [(c.slot, c.conflicting_booking_id) for c in outcome.conflicts] == [(2, taken)]
    with pytest.raises(ConflictError) as caught:
        school.bookings.confirm_booking(outcome.booking_id, actor="m")
    assert [c.slot for c in caught.value.detail] == [2]
    assert school.bookings.confirm_booking(outcome.booking_id, [0, 1, 3, 4], actor="m") == [
        0,
        1,
        3,
        4,
    ]
    states = school.bookings.get_booking(outcome.booking_id).states
    assert states[2] == SlotState.PENDING and states.count(SlotState.CONFIRMED) == 4


def test_cancelling_a_confirmed_booking_frees_the_room(school: School) -> None:
    a = school.request(school.hall, TUE, T(10), T(12))
    b = school.request(school.hall_a, TUE, T(10), T(12))
    school.bookings.confirm_booking(a, actor="m")
    school.bookings.cancel_by_booker(a, school.org, None, "Course moved", actor="b")
    assert school.bookings.get_booking(a).states == [SlotState.CANCELLED]
    assert school.bookings.confirm_booking(b, actor="m") == [0]


def test_another_organisation_cannot_cancel_a_booking(school: School) -> None:
    from uuid import uuid4

    a = school.request(school.hall, TUE, T(10), T(12))
    with pytest.raises(NotFoundError):
        school.bookings.cancel_by_booker(a, uuid4(), None, "no", actor="x")


def test_the_venue_can_cancel_one_slot_of_a_series(school: School) -> None:
    first = Slot(day=TUE, starts=T(10), ends=T(12))
    outcome = school.bookings.request_series(
        school.details(school.hall), first, dt.date(2026, 8, 11), actor="b"
    )
    school.bookings.confirm_booking(outcome.booking_id, actor="m")
    school.bookings.cancel_by_venue(outcome.booking_id, [1], "Boiler repair", actor="m")
    states = school.bookings.get_booking(outcome.booking_id).states
    assert states == [SlotState.CONFIRMED, SlotState.CANCELLED, SlotState.CONFIRMED]
    free = school.bookings.free_times(
        school.venue_id, school.hall, dt.date(2026, 8, 4), dt.date(2026, 8, 4)
    )
    assert [(f.starts, f.ends) for f in free] == [(T(8), T(18))]


def test_free_times_leave_out_confirmed_lets_of_the_hall_and_its_halves(school: School) -> None:
    a = school.request(school.hall_a, TUE, T(10), T(12))
    school.bookings.confirm_booking(a, actor="m")
    hall = school.bookings.free_times(school.venue_id, school.hall, TUE, TUE)
    other_half = school.bookings.free_times(school.venue_id, school.hall_b, TUE, TUE)
    assert [(f.starts, f.ends) for f in hall] == [(T(8), T(10)), (T(12), T(18))]
    assert [(f.starts, f.ends) for f in other_half] == [(T(8), T(18))]


def test_free_times_follow_term_holiday_and_weekend_rules(school: School) -> None:
    free = school.bookings.free_times(
        school.venue_id, school.counselling, dt.date(2026, 7, 17), dt.date(2026, 7, 24)
    )
    by_day = {f.day: (f.starts, f.ends) for f in free}
    assert by_day == {
        dt.date(2026, 7, 17): (T(15, 30), T(18)),  # term Friday
        dt.date(2026, 7, 18): (T(9), T(13)),  # Saturday in term
        dt.date(2026, 7, 20): (T(15, 30), T(18)),
        dt.date(2026, 7, 21): (T(15, 30), T(18)),
        dt.date(2026, 7, 22): (T(15, 30), T(18)),
        dt.date(2026, 7, 23): (T(8), T(18)),  # first day of the summer holiday
        dt.date(2026, 7, 24): (T(8), T(18)),
    }


def test_rules_are_checked_again_when_confirming(school: School) -> None:
    a = school.request(school.hall, TUE, T(10), T(12))
    venue = school.venues.get_venue(school.venue_id)
    stricter = msgspec.structs.replace(
        venue.details,
        conditions=msgspec.structs.replace(
            venue.details.conditions, min_insurance_cover_pounds=10_000_000
        ),
    )
    school.venues.update_venue(school.venue_id, stricter, by=SETUP)
    with pytest.raises(RuleViolationError, match="at least £10,000,000"):
        school.bookings.confirm_booking(a, actor="m")
    assert school.bookings.get_booking(a).states == [SlotState.PENDING]


def test_a_declined_slot_cannot_then_be_confirmed_and_a_decline_needs_a_reason(
    school: School,
) -> None:
    a = school.request(school.hall, TUE, T(10), T(12))
    with pytest.raises(RuleViolationError, match="why"):
        school.bookings.decline_booking(a, None, " ", actor="m")
    school.bookings.decline_booking(a, [0], "Hall closed for exams", actor="m")
    with pytest.raises(RuleViolationError, match="Slot 0 is declined"):
        school.bookings.confirm_booking(a, [0], actor="m")
    assert school.bookings.confirm_booking(a, actor="m") == []


def test_a_booking_s_own_slots_cannot_overlap(school: School) -> None:
    slots = [Slot(day=TUE, starts=T(10), ends=T(12)), Slot(day=TUE, starts=T(11), ends=T(13))]
    with pytest.raises(RuleViolationError, match="own slots overlap"):
        school.bookings.request_booking(school.details(school.hall), slots, actor="b")


def test_a_slot_that_has_already_started_cannot_be_requested(school: School) -> None:
    school.bookings.clock = lambda: dt.datetime(2026, 7, 28, 10, 30, tzinfo=dt.UTC)
    with pytest.raises(RuleViolationError) as caught:
        school.request(school.hall, dt.date(2026, 7, 28), T(10), T(12))
    assert caught.value.field == "slots[0]" and "already passed" in caught.value.message
    assert school.request(school.hall, dt.date(2026, 7, 28), T(14), T(15))


def test_a_series_tells_the_booker_which_weeks_it_left_out_the_first_included(
    school: School,
) -> None:
    first = Slot(day=dt.date(2026, 7, 20), starts=T(10), ends=T(12))  # the last week of term
    outcome = school.bookings.request_series(
        school.details(school.hall), first, dt.date(2026, 8, 3), actor="b"
    )
    booking = school.bookings.get_booking(outcome.booking_id)
    standing = school.bookings.standing(booking)
    assert standing.skipped == [
        (dt.date(2026, 7, 20), "term day: the room may be let 15:30-18:00 only")
    ]
    assert standing.taken == {}


def test_the_manager_reads_who_asks_and_what_falls_short_of_the_conditions(
    school: School,
) -> None:
    class Names:
        def organisation_name(self, organisation_id: object) -> str:
            return "Sunrise Youth"

        def service_name(self, service_id: object) -> str:
            return "Holiday club"

    school.bookings.names = Names()
    taken = school.request(school.hall, TUE, T(10), T(12))
    school.bookings.confirm_booking(taken, actor="m")
    short = msgspec.structs.replace(GOOD, insurance_expires=dt.date(2026, 7, 1))
    late = school.request(school.hall_a, TUE, T(12), T(13))
    venue = school.venues.get_venue(school.venue_id)
    tighter = msgspec.structs.replace(
        venue.details,
        conditions=msgspec.structs.replace(venue.details.conditions, buffer_minutes=30),
    )
    school.venues.update_venue(school.venue_id, tighter, by=SETUP)
    review = school.bookings.review(school.bookings.get_booking(late))
    assert review.organisation == "Sunrise Youth" and review.buffer_minutes == 30
    assert review.clashes == {
        0: "Tue 28 Jul 2026 12:00-13:00 clashes with Sunrise Youth, confirmed in Hall "
        "10:00-12:00 (Parenting course): Ridgeway Primary keeps 30 minutes between lets"
    }
    assert review.problems == []
    lapsed = school.bookings.get_booking(late)
    lapsed.details = msgspec.structs.replace(
        lapsed.details, declarations=short, service_id=UUID(int=1)
    )
    review = school.bookings.review(lapsed)
    assert review.service == "Holiday club"
    assert review.problems == [
        "The insurance must be valid until the last booked day (2026-07-28)."
    ]
