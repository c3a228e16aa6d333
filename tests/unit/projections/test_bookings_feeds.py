"""The bookings read model (pending clashes, a service's sessions) and its iCalendar feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import uuid4

import icalendar

from projections.bookings import BookingsView
from projections.ical import feed
from services.bookings.domain import Booking
from services.bookings.model import Slot
from tests.unit.bookings.school import School, T, bookings_view

TUE = dt.date(2026, 7, 28)


def _feed(s: School, view: BookingsView, **filters: object) -> Any:
    """The feed parsed back (`Any`: an iCalendar property's value type depends on its name)."""

    def venue_of(b: Booking) -> object:
        return s.venues.get_venue(b.details.venue_id)

    text = feed("Ridgeway Primary", view.bookings(**filters), venue_of)  # type: ignore[arg-type]
    return icalendar.Calendar.from_ical(text)


def _series(s: School, until: dt.date, service_id: object = None) -> object:
    first = Slot(day=dt.date(2026, 7, 27), starts=T(10), ends=T(12))
    return s.bookings.request_series(
        s.details(s.hall, service_id=service_id), first, until, actor="b"
    )


def test_confirming_one_of_two_overlapping_requests_names_the_other_as_clashing(
    school: School,
) -> None:
    a = school.request(school.hall, TUE, T(10), T(12))
    b = school.request(school.hall_a, TUE, T(11), T(13))
    c = school.request(school.hall_b, TUE, T(14), T(15))
    school.bookings.confirm_booking(a, actor="m")
    view = bookings_view(school)
    assert view.pending_clashes(a) == [b]
    assert c not in view.pending_clashes(a)


def test_a_service_s_confirmed_series_reads_as_sessions_in_the_summer_holiday(
    school: School,
) -> None:
    service_id = uuid4()
    outcome = _series(school, dt.date(2026, 8, 24), service_id)
    school.bookings.confirm_booking(outcome.booking_id, actor="m")  # type: ignore[attr-defined]
    view = bookings_view(school)
    [session] = view.sessions_for_service(service_id, since=dt.date(2026, 7, 1))
    assert view.sessions_for_service(service_id, since=dt.date(2026, 9, 1)) == []
    assert session.summary == (
        "Mondays 10:00-12:00, 27 Jul - 24 Aug 2026 (Summer holiday) at Ridgeway Primary, Hall"
    )
    assert len(session.days) == 5


def test_pending_and_declined_bookings_are_not_sessions(school: School) -> None:
    service_id = uuid4()
    school.request(school.hall, TUE, T(10), T(12), service_id=service_id)
    since = dt.date(2026, 7, 1)
    assert bookings_view(school).sessions_for_service(service_id, since=since) == []


def test_a_series_is_one_event_with_a_weekly_rule_that_excludes_a_closure_day(
    school: School,
) -> None:
    first = Slot(day=dt.date(2026, 8, 25), starts=T(15, 30), ends=T(17, 30))
    outcome = school.bookings.request_series(
        school.details(school.hall), first, dt.date(2026, 9, 8), actor="b"
    )
    assert outcome.skipped == [dt.date(2026, 9, 1)]  # INSET day
    school.bookings.confirm_booking(outcome.booking_id, actor="m")
    cal = _feed(school, bookings_view(school), venue_id=school.venue_id)
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == f"booking-{outcome.booking_id}@signpost"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["STATUS"] == "CONFIRMED"
    starts = event.decoded("DTSTART")
    assert (starts.date(), starts.time()) == (dt.date(2026, 8, 25), T(15, 30))
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert [d.dt.date() for d in event["EXDATE"].dts] == [dt.date(2026, 9, 1)]
    assert cal.walk("VTIMEZONE")


def test_a_cancelled_slot_of_a_series_is_an_override_marked_cancelled(school: School) -> None:
    outcome = _series(school, dt.date(2026, 8, 17))
    booking_id = outcome.booking_id  # type: ignore[attr-defined]
    school.bookings.confirm_booking(booking_id, actor="m")
    school.bookings.cancel_by_venue(booking_id, [1], "Floor repairs", actor="m")
    events = _feed(school, bookings_view(school)).walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {f"booking-{booking_id}@signpost"}
    [override] = [e for e in events if "RECURRENCE-ID" in e]
    assert override["STATUS"] == "CANCELLED"
    assert override.decoded("RECURRENCE-ID").date() == dt.date(2026, 8, 3)


def test_a_cancelled_single_booking_stays_in_the_feed_as_cancelled_with_the_same_uid(
    school: School,
) -> None:
    a = school.request(school.counselling, TUE, T(10), T(12))
    before = _feed(school, bookings_view(school), organisation_id=school.org).walk("VEVENT")
    assert [str(e["STATUS"]) for e in before] == ["TENTATIVE"]
    school.bookings.confirm_booking(a, actor="m")
    school.bookings.cancel_by_booker(a, school.org, None, "Family moved", actor="b")
    after = _feed(school, bookings_view(school), organisation_id=school.org).walk("VEVENT")
    assert [str(e["STATUS"]) for e in after] == ["CANCELLED"]
    assert str(after[0]["UID"]) == str(before[0]["UID"])
    assert int(after[0]["SEQUENCE"]) > int(before[0]["SEQUENCE"])


def test_room_feeds_hold_only_that_room_s_bookings(school: School) -> None:
    school.request(school.counselling, TUE, T(10), T(12))
    school.request(school.hall, TUE, T(10), T(12))
    events = _feed(school, bookings_view(school), room_ids={school.counselling}).walk("VEVENT")
    assert len(events) == 1 and "Counselling room" in str(events[0]["LOCATION"])
