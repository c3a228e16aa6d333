"""The lettings API's response shapes, and the explicit functions that map the domain onto them."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec

from projections.bookings import BookedSession
from services.bookings.application import FreeTime, RequestOutcome
from services.bookings.domain import Booking
from services.bookings.model import Declarations, SlotConflict
from services.venues.domain import Venue
from services.venues.model import (
    AvailabilityRule,
    Contact,
    LettingsConditions,
    Position,
    Room,
    SchoolCalendar,
)


class RoomView(msgspec.Struct, kw_only=True):
    id: str
    name: str
    capacity: int
    facilities: list[str]
    accessibility: list[str]
    part_of: UUID | None
    availability: list[AvailabilityRule]


class VenueView(msgspec.Struct, kw_only=True):
    id: str
    version: int
    name: str
    address: str
    postcode: str
    position: Position | None
    contact: Contact
    conditions: LettingsConditions
    nation: str
    calendar: SchoolCalendar
    rooms: list[RoomView]


class VenueWithRoomView(VenueView, kw_only=True):
    """The venue after a room was added, and the new room's id."""

    room_id: str


def room_view(room: Room) -> RoomView:
    d = room.details
    return RoomView(
        id=str(room.id),
        name=d.name,
        capacity=d.capacity,
        facilities=d.facilities,
        accessibility=d.accessibility,
        part_of=d.part_of,
        availability=room.availability,
    )


def venue_view(venue: Venue) -> VenueView:
    d = venue.details
    return VenueView(
        id=str(venue.id),
        version=venue.version,
        name=d.name,
        address=d.address,
        postcode=d.postcode,
        position=d.position,
        contact=d.contact,
        conditions=d.conditions,
        nation=d.nation,
        calendar=venue.calendar,
        rooms=[room_view(r) for r in venue.rooms.values()],
    )


def venue_with_room_view(venue: Venue, room_id: UUID) -> VenueWithRoomView:
    v = venue_view(venue)
    fields = {f: getattr(v, f) for f in v.__struct_fields__}
    return VenueWithRoomView(**fields, room_id=str(room_id))


class BookedSlotView(msgspec.Struct, kw_only=True):
    day: dt.date
    starts: dt.time
    ends: dt.time
    index: int
    state: str
    reason: str | None


class BookingView(msgspec.Struct, kw_only=True):
    id: str
    version: int
    venue_id: UUID
    room_id: UUID
    organisation_id: UUID
    purpose: str
    attendees: int
    declarations: Declarations
    service_id: UUID | None
    weekly_until: dt.date | None
    weekly_from: dt.date | None
    slots: list[BookedSlotView]
    requested_by: str
    requested_at: str


def booking_view(booking: Booking) -> BookingView:
    d = booking.details
    return BookingView(
        id=str(booking.id),
        version=booking.version,
        venue_id=d.venue_id,
        room_id=d.room_id,
        organisation_id=d.organisation_id,
        purpose=d.purpose,
        attendees=d.attendees,
        declarations=d.declarations,
        service_id=d.service_id,
        weekly_until=d.weekly_until,
        weekly_from=d.weekly_from,
        slots=[
            BookedSlotView(
                day=s.day,
                starts=s.starts,
                ends=s.ends,
                index=i,
                state=str(st),
                reason=booking.reasons.get(i),
            )
            for i, (s, st) in enumerate(zip(booking.slots, booking.states, strict=True))
        ],
        requested_by=booking.actor_of_request,
        requested_at=booking.created_on.isoformat(),
    )


class SkipView(msgspec.Struct, kw_only=True):
    day: str
    reason: str


class BookingRequestedView(msgspec.Struct, kw_only=True):
    """The booking as requested, the confirmed lets in its way and the weeks a series skips."""

    booking: BookingView
    conflicts: list[SlotConflict]
    skipped: list[str]
    skipped_because: list[SkipView]
    clashes: list[str]


def booking_requested_view(booking: Booking, outcome: RequestOutcome) -> BookingRequestedView:
    return BookingRequestedView(
        booking=booking_view(booking),
        conflicts=outcome.conflicts,
        skipped=[d.isoformat() for d in outcome.skipped],
        skipped_because=[SkipView(day=k.day.isoformat(), reason=k.reason) for k in outcome.skips],
        clashes=outcome.clashes,
    )


class BookingConfirmedView(msgspec.Struct, kw_only=True):
    booking: BookingView
    confirmed: list[int]
    pending_requests_now_clashing: list[str]


class FreeTimeView(msgspec.Struct, kw_only=True):
    day: str
    starts: str
    ends: str


def free_time_view(free: FreeTime) -> FreeTimeView:
    return FreeTimeView(
        day=free.day.isoformat(), starts=f"{free.starts:%H:%M}", ends=f"{free.ends:%H:%M}"
    )


class FreeRoomView(msgspec.Struct, kw_only=True):
    venue_id: str
    venue_name: str
    room_id: str
    room_name: str
    capacity: int
    facilities: list[str]
    distance_km: float


class VenueSessionView(msgspec.Struct, kw_only=True):
    booking_id: UUID
    venue_id: UUID
    venue_name: str
    room_name: str
    summary: str
    days: list[dt.date]
    starts: dt.time
    ends: dt.time


def session_views(sessions: list[BookedSession]) -> list[VenueSessionView]:
    return [
        VenueSessionView(
            booking_id=s.booking_id,
            venue_id=s.venue_id,
            venue_name=s.venue_name,
            room_name=s.room_name,
            summary=s.summary,
            days=s.days,
            starts=s.starts,
            ends=s.ends,
        )
        for s in sessions
    ]
