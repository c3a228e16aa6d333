"""The letting rules a booking must meet before it is recorded and again before it is confirmed."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from services.bookings.model import BookingDetails, Slot
from services.shared.errors import RuleViolationError
from services.venues.calendar import bank_holiday, closure, open_windows, season_of, within
from services.venues.domain import Venue
from services.venues.model import Season


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


def declaration_problems(
    venue: Venue, details: BookingDetails, last_day: dt.date
) -> list[tuple[str, str]]:
    """Every way the hirer's declarations fall short of the venue's conditions: (field, why)."""
    rules, decl = venue.details.conditions, details.declarations
    found: list[tuple[str, str]] = []
    if rules.requires_dbs:
        if not decl.dbs_checked:
            found.append(
                (
                    "declarations.dbs_checked",
                    f"{venue.details.name} lets only to hirers whose staff hold DBS checks.",
                )
            )
        elif decl.dbs_expires is not None and decl.dbs_expires < last_day:
            found.append(
                (
                    "declarations.dbs_expires",
                    f"The DBS declaration expires on {decl.dbs_expires}, before the last booked "
                    f"day ({last_day}).",
                )
            )
    minimum = rules.min_insurance_cover_pounds
    if minimum:
        if (decl.insurance_cover_pounds or 0) < minimum:
            found.append(
                (
                    "declarations.insurance_cover_pounds",
                    f"{venue.details.name} needs public liability insurance of at least "
                    f"£{minimum:,}.",
                )
            )
        if decl.insurance_expires is None or decl.insurance_expires < last_day:
            found.append(
                (
                    "declarations.insurance_expires",
                    f"The insurance must be valid until the last booked day ({last_day}).",
                )
            )
    return found


def check_declarations(venue: Venue, details: BookingDetails, last_day: dt.date) -> None:
    """Raises one error naming every problem (its `detail` lists them field by field)."""
    problems = declaration_problems(venue, details, last_day)
    if problems:
        raise RuleViolationError(
            " ".join(why for _, why in problems),
            field=problems[0][0],
            detail=[{"field": f, "message": why} for f, why in problems],
        )


def skip_reason(venue: Venue, room_id: UUID, slot: Slot) -> str | None:
    """Why a week of a series is left out, in a few words, or None if it can be let."""
    nation = venue.details.nation
    for period in venue.calendar.closures:
        if slot.day in period:
            return f"the venue is closed ({period.name or 'closure'})"
    holiday = bank_holiday(slot.day, nation)
    if holiday:
        return f"bank holiday ({holiday})"
    room = venue.room(room_id)
    windows = open_windows(room.availability, slot.day, venue.calendar, nation)
    if within(windows, slot.starts, slot.ends):
        return None
    kind = "term day" if season_of(slot.day, venue.calendar) == Season.TERM else "school holiday"
    shown = ", ".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in windows)
    return f"{kind}: the room may be let {shown} only" if shown else f"{kind}: not let that day"


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
