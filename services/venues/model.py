"""Venue values: address, lettings conditions, rooms, availability rules and the school calendar."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from uuid import UUID

import msgspec

from search.geo import Position as Position  # the one position, for every layer
from services.shared.days import DAY_CODES

LONDON = "Europe/London"


class Season(StrEnum):
    ANY = "any"
    TERM = "term"
    HOLIDAY = "holiday"


class Contact(msgspec.Struct, frozen=True, kw_only=True):
    name: str = ""
    email: str = ""
    phone: str = ""


class LettingsConditions(msgspec.Struct, frozen=True, kw_only=True):
    """What a hirer must hold, and the gap the site staff need between lets."""

    text: str = ""
    requires_dbs: bool = False
    min_insurance_cover_pounds: int | None = None
    buffer_minutes: int = 0


class VenueDetails(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    address: str = ""
    postcode: str = ""
    position: Position | None = None
    contact: Contact = msgspec.field(default_factory=Contact)
    conditions: LettingsConditions = msgspec.field(default_factory=LettingsConditions)
    nation: str = "ENG"  # bank holidays: ENG, WLS, SCT or NIR


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """A named run of whole days, first and last day included."""

    name: str
    starts: dt.date
    ends: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.starts <= day <= self.ends


class SchoolCalendar(msgspec.Struct, frozen=True, kw_only=True):
    """Term dates and closures; a day outside every term is a holiday, unless it is closed."""

    terms: list[Period] = msgspec.field(default_factory=list)
    holidays: list[Period] = msgspec.field(default_factory=list)  # optional names for holidays
    closures: list[Period] = msgspec.field(default_factory=list)


class AvailabilityRule(msgspec.Struct, frozen=True, kw_only=True):
    """A room may be let on these days of the week, in this season, between these times."""

    days: list[str] = msgspec.field(default_factory=lambda: list(DAY_CODES))
    season: Season = Season.ANY
    opens: dt.time
    closes: dt.time


class RoomDetails(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    capacity: int
    facilities: list[str] = msgspec.field(default_factory=list)
    accessibility: list[str] = msgspec.field(default_factory=list)
    part_of: UUID | None = None  # a half of a hall names the hall


class Room(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    details: RoomDetails
    availability: list[AvailabilityRule] = msgspec.field(default_factory=list)
