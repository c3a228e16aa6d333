"""A week or a month of lets, day by day and room by room, for the manager's calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from services.bookings.domain import Booking
from services.bookings.model import SlotState
from services.venues.model import SchoolCalendar
from services.venues.opening import day_note

SHOWN = (SlotState.CONFIRMED, SlotState.PENDING)


@dataclass(frozen=True)
class Period:
    view: str  # "week" or "month"
    first: dt.date
    last: dt.date
    previous: dt.date
    following: dt.date

    @property
    def title(self) -> str:
        if self.view == "month":
            return f"{self.first:%B %Y}"
        return f"Week beginning {self.first:%A} {self.first.day} {self.first:%B %Y}"


@dataclass
class Let:
    room: str
    starts: str
    ends: str
    purpose: str
    state: str
    booking_id: UUID


@dataclass
class Day:
    day: dt.date
    lets: list[Let] = field(default_factory=list)
    note: str = ""  # a holiday, bank holiday or closure; blank on a term day


def period_of(view: str, around: dt.date) -> Period:
    """The week (Monday to Sunday) or calendar month holding `around`."""
    if view == "month":
        first = around.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        return Period("month", first, following - dt.timedelta(days=1), previous, following)
    first = around - dt.timedelta(days=around.weekday())
    last = first + dt.timedelta(days=6)
    week = dt.timedelta(days=7)
    return Period("week", first, last, first - week, first + week)


def lets_by_day(
    bookings: list[Booking],
    period: Period,
    rooms: dict[UUID, str],
    calendar: SchoolCalendar | None = None,
    nation: str = "ENG",
) -> list[Day]:
    """Every day of the period with its confirmed and pending lets, in time then room order,
    marked when it is a school holiday, a bank holiday or a closure."""
    days: dict[dt.date, Day] = {}
    for n in range((period.last - period.first).days + 1):
        on = period.first + dt.timedelta(days=n)
        note = day_note(on, calendar, nation) if calendar else "term"
        days[on] = Day(on, note="" if note == "term" else note)
    for booking in bookings:
        room = rooms.get(booking.details.room_id, "A room no longer listed")
        for slot, state in zip(booking.slots, booking.states, strict=True):
            if state in SHOWN and slot.day in days:
                days[slot.day].lets.append(
                    Let(
                        room=room,
                        starts=f"{slot.starts:%H:%M}",
                        ends=f"{slot.ends:%H:%M}",
                        purpose=booking.details.purpose,
                        state=str(state),
                        booking_id=booking.id,
                    )
                )
    for day in days.values():
        day.lets.sort(key=lambda let: (let.starts, let.room))
    return list(days.values())
