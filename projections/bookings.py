"""A read model of bookings (by room, venue, organisation, service), caught up on each read."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from services.bookings.application import Bookings
from services.bookings.domain import Booking
from services.bookings.model import SlotState
from services.shared.localtime import instant
from services.venues.calendar import holiday_name, season_of
from services.venues.model import Season

_TOPICS = [
    get_topic(cls)
    for cls in (Booking.Requested, Booking.Confirmed, Booking.Declined, Booking.Cancelled)
]


class Session(msgspec.Struct, frozen=True, kw_only=True):
    """Confirmed sessions of a catalogue service at a venue, in words and as dates."""

    booking_id: UUID
    venue_id: UUID
    venue_name: str
    room_name: str
    summary: str
    days: list[dt.date]
    starts: dt.time
    ends: dt.time


class BookingsView:
    """Every booking's current state, rebuilt from the bookings application's events.

    It may trail the event store by a moment: it answers questions for people (feeds, the
    venue manager's list, a service's sessions), never the confirm-or-refuse decision.
    """

    def __init__(self, bookings: Bookings) -> None:
        self.app = bookings
        self._position: int | None = None
        self._bookings: dict[UUID, Booking] = {}
        self._lock = threading.Lock()

    def catch_up(self) -> None:
        with self._lock:
            while True:
                page = self.app.recorder.select_notifications(
                    self._position,
                    500,
                    topics=_TOPICS,
                    inclusive_of_start=self._position is None,
                )
                if not page:
                    return
                for notification in page:
                    event: Any = self.app.mapper.to_domain_event(notification)
                    current = self._bookings.get(event.originator_id)
                    self._bookings[event.originator_id] = event.mutate(current)
                self._position = page[-1].id

    def bookings(
        self,
        *,
        venue_id: UUID | None = None,
        room_ids: set[UUID] | None = None,
        organisation_id: UUID | None = None,
        service_id: UUID | None = None,
    ) -> list[Booking]:
        self.catch_up()
        with self._lock:
            every = list(self._bookings.values())
        found = [
            b
            for b in every
            if (venue_id is None or b.details.venue_id == venue_id)
            and (room_ids is None or b.details.room_id in room_ids)
            and (organisation_id is None or b.details.organisation_id == organisation_id)
            and (service_id is None or b.details.service_id == service_id)
        ]
        return sorted(found, key=lambda b: (b.slots[0].day, b.slots[0].starts, str(b.id)))

    def pending_clashes(self, booking_id: UUID) -> list[UUID]:
        """Other requests still pending for the same space (or its halves / its hall) whose
        slots overlap this booking's confirmed slots: the venue manager should decline them."""
        self.catch_up()
        booking = self._bookings.get(booking_id)
        if booking is None:
            return []
        venue = self.app.venues.get_venue(booking.details.venue_id)
        spaces = venue.clashing_spaces(booking.details.room_id)
        buffer = dt.timedelta(minutes=venue.details.conditions.buffer_minutes)
        mine = [
            (instant(s.day, s.starts), instant(s.day, s.ends))
            for s, st in zip(booking.slots, booking.states, strict=True)
            if st == SlotState.CONFIRMED
        ]
        clashing: list[UUID] = []
        for other in self.bookings(venue_id=venue.id, room_ids=spaces):
            if other.id == booking_id:
                continue
            for s, st in zip(other.slots, other.states, strict=True):
                if st != SlotState.PENDING:
                    continue
                a0, a1 = instant(s.day, s.starts), instant(s.day, s.ends)
                if any(a0 < b1 + buffer and b0 < a1 + buffer for b0, b1 in mine):
                    clashing.append(other.id)
                    break
        return clashing

    def sessions_for_service(
        self, service_id: UUID, *, since: dt.date | None = None
    ) -> list[Session]:
        """Where and when a catalogue service meets at a venue, e.g. "Tuesdays 10:00-12:00,
        28 Jul - 25 Aug 2026 (Summer holiday) at Ridgeway Primary, Hall"; from today on."""
        sessions: list[Session] = []
        today = since or dt.date.today()
        for booking in self.bookings(service_id=service_id):
            slots = [
                s
                for s, st in zip(booking.slots, booking.states, strict=True)
                if st == SlotState.CONFIRMED and s.day >= today
            ]
            if not slots:
                continue
            venue = self.app.venues.get_venue(booking.details.venue_id)
            room = venue.room(booking.details.room_id)
            summary = _describe(slots, venue.calendar, f"{venue.details.name}, {room.details.name}")
            sessions.append(
                Session(
                    booking_id=booking.id,
                    venue_id=venue.id,
                    venue_name=venue.details.name,
                    room_name=room.details.name,
                    summary=summary,
                    days=[s.day for s in slots],
                    starts=slots[0].starts,
                    ends=slots[0].ends,
                )
            )
        return sessions


def _describe(slots: list[Any], calendar: Any, where: str) -> str:
    first, last = slots[0], slots[-1]
    times = f"{first.starts:%H:%M}-{first.ends:%H:%M}"
    if len(slots) == 1:
        return f"{first.day:%a} {first.day.day} {first.day:%b %Y}, {times} at {where}"
    same_day = len({s.day.weekday() for s in slots}) == 1
    same_time = len({(s.starts, s.ends) for s in slots}) == 1
    when = f"{first.day:%A}s {times}" if same_day and same_time else "Sessions"
    span = f"{first.day.day} {first.day:%b} - {last.day.day} {last.day:%b %Y}"
    seasons = {season_of(s.day, calendar) for s in slots}
    names = {holiday_name(s.day, calendar) for s in slots}
    if seasons == {Season.HOLIDAY} and len(names) == 1:
        span += f" ({names.pop()})"
    elif seasons == {Season.TERM}:
        span += " (term time)"
    return f"{when}, {span} at {where}"
