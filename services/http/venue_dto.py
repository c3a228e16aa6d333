"""Request shapes for venues and bookings, and the functions that map them onto the domain."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from services.bookings.model import BookingDetails, Declarations, Slot
from services.shared.days import DAY_CODES
from services.venues.model import (
    AvailabilityRule,
    Contact,
    LettingsConditions,
    Period,
    Position,
    RoomDetails,
    SchoolCalendar,
    Season,
    VenueDetails,
)

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Text = Annotated[str, msgspec.Meta(max_length=5000)]
People = Annotated[int, msgspec.Meta(ge=1, le=10000)]
Clock = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9](:00)?$",
        description="Europe/London wall-clock time, HH:MM",
    ),
]


def clock(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


class _Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class PositionIn(_Strict, kw_only=True):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class ContactIn(_Strict, kw_only=True):
    name: str = ""
    email: str = ""
    phone: str = ""


class ConditionsIn(_Strict, kw_only=True):
    text: Text = ""
    requires_dbs: bool = False
    min_insurance_cover_pounds: Annotated[int, msgspec.Meta(ge=0)] | None = None
    buffer_minutes: Annotated[int, msgspec.Meta(ge=0, le=24 * 60)] = 0


class VenueIn(_Strict, kw_only=True):
    name: Name
    address: Text = ""
    postcode: str = ""
    position: PositionIn | None = None
    contact: ContactIn = msgspec.field(default_factory=ContactIn)
    conditions: ConditionsIn = msgspec.field(default_factory=ConditionsIn)
    nation: str = "ENG"


class PeriodIn(_Strict, kw_only=True):
    name: str = ""
    starts: dt.date
    ends: dt.date


class CalendarIn(_Strict, kw_only=True):
    terms: list[PeriodIn] = msgspec.field(default_factory=list)
    holidays: list[PeriodIn] = msgspec.field(default_factory=list)
    closures: list[PeriodIn] = msgspec.field(default_factory=list)


class RoomIn(_Strict, kw_only=True):
    name: Name
    capacity: People
    facilities: list[str] = msgspec.field(default_factory=list)
    accessibility: list[str] = msgspec.field(default_factory=list)
    part_of: UUID | None = None


class RuleIn(_Strict, kw_only=True):
    days: list[str] = msgspec.field(default_factory=lambda: list(DAY_CODES))
    season: Season = Season.ANY
    opens: Clock
    closes: Clock


class AvailabilityIn(_Strict, kw_only=True):
    rules: list[RuleIn]


class SlotIn(_Strict, kw_only=True):
    day: dt.date
    starts: Clock
    ends: Clock


class DeclarationsIn(_Strict, kw_only=True):
    dbs_checked: bool = False
    dbs_expires: dt.date | None = None
    insurance_cover_pounds: Annotated[int, msgspec.Meta(ge=0)] | None = None
    insurance_expires: dt.date | None = None


class BookingIn(_Strict, kw_only=True):
    """A request from an agency: the booker names one of its own organisations."""

    organisation_id: UUID
    venue_id: UUID
    room_id: UUID
    purpose: Name
    attendees: People
    slots: Annotated[list[SlotIn], msgspec.Meta(min_length=1, max_length=200)]
    declarations: DeclarationsIn = msgspec.field(default_factory=DeclarationsIn)
    service_id: UUID | None = None
    weekly_until: dt.date | None = None  # with one slot: repeat it weekly until this day


class SlotsIn(_Strict, kw_only=True):
    slots: list[int] | None = None  # None: every slot that can be


class DeclineIn(SlotsIn, kw_only=True):
    reason: Name


class CancelIn(SlotsIn, kw_only=True):
    reason: Text = ""
    organisation_id: UUID | None = None  # ignored: the booking names its organisation


def _period(p: PeriodIn) -> Period:
    return Period(name=p.name, starts=p.starts, ends=p.ends)


def venue_details_from(body: VenueIn, position: Position | None) -> VenueDetails:
    c = body.conditions
    return VenueDetails(
        name=body.name,
        address=body.address,
        postcode=body.postcode.upper().strip(),
        position=position,
        contact=Contact(name=body.contact.name, email=body.contact.email, phone=body.contact.phone),
        conditions=LettingsConditions(
            text=c.text,
            requires_dbs=c.requires_dbs,
            min_insurance_cover_pounds=c.min_insurance_cover_pounds,
            buffer_minutes=c.buffer_minutes,
        ),
        nation=body.nation,
    )


def calendar_from(body: CalendarIn) -> SchoolCalendar:
    return SchoolCalendar(
        terms=[_period(p) for p in body.terms],
        holidays=[_period(p) for p in body.holidays],
        closures=[_period(p) for p in body.closures],
    )


def room_details_from(body: RoomIn) -> RoomDetails:
    return RoomDetails(
        name=body.name,
        capacity=body.capacity,
        facilities=body.facilities,
        accessibility=body.accessibility,
        part_of=body.part_of,
    )


def rules_from(body: AvailabilityIn) -> list[AvailabilityRule]:
    return [
        AvailabilityRule(days=r.days, season=r.season, opens=clock(r.opens), closes=clock(r.closes))
        for r in body.rules
    ]


def booking_from(body: BookingIn) -> tuple[BookingDetails, list[Slot]]:
    d = body.declarations
    details = BookingDetails(
        venue_id=body.venue_id,
        room_id=body.room_id,
        organisation_id=body.organisation_id,
        purpose=body.purpose,
        attendees=body.attendees,
        declarations=Declarations(
            dbs_checked=d.dbs_checked,
            dbs_expires=d.dbs_expires,
            insurance_cover_pounds=d.insurance_cover_pounds,
            insurance_expires=d.insurance_expires,
        ),
        service_id=body.service_id,
    )
    return details, [
        Slot(day=s.day, starts=clock(s.starts), ends=clock(s.ends)) for s in body.slots
    ]
