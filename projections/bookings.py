"""The bookings read model: each booking's state, and its slots by room, day and service."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any
from uuid import UUID

import msgspec

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.values import day, from_json, json
from services.bookings.application import Bookings, VenueSource
from services.bookings.domain import Booking
from services.bookings.model import BookingDetails, Slot, SlotState
from services.shared.localtime import instant as local_instant
from services.venues.calendar import holiday_name, season_of
from services.venues.model import Season


class BookedSession(msgspec.Struct, frozen=True, kw_only=True):
    """Confirmed sessions of a catalogue service at a venue, in words and as dates."""

    booking_id: UUID
    venue_id: UUID
    venue_name: str
    room_name: str
    summary: str
    days: list[dt.date]
    starts: dt.time
    ends: dt.time


class _State(msgspec.Struct, frozen=True, kw_only=True):
    """A booking as its row keeps it: enough to give the pages the aggregate back."""

    details: BookingDetails
    slots: list[Slot]
    states: list[SlotState]
    reasons: dict[int, str]
    requested_by: str
    version: int
    created_on: dt.datetime
    modified_on: dt.datetime
    modified_by: str


class BookingsProjection(TableProjection):
    """A row per booking (its whole state) and a row per slot; each event rewrites its
    booking's rows as they are after it, so applying it again changes nothing."""

    name = "bookings"
    tables = (
        Table(
            name="bookings",
            columns={
                "id": "text",
                "venue_id": "text",
                "room_id": "text",
                "organisation_id": "text",
                "service_id": "text",
                "first_day": "text",
                "first_starts": "text",
                "state": "text",
            },
            key=("id",),
            indexes=(
                ("venue_id", "first_day"),
                ("organisation_id", "first_day"),
                ("service_id", "first_day"),
            ),
        ),
        Table(
            name="slots",
            columns={
                "booking_id": "text",
                "slot": "int",
                "venue_id": "text",
                "room_id": "text",
                "service_id": "text",
                "day": "text",
                "starts": "text",
                "ends": "text",
                "state": "text",
            },
            key=("booking_id", "slot"),
            indexes=(("room_id", "day"), ("service_id", "day"), ("venue_id", "day")),
        ),
    )
    events = (Booking.Requested, Booking.Confirmed, Booking.Declined, Booking.Cancelled)

    def __init__(self, store: TableStore, bookings: Bookings, cache_size: int = 20_000) -> None:
        super().__init__(store)
        self.app = bookings
        self._cache: OrderedDict[UUID, Booking] = OrderedDict()
        self._cache_size = cache_size

    def project(self, event: Any, changes: Changes) -> None:
        booking = self._fold(event)
        id_, d = str(booking.id), booking.details
        service = None if d.service_id is None else str(d.service_id)
        first = booking.slots[0]
        state = _State(
            details=d,
            slots=booking.slots,
            states=booking.states,
            reasons=booking.reasons,
            requested_by=booking.actor_of_request,
            version=booking.version,
            created_on=booking.created_on,
            modified_on=booking.modified_on,
            modified_by=booking.modified_by,
        )
        changes.upsert(
            "bookings",
            id=id_,
            venue_id=str(d.venue_id),
            room_id=str(d.room_id),
            organisation_id=str(d.organisation_id),
            service_id=service,
            first_day=day(first.day),
            first_starts=first.starts.isoformat(),
            state=json(state),
        )
        for i, (slot, st) in enumerate(zip(booking.slots, booking.states, strict=True)):
            changes.upsert(
                "slots",
                booking_id=id_,
                slot=i,
                venue_id=str(d.venue_id),
                room_id=str(d.room_id),
                service_id=service,
                day=day(slot.day),
                starts=slot.starts.isoformat(),
                ends=slot.ends.isoformat(),
                state=st.value,
            )

    def _fold(self, event: Any) -> Booking:
        """The booking as it is after this event: folded onto the one seen before, or loaded."""
        booking = self._cache.pop(event.originator_id, None)
        if booking is None and isinstance(event, Booking.Requested):
            booking = event.mutate(None)
        elif booking is not None and booking.version == event.originator_version - 1:
            event.mutate(booking)
        else:
            booking = self.app.repository.get(event.originator_id, version=event.originator_version)
        assert isinstance(booking, Booking)
        self._cache[booking.id] = booking
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return booking


