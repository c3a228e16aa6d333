"""The venues application: schools publish rooms, availability rules and their calendar."""

from __future__ import annotations

import math
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from services.shared.application import MsgspecApplication
from services.shared.errors import ConflictError
from services.shared.reading import events_of_type
from services.venues.calendar import calendar_from_ical
from services.venues.domain import Venue
from services.venues.model import AvailabilityRule, RoomDetails, SchoolCalendar, VenueDetails


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


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

    def venue_ids(self) -> list[UUID]:
        """Every venue ever registered, oldest first (read from the notification log)."""
        return [e.originator_id for e in events_of_type(self, Venue.Registered)]

    def venues_near(self, lat: float, lon: float, radius_km: float) -> list[tuple[Venue, float]]:
        """Venues with a position within the radius, nearest first, with their distance."""
        found: list[tuple[Venue, float]] = []
        for venue_id in self.venue_ids():
            venue = self.get_venue(venue_id)
            pos = venue.details.position
            if pos is None:
                continue
            km = distance_km(lat, lon, pos.lat, pos.lon)
            if km <= radius_km:
                found.append((venue, km))
        return sorted(found, key=lambda pair: pair[1])

    def _save(self, *aggregates: Venue) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                "Someone else changed this venue at the same time. Reload it and try again."
            ) from None
