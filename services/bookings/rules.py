"""The letting rules a booking must meet before it is recorded and again before it is confirmed."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from services.bookings.model import BookingDetails, Slot
from services.shared.errors import RuleViolationError
from services.venues.calendar import closure, open_windows, within
from services.venues.domain import Venue


def check_booking(venue: Venue, details: BookingDetails, slots: list[Slot]) -> None:
    """Capacity, the hirer's declarations on every booked day, and the room's availability."""
    room = venue.room(details.room_id)
    if details.attendees > room.details.capacity:
        raise RuleViolationError(
            f"{room.details.name} holds {room.details.capacity}, not {details.attendees}.",
            field="attendees",
        )
    if slots:
        check_declarations(venue, details, max(s.day for s in slots))
    for i, slot in enumerate(slots):
        reason = unavailable(venue, details.room_id, slot)
        if reason:
            raise RuleViolationError(reason, field=f"slots[{i}]")


def check_declarations(venue: Venue, details: BookingDetails, last_day: dt.date) -> None:
    rules, decl = venue.details.conditions, details.declarations
    if rules.requires_dbs:
        if not decl.dbs_checked:
            raise RuleViolationError(
                f"{venue.details.name} lets only to hirers whose staff hold DBS checks.",
                field="declarations.dbs_checked",
            )
        if decl.dbs_expires is not None and decl.dbs_expires < last_day:
            raise RuleViolationError(
                f"The DBS declaration expires on {decl.dbs_expires}, before the last booked day "
                f"({last_day}).",
                field="declarations.dbs_expires",
            )
    minimum = rules.min_insurance_cover_pounds
    if minimum:
        if (decl.insurance_cover_pounds or 0) < minimum:
            raise RuleViolationError(
                f"{venue.details.name} needs public liability insurance of at least £{minimum:,}.",
                field="declarations.insurance_cover_pounds",
            )
        if decl.insurance_expires is None or decl.insurance_expires < last_day:
            raise RuleViolationError(
                f"The insurance must be valid until the last booked day ({last_day}).",
                field="declarations.insurance_expires",
            )


def unavailable(venue: Venue, room_id: UUID, slot: Slot) -> str | None:
    """Why the room cannot be let for this slot, or None when it can."""
    nation = venue.details.nation
    shut = closure(slot.day, venue.calendar, nation)
    if shut:
        return f"{venue.details.name} is closed on {slot.day} ({shut})."
    room = venue.room(room_id)
    windows = open_windows(room.availability, slot.day, venue.calendar, nation)
    if not within(windows, slot.starts, slot.ends):
        shown = ", ".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in windows) or "not at all"
        return (
            f"{room.details.name} is not available {slot.starts:%H:%M}-{slot.ends:%H:%M} "
            f"on {slot.day:%a %d %b %Y}; it may be let {shown} that day."
        )
    return None