class BookingsView:
    """What people read about bookings (feeds, the venue manager's list, a service's
    sessions), from the bookings tables; it may trail the event store by a moment, so it never
    makes the confirm-or-refuse decision."""

    def __init__(self, store: TableStore, venues: VenueSource) -> None:
        self.store = store
        self.venues = venues

    def bookings(
        self,
        *,
        venue_id: UUID | None = None,
        room_ids: set[UUID] | None = None,
        organisation_id: UUID | None = None,
        service_id: UUID | None = None,
    ) -> list[Booking]:
        where, params = [], list[str]()
        for column, value in (
            ("venue_id", venue_id),
            ("organisation_id", organisation_id),
            ("service_id", service_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(str(value))
        if room_ids is not None:
            if not room_ids:
                return []
            where.append(f"room_id IN ({', '.join('?' * len(room_ids))})")
            params += sorted(str(r) for r in room_ids)
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self.store.rows(
            f"SELECT id, state FROM {{bookings}}{condition} ORDER BY first_day, first_starts, id",
            *params,
        )
        return [_booking(id_, state) for id_, state in rows]

    def booking(self, booking_id: UUID) -> Booking | None:
        rows = self.store.rows("SELECT id, state FROM {bookings} WHERE id = ?", str(booking_id))
        return _booking(*rows[0]) if rows else None

    def pending_clashes(self, booking_id: UUID) -> list[UUID]:
        """Other requests still pending for the same space (or its halves / its hall) whose
        slots overlap this booking's confirmed slots: the venue manager should decline them."""
        booking = self.booking(booking_id)
        if booking is None:
            return []
        venue = self.venues.get_venue(booking.details.venue_id)
        spaces = sorted(str(s) for s in venue.clashing_spaces(booking.details.room_id))
        buffer = dt.timedelta(minutes=venue.details.conditions.buffer_minutes)
        mine = [
            (local_instant(s.day, s.starts), local_instant(s.day, s.ends))
            for s, st in zip(booking.slots, booking.states, strict=True)
            if st == SlotState.CONFIRMED
        ]
        if not mine:
            return []
        days = sorted({day(s.day) for s, _ in zip(booking.slots, booking.states, strict=True)})
        rows = self.store.rows(
            "SELECT booking_id, day, starts, ends FROM {slots}"
            f" WHERE room_id IN ({', '.join('?' * len(spaces))}) AND day >= ? AND day <= ?"
            " AND state = ? AND booking_id <> ? ORDER BY booking_id, slot",
            *spaces,
            days[0],
            days[-1],
            SlotState.PENDING.value,
            str(booking_id),
        )
        clashing: dict[UUID, None] = {}
        for other, on, starts, ends in rows:
            when = dt.date.fromisoformat(on)
            a0 = local_instant(when, dt.time.fromisoformat(starts))
            a1 = local_instant(when, dt.time.fromisoformat(ends))
            if any(a0 < b1 + buffer and b0 < a1 + buffer for b0, b1 in mine):
                clashing[UUID(other)] = None
        order = {b.id: i for i, b in enumerate(self._by_first_slot(list(clashing)))}
        return sorted(clashing, key=lambda i: order[i])

    def sessions_for_service(
        self, service_id: UUID, *, since: dt.date | None = None
    ) -> list[BookedSession]:
        """Where and when a catalogue service meets at a venue, e.g. "Tuesdays 10:00-12:00,
        28 Jul - 25 Aug 2026 (Summer holiday) at Ridgeway Primary, Hall"; from today on."""
        today = since or dt.date.today()
        ids = self.store.rows(
            "SELECT DISTINCT booking_id FROM {slots}"
            " WHERE service_id = ? AND day >= ? AND state = ?",
            str(service_id),
            day(today),
            SlotState.CONFIRMED.value,
        )
        sessions: list[BookedSession] = []
        for booking in self._by_first_slot([UUID(i) for (i,) in ids]):
            slots = [
                s
                for s, st in zip(booking.slots, booking.states, strict=True)
                if st == SlotState.CONFIRMED and s.day >= today
            ]
            venue = self.venues.get_venue(booking.details.venue_id)
            room = venue.room(booking.details.room_id)
            summary = _describe(slots, venue.calendar, f"{venue.details.name}, {room.details.name}")
            sessions.append(
                BookedSession(
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

    def _by_first_slot(self, ids: list[UUID]) -> list[Booking]:
        if not ids:
            return []
        rows = self.store.rows(
            f"SELECT id, state FROM {{bookings}} WHERE id IN ({', '.join('?' * len(ids))})"
            " ORDER BY first_day, first_starts, id",
            *[str(i) for i in ids],
        )
        return [_booking(id_, state) for id_, state in rows]


def _booking(id_: str, text: str) -> Booking:
    state: _State = from_json(text, _State)
    booking = Booking(UUID(id_), state.created_on)
    booking.version = state.version
    booking.modified_on = state.modified_on
    booking.modified_by = state.modified_by
    booking.details = state.details
    booking.slots = list(state.slots)
    booking.states = list(state.states)
    booking.reasons = dict(state.reasons)
    booking.actor_of_request = state.requested_by
    return booking


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
