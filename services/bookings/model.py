"""Booking values: slots in Europe/London wall-clock time, declarations and slot states."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from uuid import UUID

import msgspec


class SlotState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class Slot(msgspec.Struct, frozen=True, kw_only=True, order=True):
    """One let of a room on one day, in Europe/London local time; ends on the same day."""

    day: dt.date
    starts: dt.time
    ends: dt.time


class Declarations(msgspec.Struct, frozen=True, kw_only=True):
    """What the hirer says it holds: DBS checks for its staff and public liability insurance."""

    dbs_checked: bool = False
    dbs_expires: dt.date | None = None
    insurance_cover_pounds: int | None = None
    insurance_expires: dt.date | None = None


class BookingDetails(msgspec.Struct, frozen=True, kw_only=True):
    venue_id: UUID
    room_id: UUID
    organisation_id: UUID
    purpose: str
    attendees: int
    declarations: Declarations = msgspec.field(default_factory=Declarations)
    service_id: UUID | None = None
    weekly_until: dt.date | None = None  # a weekly series: its last possible day
    weekly_from: dt.date | None = None  # and its first, which may have been left out


class SlotConflict(msgspec.Struct, frozen=True, kw_only=True):
    """A slot of one booking that clashes with a confirmed slot of another."""

    slot: int
    day: dt.date
    starts: dt.time
    ends: dt.time
    conflicting_booking_id: UUID
    conflicting_slot: int
    conflicting_room_id: UUID
