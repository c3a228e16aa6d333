"""The venues application: schools publish rooms, availability rules and their calendar (where
they are is a read model, projections/places.py)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from services.shared.application import MsgspecApplication
from services.shared.errors import ConflictError
from services.venues.access import Actor, check_manages, check_registers
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


class AddedRoom(NamedTuple):
    venue: Venue  # as saved
    room_id: UUID


class Venues(MsgspecApplication):
    """Venues and their rooms; every change is an event with its actor.

    Each change loads the venue once, refuses an actor who may not manage it (ForbiddenError,
    after NotFoundError for an unknown venue), applies one command and saves once; it returns
    the venue as saved, for the way in to show.
    """

    name = "venues"

    def register_venue(self, details: VenueDetails, *, by: Actor) -> Venue:
        """An admin registers a venue."""
        check_registers(by)
        venue = Venue.register(details, id=uuid4(), actor=by.name)
        self._save(venue)
        return venue

    def managed_venue(self, venue_id: UUID, *, by: Actor) -> Venue:
        """The venue (NotFoundError if unknown), if `by` manages it (else ForbiddenError)."""
        venue = self.get_venue(venue_id)
        check_manages(by, venue_id)
        return venue

    def update_venue(self, venue_id: UUID, details: VenueDetails, *, by: Actor) -> Venue:
        venue = self.managed_venue(venue_id, by=by)
        venue.update(details, actor=by.name)
        return self._saved(venue)

    def set_calendar(self, venue_id: UUID, calendar: SchoolCalendar, *, by: Actor) -> Venue:
        venue = self.managed_venue(venue_id, by=by)
        venue.set_calendar(calendar, actor=by.name)
        return self._saved(venue)

    def import_calendar(self, venue_id: UUID, ical: bytes | str, *, by: Actor) -> Venue:
        """Replaces the venue's term dates, holidays and closures with those of an iCal file
        (ValueError if it is not one)."""
        venue = self.managed_venue(venue_id, by=by)
        venue.set_calendar(calendar_from_ical(ical), actor=by.name)
        return self._saved(venue)

    def add_period(self, venue_id: UUID, kind: str, period: Period, *, by: Actor) -> Venue:
        """Adds a term, holiday or closure (kind: terms, holidays or closures)."""
        venue = self.managed_venue(venue_id, by=by)
        venue.set_calendar(with_period(venue.calendar, kind, period), actor=by.name)
        return self._saved(venue)

    def remove_period(self, venue_id: UUID, kind: str, index: int, *, by: Actor) -> Venue:
        venue = self.managed_venue(venue_id, by=by)
        venue.set_calendar(without_period(venue.calendar, kind, index), actor=by.name)
        return self._saved(venue)

    def add_room(self, venue_id: UUID, details: RoomDetails, *, by: Actor) -> AddedRoom:
        venue = self.managed_venue(venue_id, by=by)
        room_id = uuid4()
        venue.add_room(room_id, details, actor=by.name)
        return AddedRoom(self._saved(venue), room_id)

    def update_room(
        self, venue_id: UUID, room_id: UUID, details: RoomDetails, *, by: Actor
    ) -> Venue:
        venue = self.managed_venue(venue_id, by=by)
        venue.update_room(room_id, details, actor=by.name)
        return self._saved(venue)

    def set_availability(
        self, venue_id: UUID, room_id: UUID, rules: list[AvailabilityRule], *, by: Actor
    ) -> Venue:
        venue = self.managed_venue(venue_id, by=by)
        venue.set_availability(room_id, rules, actor=by.name)
        return self._saved(venue)

    def preview_opening(
        self,
        venue_id: UUID,
        room_id: UUID,
        rules: list[AvailabilityRule],
        first: dt.date,
        days: int = 14,
        *,
        by: Actor,
    ) -> list[OpenDay]:
        """What these rules would open, day by day, before they are saved (bookings aside)."""
        venue = self.managed_venue(venue_id, by=by)
        venue.room(room_id)
        check_rules(rules)
        return opening(venue, rules, first, days)

    def get_venue(self, venue_id: UUID) -> Venue:
        return self.load(venue_id, Venue, "venue", field="venue_id")

    def _saved(self, venue: Venue) -> Venue:
        self._save(venue)
        return venue

    def _save(self, *aggregates: Venue) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                "Someone else changed this venue at the same time. Reload it and try again."
            ) from None
