"""The Venue aggregate: a school or community building, its rooms, rules and calendar."""

from __future__ import annotations

from uuid import UUID

from services.shared.dates import check_day
from services.shared.days import DAY_CODES
from services.shared.errors import NotFoundError, RuleViolationError
from services.shared.events import Aggregate, DomainEvent
from services.venues.model import (
    AvailabilityRule,
    Room,
    RoomDetails,
    SchoolCalendar,
    VenueDetails,
)


def _check_details(details: VenueDetails) -> None:
    if not details.name.strip():
        raise RuleViolationError("A venue needs a name.", field="name")
    if details.nation not in ("ENG", "WLS", "SCT", "NIR"):
        raise RuleViolationError("The nation is one of ENG, WLS, SCT, NIR.", field="nation")
    if details.conditions.buffer_minutes < 0:
        raise RuleViolationError(
            "The buffer between lets cannot be negative.", field="conditions.buffer_minutes"
        )


def _check_calendar(calendar: SchoolCalendar) -> None:
    for kind in ("terms", "holidays", "closures"):
        for i, p in enumerate(getattr(calendar, kind)):
            check_day(p.starts, f"{kind}[{i}].starts")
            check_day(p.ends, f"{kind}[{i}].ends")
            if p.ends < p.starts:
                raise RuleViolationError(
                    "A period cannot end before it starts.", field=f"{kind}[{i}].ends"
                )


def check_rules(rules: list[AvailabilityRule]) -> None:
    for i, r in enumerate(rules):
        if r.opens >= r.closes:
            raise RuleViolationError(
                "A room must close after it opens.", field=f"availability[{i}].closes"
            )
        if not r.days or any(d not in DAY_CODES for d in r.days):
            raise RuleViolationError(
                "Days are MO, TU, WE, TH, FR, SA or SU.", field=f"availability[{i}].days"
            )


class Venue(Aggregate):
    """A building that lets its rooms; a room may be part of another (a half of the hall)."""

    details: VenueDetails
    calendar: SchoolCalendar
    rooms: dict[UUID, Room]

    class Registered(DomainEvent, frozen=True, kw_only=True):
        details: VenueDetails

        def construct(self) -> Venue:
            venue = Venue(self.originator_id, self.timestamp)
            venue.calendar = SchoolCalendar()
            venue.rooms = {}
            return venue

        def apply(self, aggregate: Venue) -> None:
            aggregate.details = self.details

    class DetailsUpdated(DomainEvent, frozen=True, kw_only=True):
        details: VenueDetails

        def apply(self, aggregate: Venue) -> None:
            aggregate.details = self.details

    class CalendarSet(DomainEvent, frozen=True, kw_only=True):
        calendar: SchoolCalendar

        def apply(self, aggregate: Venue) -> None:
            aggregate.calendar = self.calendar

    class RoomAdded(DomainEvent, frozen=True, kw_only=True):
        room_id: UUID
        details: RoomDetails

        def apply(self, aggregate: Venue) -> None:
            room = Room(id=self.room_id, details=self.details)
            aggregate.rooms = {**aggregate.rooms, self.room_id: room}

    class RoomUpdated(DomainEvent, frozen=True, kw_only=True):
        room_id: UUID
        details: RoomDetails

        def apply(self, aggregate: Venue) -> None:
            room = aggregate.rooms[self.room_id]
            aggregate.rooms = {
                **aggregate.rooms,
                self.room_id: Room(
                    id=room.id, details=self.details, availability=room.availability
                ),
            }

    class AvailabilitySet(DomainEvent, frozen=True, kw_only=True):
        room_id: UUID
        rules: list[AvailabilityRule]

        def apply(self, aggregate: Venue) -> None:
            room = aggregate.rooms[self.room_id]
            aggregate.rooms = {
                **aggregate.rooms,
                self.room_id: Room(id=room.id, details=room.details, availability=self.rules),
            }

    @classmethod
    def register(cls, details: VenueDetails, *, id: UUID, actor: str) -> Venue:
        _check_details(details)
        return cls.start(cls.Registered, id=id, actor=actor, details=details)

    def update(self, details: VenueDetails, *, actor: str) -> bool:
        _check_details(details)
        if details == self.details:
            return False
        self.trigger(self.DetailsUpdated, actor=actor, details=details)
        return True

    def set_calendar(self, calendar: SchoolCalendar, *, actor: str) -> None:
        _check_calendar(calendar)
        self.trigger(self.CalendarSet, actor=actor, calendar=calendar)

    def add_room(self, room_id: UUID, details: RoomDetails, *, actor: str) -> None:
        self._check_room(room_id, details)
        self.trigger(self.RoomAdded, actor=actor, room_id=room_id, details=details)

    def update_room(self, room_id: UUID, details: RoomDetails, *, actor: str) -> None:
        if self.room(room_id).details.part_of != details.part_of:
            raise RuleViolationError(
                "A room cannot move into or out of another room: its bookings hang on it.",
                field="part_of",
            )
        self._check_room(room_id, details)
        self.trigger(self.RoomUpdated, actor=actor, room_id=room_id, details=details)

    def set_availability(self, room_id: UUID, rules: list[AvailabilityRule], *, actor: str) -> None:
        self.room(room_id)
        check_rules(rules)
        self.trigger(self.AvailabilitySet, actor=actor, room_id=room_id, rules=rules)

    # -- queries -------------------------------------------------------------------------

    def room(self, room_id: UUID) -> Room:
        room = self.rooms.get(room_id)
        if room is None:
            raise NotFoundError(f"Venue {self.id} has no room {room_id}.", field="room_id")
        return room

    def ancestors(self, room_id: UUID) -> list[UUID]:
        chain: list[UUID] = []
        parent = self.room(room_id).details.part_of
        while parent is not None:
            chain.append(parent)
            parent = self.rooms[parent].details.part_of
        return chain

    def root_of(self, room_id: UUID) -> UUID:
        chain = self.ancestors(room_id)
        return chain[-1] if chain else room_id

    def clashing_spaces(self, room_id: UUID) -> set[UUID]:
        """The room, the spaces it is part of, and its parts: booking one blocks the others."""
        related = {room_id, *self.ancestors(room_id)}
        related |= {r for r in self.rooms if room_id in self.ancestors(r)}
        return related

    def _check_room(self, room_id: UUID, details: RoomDetails) -> None:
        if not details.name.strip():
            raise RuleViolationError("A room needs a name.", field="name")
        if details.capacity < 1:
            raise RuleViolationError("A room holds at least one person.", field="capacity")
        parent = details.part_of
        if parent is not None:
            if parent not in self.rooms:
                raise RuleViolationError(
                    "A room can only be part of another room of this venue.", field="part_of"
                )
            if parent == room_id or (room_id in self.rooms and room_id in self.ancestors(parent)):
                raise RuleViolationError("A room cannot be part of itself.", field="part_of")
