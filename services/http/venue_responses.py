"""The lettings API's response shapes, and the explicit functions that map the domain onto them."""

from __future__ import annotations

import datetime as dt
from typing import Literal
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
    Period,
    Position,
    Room,
    SchoolCalendar,
)

# The nested parts of the answers are the API's own shapes, mapped field by field from the
# domain's, so a change to a domain struct cannot change the API unnoticed.


class VenuePositionView(msgspec.Struct, kw_only=True):
    lat: float
    lon: float


class VenueContactView(msgspec.Struct, kw_only=True):
    name: str
    email: str
    phone: str


class LettingsConditionsView(msgspec.Struct, kw_only=True):
    text: str
    requires_dbs: bool
    min_insurance_cover_pounds: int | None
    buffer_minutes: int


class CalendarPeriodView(msgspec.Struct, kw_only=True):
    name: str
    starts: dt.date
    ends: dt.date


class SchoolCalendarView(msgspec.Struct, kw_only=True):
    terms: list[CalendarPeriodView]
    holidays: list[CalendarPeriodView]
    closures: list[CalendarPeriodView]


class AvailabilityRuleView(msgspec.Struct, kw_only=True):
    days: list[str]
    season: Literal["any", "term", "holiday"]
    opens: dt.time
    closes: dt.time


class DeclarationsView(msgspec.Struct, kw_only=True):
    dbs_checked: bool
    dbs_expires: dt.date | None
    insurance_cover_pounds: int | None
    insurance_expires: dt.date | None


class SlotConflictView(msgspec.Struct, kw_only=True):
    slot: int
    day: dt.date
    starts: dt.time
    ends: dt.time
    conflicting_booking_id: UUID
    conflicting_slot: int
    conflicting_room_id: UUID


def _position(p: Position | None) -> VenuePositionView | None:
    return VenuePositionView(lat=p.lat, lon=p.lon) if p is not None else None


def _contact(c: Contact) -> VenueContactView:
    return VenueContactView(name=c.name, email=c.email, phone=c.phone)


def _conditions(c: LettingsConditions) -> LettingsConditionsView:
    return LettingsConditionsView(
        text=c.text,
        requires_dbs=c.requires_dbs,
        min_insurance_cover_pounds=c.min_insurance_cover_pounds,
        buffer_minutes=c.buffer_minutes,
    )


def _periods(periods: list[Period]) -> list[CalendarPeriodView]:
    return [CalendarPeriodView(name=p.name, starts=p.starts, ends=p.ends) for p in periods]


def _calendar(c: SchoolCalendar) -> SchoolCalendarView:
    return SchoolCalendarView(
        terms=_periods(c.terms), holidays=_periods(c.holidays), closures=_periods(c.closures)
    )


def _rules(rules: list[AvailabilityRule]) -> list[AvailabilityRuleView]:
    return [
        AvailabilityRuleView(days=r.days, season=r.season.value, opens=r.opens, closes=r.closes)
        for r in rules
    ]


def _declarations(d: Declarations) -> DeclarationsView:
    return DeclarationsView(
        dbs_checked=d.dbs_checked,
        dbs_expires=d.dbs_expires,
        insurance_cover_pounds=d.insurance_cover_pounds,
        insurance_expires=d.insurance_expires,
    )


def _conflict(c: SlotConflict) -> SlotConflictView:
    return SlotConflictView(
        slot=c.slot,
        day=c.day,
        starts=c.starts,
        ends=c.ends,
        conflicting_booking_id=c.conflicting_booking_id,
        conflicting_slot=c.conflicting_slot,
        conflicting_room_id=c.conflicting_room_id,
    )


class RoomView(msgspec.Struct, kw_only=True):
    id: str
    name: str
    capacity: int
    facilities: list[str]
    accessibility: list[str]
    part_of: UUID | None
    availability: list[AvailabilityRuleView]


class VenueView(msgspec.Struct, kw_only=True):
    id: str
    version: int
    name: str
    address: str
    postcode: str
    position: VenuePositionView | None
    contact: VenueContactView
    conditions: LettingsConditionsView
    nation: str
    calendar: SchoolCalendarView
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
        availability=_rules(room.availability),
    )


def venue_view(venue: Venue) -> VenueView:
    d = venue.details
    return VenueView(
        id=str(venue.id),
        version=venue.version,
        name=d.name,
        address=d.address,
        postcode=d.postcode,
        position=_position(d.position),
        contact=_contact(d.contact),
        conditions=_conditions(d.conditions),
        nation=d.nation,
        calendar=_calendar(venue.calendar),
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
    declarations: DeclarationsView
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
        declarations=_declarations(d.declarations),
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
    conflicts: list[SlotConflictView]
    skipped: list[str]
    skipped_because: list[SkipView]
    clashes: list[str]


def booking_requested_view(booking: Booking, outcome: RequestOutcome) -> BookingRequestedView:
    return BookingRequestedView(
        booking=booking_view(booking),
        conflicts=[_conflict(c) for c in outcome.conflicts],
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
