"""The venues application: schools publish rooms, availability rules and their calendar (where
they are is a read model, projections/places.py)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from services.shared.application import MsgspecApplication
from services.shared.errors import ConflictError
from services.venues.calendar import calendar_from_ical
from services.venues.domain import Venue, check_rules
from services.venues.model import (
    AvailabilityRule,
    Period,
    RoomDetails,
    SchoolCalendar,
    VenueDetails,
)
from services.venues.opening import OpenDay, opening, with_period, without_period


class Venues(MsgspecApplication):
    """Venues and their rooms; every change is an event with its actor."""

    name = "venues"

    def register_venue(self, details: VenueDetails, *, actor: str) -> UUID:
        venue = Venue.register(details, id=uuid4(), actor=actor)
        self._save(venue)
        return venue.id

    def update_venue(self, venue_id: UUID, details: VenueDetails, *, actor: str) -> bool:
        venue = self.get_venue(venue_id)
        changed = venue.update(details, actor=actor)
        self._save(venue)
        return changed

    def set_calendar(self, venue_id: UUID, calendar: SchoolCalendar, *, actor: str) -> None:
        venue = self.get_venue(venue_id)
        venue.set_calendar(calendar, actor=actor)
        self._save(venue)

    def add_period(self, venue_id: UUID, kind: str, period: Period, *, actor: str) -> None:
        """Adds a term, holiday or closure (kind: terms, holidays or closures)."""
        venue = self.get_venue(venue_id)
        venue.set_calendar(with_period(venue.calendar, kind, period), actor=actor)
        self._save(venue)

    def remove_period(self, venue_id: UUID, kind: str, index: int, *, actor: str) -> None:
        venue = self.get_venue(venue_id)
        venue.set_calendar(without_period(venue.calendar, kind, index), actor=actor)
        self._save(venue)

    def preview_opening(
        self,
        venue_id: UUID,
        room_id: UUID,
        rules: list[AvailabilityRule],
        first: dt.date,
        days: int = 14,
    ) -> list[OpenDay]:
        """What these rules would open, day by day, before they are saved (bookings aside)."""
        venue = self.get_venue(venue_id)
        venue.room(room_id)
        check_rules(rules)
        return opening(venue, rules, first, days)

    def import_calendar(self, venue_id: UUID, ical: bytes | str, *, actor: str) -> SchoolCalendar:
        """Replaces the venue's term dates, holidays and closures with those of an iCal file."""
        calendar = calendar_from_ical(ical)
        self.set_calendar(venue_id, calendar, actor=actor)
        return calendar

    def add_room(self, venue_id: UUID, details: RoomDetails, *, actor: str) -> UUID:
        venue = self.get_venue(venue_id)
        room_id = uuid4()
        venue.add_room(room_id, details, actor=actor)
        self._save(venue)
        return room_id

    def update_room(
        self, venue_id: UUID, room_id: UUID, details: RoomDetails, *, actor: str
    ) -> None:
        venue = self.get_venue(venue_id)
        venue.update_room(room_id, details, actor=actor)
        self._save(venue)

    def set_availability(
        self, venue_id: UUID, room_id: UUID, rules: list[AvailabilityRule], *, actor: str
    ) -> None:
        venue = self.get_venue(venue_id)
        venue.set_availability(room_id, rules, actor=actor)
        self._save(venue)

    def get_venue(self, venue_id: UUID) -> Venue:
        return self.load(venue_id, Venue, "venue", field="venue_id")

    def _save(self, *aggregates: Venue) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                "Someone else changed this venue at the same time. Reload it and try again."
            ) from None
