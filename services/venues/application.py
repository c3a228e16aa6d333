"""The venues application: schools publish rooms, availability rules and their calendar (where
they are is a read model, projections/places.py)."""

from __future__ import annotations

from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from services.shared.application import MsgspecApplication
from services.shared.errors import ConflictError
from services.venues.calendar import calendar_from_ical
from services.venues.domain import Venue
from services.venues.model import AvailabilityRule, RoomDetails, SchoolCalendar, VenueDetails


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
