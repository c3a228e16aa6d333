"""The bookings application: agencies request rooms; venues confirm, decline or cancel."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import NamedTuple, Protocol, TypeVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.persistence import IntegrityError

from services.bookings.access import (
    NOT_BOOKER,
    Side,
    cancelling_side,
    check_books_for,
    may_see,
)
from services.bookings.domain import (
    Booking,
    Diary,
    check_dates,
    check_series,
    check_slots,
    diary_id,
)
from services.bookings.model import BookingDetails, Slot, SlotConflict, SlotState
from services.bookings.review import Review, Standing, explain, review_of, skipped_weeks
from services.bookings.rules import check_booking, skip_reason, unavailable
from services.shared.application import MsgspecApplication
from services.shared.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RuleViolationError,
    SignpostError,
)
from services.shared.localtime import instant
from services.venues.access import Actor, check_manages
from services.venues.calendar import open_windows, subtract
from services.venues.domain import Venue

T = TypeVar("T")
MAX_ATTEMPTS = 30


class VenueSource(Protocol):
    """Where the bookings context reads a venue's current rules (the venues application)."""

    def get_venue(self, venue_id: UUID) -> Venue: ...


class ServiceSource(Protocol):
    """Where the bookings context checks the catalogue service a booking names (the catalogue)."""

    def organisation_of_service(self, service_id: UUID) -> UUID | None:
        """The organisation of the service if it exists and is not withdrawn, else None."""
        ...


class Names(Protocol):
    """What the lettings pages call an organisation or a catalogue service (the catalogue)."""

    def organisation_name(self, organisation_id: UUID) -> str | None: ...

    def service_name(self, service_id: UUID) -> str | None: ...


class Skip(msgspec.Struct, frozen=True, kw_only=True):
    """A week a series leaves out, and why ("bank holiday (Easter Monday)")."""

    day: dt.date
    reason: str


class RequestOutcome(msgspec.Struct, frozen=True, kw_only=True):
    booking_id: UUID
    slots: list[Slot]
    conflicts: list[SlotConflict]  # slots already taken by confirmed bookings, slot by slot
    skipped: list[dt.date] = msgspec.field(default_factory=list)  # series days not available
    skips: list[Skip] = msgspec.field(default_factory=list)  # the same days, with the reason
    clashes: list[str] = msgspec.field(default_factory=list)  # the conflicts, in words


class FreeTime(msgspec.Struct, frozen=True, kw_only=True):
    day: dt.date
    starts: dt.time
    ends: dt.time


def describe(clashes: list[str]) -> str:
    more = f" (and {len(clashes) - 1} more clashes)" if len(clashes) > 1 else ""
    return f"{clashes[0]}{more}."


class Decided(NamedTuple):
    """A decision on a booking's slots: the booking as saved and the slots it changed."""

    booking: Booking
    slots: list[int]


Check = Callable[[Booking], None]
"""Refuses (raises) when the acting principal may not decide on the loaded booking."""


def _anyone(booking: Booking) -> None:
    """The lower-level methods' callers have checked who acts already."""


def _manager(by: Actor) -> Check:
    def check(booking: Booking) -> None:
        check_manages(by, booking.details.venue_id)

    return check


def _venue(booking: Booking) -> bool:
    """The venue's side cancels (the caller has decided who acts)."""
    return True


