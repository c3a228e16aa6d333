"""RFC 5545 feeds of bookings: weekly RRULEs, per-slot overrides, STATUS:CANCELLED, stable UIDs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import icalendar

from services.bookings.domain import Booking
from services.bookings.model import Slot, SlotState
from services.shared.localtime import LONDON
from services.venues.domain import Venue

_STATUS = {
    SlotState.PENDING: "TENTATIVE",
    SlotState.CONFIRMED: "CONFIRMED",
    SlotState.DECLINED: "CANCELLED",
    SlotState.CANCELLED: "CANCELLED",
}


def uid_of(booking: Booking, slot: int | None = None) -> str:
    """Stable: a series (or a single slot) is one UID; separate slots get one each."""
    suffix = "" if slot is None else f"-{slot}"
    return f"booking-{booking.id}{suffix}@signpost"


def _local(slot: Slot, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(slot.day, at, LONDON)


def _event(
    uid: str,
    booking: Booking,
    slot: Slot,
    state: SlotState,
    text: tuple[str, str, str],
    stamp: dt.datetime,
) -> icalendar.Event:
    summary, where, description = text
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(slot, slot.starts))
    event.add("dtend", _local(slot, slot.ends))
    event.add("summary", summary)
    event.add("location", where)
    event.add("description", description)
    event.add("status", _STATUS[state])
    event.add("sequence", booking.version)
    event.add("last-modified", booking.modified_on.astimezone(dt.UTC))
    return event


def _is_series(booking: Booking) -> bool:
    slots = booking.slots
    return (
        booking.details.weekly_until is not None
        and len(slots) > 1
        and len({(s.starts, s.ends, s.day.weekday()) for s in slots}) == 1
    )


def booking_events(
    booking: Booking, venue: Venue, stamp: dt.datetime, organisation: str = ""
) -> list[icalendar.Event]:
    room = venue.room(booking.details.room_id)
    where = f"{room.details.name}, {venue.details.name}, {venue.details.address}".strip(", ")
    d = booking.details
    who = f"{organisation}: " if organisation else ""
    description = f"{who}{d.purpose} ({d.attendees} people)"
    text = (d.purpose, where, description)
    if not _is_series(booking):
        one = len(booking.slots) == 1
        return [
            _event(uid_of(booking, None if one else i), booking, s, st, text, stamp)
            for i, (s, st) in enumerate(zip(booking.slots, booking.states, strict=True))
        ]
    first, last = booking.slots[0], booking.slots[-1]
    states = booking.states
    main = max(set(states), key=lambda st: (states.count(st), st == SlotState.CONFIRMED))
    master = _event(uid_of(booking), booking, first, main, text, stamp)
    until = dt.datetime.combine(last.day, last.ends, LONDON).astimezone(dt.UTC)
    master.add("rrule", {"freq": "weekly", "until": until})
    booked = {s.day for s in booking.slots}
    gaps = []
    day = first.day
    while day <= last.day:
        if day not in booked:
            gaps.append(dt.datetime.combine(day, first.starts, LONDON))
        day += dt.timedelta(days=7)
    if gaps:
        master.add("exdate", gaps)
    events = [master]
    for slot, state in zip(booking.slots, states, strict=True):
        if state != main:
            override = _event(uid_of(booking), booking, slot, state, text, stamp)
            override.add("recurrence-id", _local(slot, slot.starts))
            events.append(override)
    return events


def feed(
    name: str,
    bookings: list[Booking],
    venue_of: Callable[[Booking], Venue],
    *,
    stamp: dt.datetime | None = None,
    organisation_of: Callable[[Booking], str] | None = None,
) -> bytes:
    """The iCalendar text of these bookings, Europe/London times with their VTIMEZONE."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Signpost//Venue bookings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    now = stamp or dt.datetime.now(dt.UTC)
    for booking in bookings:
        who = organisation_of(booking) if organisation_of else ""
        for event in booking_events(booking, venue_of(booking), now, who):
            cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
