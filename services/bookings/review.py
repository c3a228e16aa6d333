"""What a venue manager reads before deciding: clashes in words, declarations against rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from uuid import UUID

import msgspec

from services.bookings.domain import Booking
from services.bookings.model import SlotConflict
from services.bookings.rules import declaration_problems
from services.venues.domain import Venue


class Review(msgspec.Struct, frozen=True, kw_only=True):
    organisation: str
    service: str | None
    problems: list[str]  # declarations that fall short of the venue's conditions today
    clashes: dict[int, str]  # pending slot -> the confirmed let in its way, in words
    buffer_minutes: int


def explain(
    venue: Venue,
    conflicts: list[SlotConflict],
    find: Callable[[UUID], Booking | None],
    organisation_name: Callable[[UUID], str],
) -> list[str]:
    """One line per clash, naming the organisation whose confirmed let is in the way, its time
    and room, and the venue's buffer when the lets only come too close."""
    lines: list[str] = []
    buffer = venue.details.conditions.buffer_minutes
    others: dict[UUID, Booking | None] = {}
    for c in conflicts:
        if c.conflicting_booking_id not in others:
            others[c.conflicting_booking_id] = find(c.conflicting_booking_id)
        other = others[c.conflicting_booking_id]
        mine = f"{c.day:%a %-d %b %Y} {c.starts:%H:%M}-{c.ends:%H:%M}"
        if other is None:
            lines.append(f"{mine} clashes with a confirmed let")
            continue
        taken = other.slots[c.conflicting_slot]
        room = venue.rooms.get(c.conflicting_room_id)
        line = (
            f"{mine} clashes with {organisation_name(other.details.organisation_id)}, "
            f"confirmed in {room.details.name if room else 'a room'} "
            f"{taken.starts:%H:%M}-{taken.ends:%H:%M} ({other.details.purpose})"
        )
        if buffer and not (c.starts < taken.ends and taken.starts < c.ends):
            line += f": {venue.details.name} keeps {buffer} minutes between lets"
        lines.append(line)
    return lines


def review_of(
    venue: Venue,
    booking: Booking,
    *,
    organisation: str,
    service: str | None,
    clashes: dict[int, str],
) -> Review:
    last: dt.date = max(s.day for s in booking.slots)
    problems = [why for _, why in declaration_problems(venue, booking.details, last)]
    return Review(
        organisation=organisation,
        service=service,
        problems=problems,
        clashes=clashes,
        buffer_minutes=venue.details.conditions.buffer_minutes,
    )


class Standing(msgspec.Struct, frozen=True, kw_only=True):
    """Where a booker stands: the weeks a series left out and why, and the pending sessions
    someone else's confirmed let is already in the way of (not naming them)."""

    skipped: list[tuple[dt.date, str]]
    taken: dict[int, str]


def skipped_weeks(
    booking: Booking, reason: Callable[[dt.date], str | None]
) -> list[tuple[dt.date, str]]:
    """The weeks of a weekly series between its first and last day that it has no slot for."""
    if booking.details.weekly_until is None or not booking.slots:
        return []
    booked = {s.day for s in booking.slots}
    first = booking.details.weekly_from or booking.slots[0].day
    found = []
    day = first
    while day <= booking.details.weekly_until:
        if day not in booked:
            found.append((day, reason(day) or "not available when requested"))
        day += dt.timedelta(days=7)
    return found