class Bookings(MsgspecApplication):
    """Bookings of rooms and the per-day diaries that make double booking impossible."""

    name = "bookings"

    def __init__(
        self,
        venues: VenueSource,
        env: dict[str, str] | None = None,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        services: ServiceSource | None = None,
        names: Names | None = None,
    ) -> None:
        super().__init__(env=env)
        self.venues = venues
        self.services = services
        self.names = names
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.retries = 0  # optimistic-concurrency retries, for the benchmark

    # -- the use cases every way in calls, deciding by the acting principal ------------------

    def request(
        self,
        details: BookingDetails,
        slots: list[Slot],
        weekly_until: dt.date | None = None,
        *,
        by: Actor,
    ) -> RequestOutcome:
        """A booker of the organisation (or an admin) asks for the slots, or, when the request
        names its last day, for a weekly series from its one slot."""
        check_books_for(by, details.organisation_id)
        if weekly_until is None:
            return self.request_booking(details, slots, actor=by.name)
        if len(slots) != 1:
            # a malformed request rather than a broken rule: the ways in answer 400
            raise SignpostError("A weekly series starts from one slot.", field="slots")
        return self.request_series(details, slots[0], weekly_until, actor=by.name)

    def cancel(
        self, booking_id: UUID, slots: list[int] | None, reason: str, *, by: Actor
    ) -> Decided:
        """The venue's manager cancels for the venue, else the organisation's booker for
        itself; anyone else is refused (ForbiddenError)."""

        def by_venue(booking: Booking) -> bool:
            return cancelling_side(by, booking.details) is Side.VENUE

        return self._retrying(lambda: self._cancel(booking_id, slots, reason, by.name, by_venue))

    def confirm(self, booking_id: UUID, slots: list[int] | None, *, by: Actor) -> Decided:
        """The venue's manager (or an admin) confirms the slots; anyone else is refused."""
        return self._retrying(lambda: self._confirm(booking_id, slots, by.name, _manager(by)))

    def decline(
        self, booking_id: UUID, slots: list[int] | None, reason: str, *, by: Actor
    ) -> Decided:
        """The venue's manager (or an admin) declines the slots; anyone else is refused."""
        return self._retrying(
            lambda: self._decline(booking_id, slots, reason, by.name, _manager(by))
        )

    def booking_for(self, booking_id: UUID, *, by: Actor) -> Booking:
        """The booking, for the venue's managers and the organisation's bookers only."""
        booking = self.get_booking(booking_id)
        if not may_see(by, booking.details):
            raise ForbiddenError(NOT_BOOKER)
        return booking

    # -- booker ----------------------------------------------------------------------------

    def request_booking(
        self, details: BookingDetails, slots: list[Slot], *, actor: str
    ) -> RequestOutcome:
        """Records the request if the rules allow it; clashes with confirmed lets are reported."""
        check_slots(slots)
        check_dates(details)
        self._check_service(details)
        venue = self.venues.get_venue(details.venue_id)
        now = self.clock()
        for i, slot in enumerate(slots):
            if instant(slot.day, slot.starts) < now:
                raise RuleViolationError(
                    f"{slot.day:%a %d %b %Y} {slot.starts:%H:%M} has already passed.",
                    field=f"slots[{i}]",
                )
        check_booking(venue, details, slots)
        booking = Booking.request(details, slots, id=uuid4(), actor=actor)
        self.save(booking)
        conflicts = self.conflicts(venue, details.room_id, booking.slots)
        return RequestOutcome(
            booking_id=booking.id,
            slots=booking.slots,
            conflicts=conflicts,
            clashes=self.explain(venue, conflicts),
        )

    def request_series(
        self, details: BookingDetails, first: Slot, until: dt.date, *, actor: str
    ) -> RequestOutcome:
        """A weekly series from the first slot's day until the given day; days the room cannot
        be let (closures, bank holidays, outside its rules) are skipped and reported."""
        check_slots([first])
        check_series(first.day, until)
        check_dates(details)
        self._check_service(details)
        venue = self.venues.get_venue(details.venue_id)
        wanted: list[Slot] = []
        skips: list[Skip] = []
        day = first.day
        while day <= until:
            slot = Slot(day=day, starts=first.starts, ends=first.ends)
            reason = skip_reason(venue, details.room_id, slot)
            if reason:
                skips.append(Skip(day=day, reason=reason))
            else:
                wanted.append(slot)
            day += dt.timedelta(days=7)
        if not wanted:
            why = "; ".join(f"{s.day:%a %-d %b}: {s.reason}" for s in skips[:3])
            raise RuleViolationError(
                f"The room cannot be let on any day of this series ({why}).", field="slots"
            )
        outcome = self.request_booking(
            msgspec.structs.replace(details, weekly_until=until, weekly_from=first.day),
            wanted,
            actor=actor,
        )
        return msgspec.structs.replace(outcome, skipped=[s.day for s in skips], skips=skips)

    def cancel_by_booker(
        self,
        booking_id: UUID,
        organisation_id: UUID,
        slots: list[int] | None,
        reason: str,
        *,
        actor: str,
    ) -> list[int]:
        def by_venue(booking: Booking) -> bool:
            if booking.details.organisation_id != organisation_id:
                raise NotFoundError(f"No booking {booking_id} for this organisation.")
            return False

        return self._retrying(
            lambda: self._cancel(booking_id, slots, reason, actor, by_venue)
        ).slots

    # -- venue manager -----------------------------------------------------------------------

    def confirm_booking(
        self, booking_id: UUID, slots: list[int] | None = None, *, actor: str
    ) -> list[int]:
        """Confirms the slots (all pending ones by default) all together, or none: a clash
        raises ConflictError naming each clashing slot and the confirmed booking it meets."""
        return self._retrying(lambda: self._confirm(booking_id, slots, actor)).slots

    def decline_booking(
        self, booking_id: UUID, slots: list[int] | None, reason: str, *, actor: str
    ) -> list[int]:
        return self._retrying(lambda: self._decline(booking_id, slots, reason, actor)).slots

    def cancel_by_venue(
        self, booking_id: UUID, slots: list[int] | None, reason: str, *, actor: str
    ) -> list[int]:
        return self._retrying(lambda: self._cancel(booking_id, slots, reason, actor, _venue)).slots

    # -- queries -----------------------------------------------------------------------------

    def get_booking(self, booking_id: UUID) -> Booking:
        return self.load(booking_id, Booking, "booking", field="booking_id")

    def diary(self, root_id: UUID, day: dt.date) -> Diary | None:
        return self.find(diary_id(root_id, day), Diary)

    def conflicts(self, venue: Venue, room_id: UUID, slots: list[Slot]) -> list[SlotConflict]:
        """Which of these slots clash with confirmed lets, read from the diaries themselves."""
        root, spaces = venue.root_of(room_id), venue.clashing_spaces(room_id)
        buffer = dt.timedelta(minutes=venue.details.conditions.buffer_minutes)
        found: list[SlotConflict] = []
        diaries: dict[dt.date, Diary | None] = {}
        for i, slot in enumerate(slots):
            if slot.day not in diaries:
                diaries[slot.day] = self.diary(root, slot.day)
            diary = diaries[slot.day]
            if diary is None:
                continue
            found += [
                e.blocks(i, slot) for e in diary.clashes(spaces, slot.starts, slot.ends, buffer)
            ]
        return found

    def explain(self, venue: Venue, conflicts: list[SlotConflict]) -> list[str]:
        """Each clash in words: the slot, and whose confirmed let is in its way, when and where
        ("Wed 31 Mar 2027 10:00-12:00 clashes with Sunrise Youth, confirmed in Hall 09:00-11:00
        (Holiday club)")."""
        return explain(venue, conflicts, self._found, self.organisation_name)

    def review(self, booking: Booking) -> Review:
        """What the venue manager weighs before confirming: who, for what, their declarations
        against the venue's conditions, and each pending slot's clashes in words."""
        venue = self.venues.get_venue(booking.details.venue_id)
        pending = [i for i, st in enumerate(booking.states) if st == SlotState.PENDING]
        conflicts = [
            c
            for c in self.conflicts(venue, booking.details.room_id, booking.slots)
            if c.slot in pending
        ]
        service = booking.details.service_id
        return review_of(
            venue,
            booking,
            organisation=self.organisation_name(booking.details.organisation_id),
            service=self.service_name(service) if service else None,
            clashes=dict(
                zip([c.slot for c in conflicts], self.explain(venue, conflicts), strict=True)
            ),
        )

    def standing(self, booking: Booking) -> Standing:
        """For the booker: the weeks its series left out and why, and which pending sessions
        already clash with a confirmed let."""
        venue = self.venues.get_venue(booking.details.venue_id)
        first = booking.slots[0]

        def reason(day: dt.date) -> str | None:
            slot = Slot(day=day, starts=first.starts, ends=first.ends)
            return skip_reason(venue, booking.details.room_id, slot)

        pending = [i for i, st in enumerate(booking.states) if st == SlotState.PENDING]
        taken = {
            c.slot: "the room is already let then; the venue is likely to decline this session"
            for c in self.conflicts(venue, booking.details.room_id, booking.slots)
            if c.slot in pending
        }
        return Standing(skipped=skipped_weeks(booking, reason), taken=taken)

    def _found(self, booking_id: UUID) -> Booking | None:
        return self.find(booking_id, Booking)

    def organisation_name(self, organisation_id: UUID) -> str:
        found = self.names.organisation_name(organisation_id) if self.names else None
        return found or f"organisation {str(organisation_id)[:8]}"

    def service_name(self, service_id: UUID) -> str:
        found = self.names.service_name(service_id) if self.names else None
        return found or f"service {str(service_id)[:8]}"

    def slot_is_free(self, venue: Venue, room_id: UUID, slot: Slot) -> bool:
        """May be let then, and no confirmed let of it (or its hall, or its halves) is near."""
        if unavailable(venue, room_id, slot):
            return False
        return not self.conflicts(venue, room_id, [slot])

    def free_times(
        self, venue_id: UUID, room_id: UUID, first: dt.date, last: dt.date
    ) -> list[FreeTime]:
        """When the room may be let and nothing confirmed (with the buffer) is in the way."""
        venue = self.venues.get_venue(venue_id)
        room, root = venue.room(room_id), venue.root_of(room_id)
        spaces = venue.clashing_spaces(room_id)
        buffer = dt.timedelta(minutes=venue.details.conditions.buffer_minutes)
        free: list[FreeTime] = []
        day = first
        while day <= last:
            windows = open_windows(room.availability, day, venue.calendar, venue.details.nation)
            diary = self.diary(root, day) if windows else None
            taken = [
                (_shift(day, e.starts, -buffer), _shift(day, e.ends, buffer))
                for e in (diary.entries if diary else [])
                if e.room_id in spaces
            ]
            free.extend(
                FreeTime(day=day, starts=o, ends=c) for o, c in subtract(windows, taken) if o < c
            )
            day += dt.timedelta(days=1)
        return free

    # -- plumbing ----------------------------------------------------------------------------

    def _check_service(self, details: BookingDetails) -> None:
        """A booking names one of its organisation's live catalogue services, or none: its
        confirmed sessions are shown on that service's public page."""
        if details.service_id is None:
            return
        owner = self.services.organisation_of_service(details.service_id) if self.services else None
        if owner != details.organisation_id:
            raise RuleViolationError(
                "Name one of your organisation's services in the catalogue, or none.",
                field="service_id",
            )

    # -- one attempt each: load the booking once, check who acts, decide, save once -----------

    def _confirm(
        self, booking_id: UUID, slots: list[int] | None, actor: str, check: Check = _anyone
    ) -> Decided:
        booking = self.get_booking(booking_id)
        check(booking)
        chosen = booking.pick(slots, SlotState.PENDING)
        if not chosen:
            return Decided(booking, [])
        venue = self.venues.get_venue(booking.details.venue_id)
        room_id = booking.details.room_id
        check_booking(venue, booking.details, [booking.slots[i] for i in chosen])
        root, spaces = venue.root_of(room_id), venue.clashing_spaces(room_id)
        buffer = dt.timedelta(minutes=venue.details.conditions.buffer_minutes)
        by_day: dict[dt.date, list[tuple[int, Slot, UUID, set[UUID]]]] = {}
        for i in chosen:
            slot = booking.slots[i]
            by_day.setdefault(slot.day, []).append((i, slot, room_id, spaces))
        diaries: list[Diary] = []
        conflicts: list[SlotConflict] = []
        for day, wanted in by_day.items():
            diary = self.diary(root, day) or Diary.open(root, day, actor=actor)
            conflicts += diary.enter(booking.id, wanted, buffer, actor=actor)
            diaries.append(diary)
        if any(c.conflicting_booking_id == booking.id for c in conflicts):
            # The diary already holds this booking: another writer confirmed it after we read
            # it. Our copy is stale, as after a lost race: reload and decide again.
            raise IntegrityError(f"booking {booking.id} changed while it was being confirmed")
        if conflicts:
            clashes = self.explain(venue, conflicts)
            raise ConflictError(describe(clashes), field="slots", detail=conflicts)
        booking.confirm(chosen, actor=actor)
        self.save(booking, *diaries)
        return Decided(booking, chosen)

    def _decline(
        self,
        booking_id: UUID,
        slots: list[int] | None,
        reason: str,
        actor: str,
        check: Check = _anyone,
    ) -> Decided:
        booking = self.get_booking(booking_id)
        check(booking)
        chosen = booking.pick(slots, SlotState.PENDING)
        booking.decline(chosen, reason, actor=actor)
        self.save(booking)
        return Decided(booking, chosen)

    def _cancel(
        self,
        booking_id: UUID,
        slots: list[int] | None,
        reason: str,
        actor: str,
        by_venue: Callable[[Booking], bool],
    ) -> Decided:
        """`by_venue` says which side cancels, refusing anyone who may not."""
        booking = self.get_booking(booking_id)
        venue_side = by_venue(booking)
        chosen = booking.pick(slots, SlotState.PENDING, SlotState.CONFIRMED)
        venue = self.venues.get_venue(booking.details.venue_id)
        root = venue.root_of(booking.details.room_id)
        diaries: list[Diary] = []
        for day in sorted({booking.slots[i].day for i in chosen}):
            mine = [
                i
                for i in chosen
                if booking.slots[i].day == day and booking.states[i] == SlotState.CONFIRMED
            ]
            diary = self.diary(root, day) if mine else None
            if diary is not None:
                diary.release(booking.id, mine, actor=actor)
                diaries.append(diary)
        booking.cancel(chosen, reason or "Cancelled", by_venue=venue_side, actor=actor)
        self.save(booking, *diaries)
        return Decided(booking, chosen)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """Reloads and decides again when a racing writer saved first."""
        for n in range(MAX_ATTEMPTS):
            try:
                return attempt()
            except IntegrityError:
                self.retries += 1
                time.sleep(random.uniform(0, 0.002 * (n + 1)))
        raise ConflictError("The room is very busy right now; please try again.")


def _shift(day: dt.date, at: dt.time, by: dt.timedelta) -> dt.time:
    moved = dt.datetime.combine(day, at) + by
    if moved.date() < day:
        return dt.time.min
    if moved.date() > day:
        return dt.time.max
    return moved.time()
