"""The Booking aggregate and the Diary: one per top-level space per day, holding confirmed lets."""

from __future__ import annotations

import datetime as dt
import itertools
from uuid import UUID, uuid5

import msgspec

from services.bookings.model import BookingDetails, Slot, SlotConflict, SlotState
from services.shared.dates import check_day
from services.shared.errors import RuleViolationError
from services.shared.events import Aggregate, DomainEvent
from services.shared.localtime import exists_locally, instant

MAX_SERIES_WEEKS = 52


def check_series(first: dt.date, until: dt.date) -> None:
    """A weekly series ends on or after its first day, at most 52 weeks later."""
    check_day(until, "weekly_until")
    if until < first:
        raise RuleViolationError(
            "A weekly series cannot end before its first day.", field="weekly_until"
        )
    if until > first + dt.timedelta(weeks=MAX_SERIES_WEEKS):
        raise RuleViolationError(
            f"A weekly series can run for at most {MAX_SERIES_WEEKS} weeks: until "
            f"{first + dt.timedelta(weeks=MAX_SERIES_WEEKS)} at the latest.",
            field="weekly_until",
        )


def check_dates(details: BookingDetails) -> None:
    decl = details.declarations
    for name in ("dbs_expires", "insurance_expires"):
        day = getattr(decl, name)
        if day is not None:
            check_day(day, f"declarations.{name}")
    if details.weekly_until is not None:
        check_day(details.weekly_until, "weekly_until")


def check_slots(slots: list[Slot]) -> None:
    if not slots:
        raise RuleViolationError("A booking needs at least one slot.", field="slots")
    for i, s in enumerate(slots):
        check_day(s.day, f"slots[{i}].day")
        if s.starts >= s.ends:
            raise RuleViolationError("A slot must end after it starts.", field=f"slots[{i}].ends")
        if not (exists_locally(s.day, s.starts) and exists_locally(s.day, s.ends)):
            raise RuleViolationError(
                f"{s.day} has no {s.starts:%H:%M}-{s.ends:%H:%M} in Europe/London: "
                "the clocks go forward.",
                field=f"slots[{i}]",
            )
    ordered = sorted(slots)
    for a, b in itertools.pairwise(ordered):
        if a.day == b.day and b.starts < a.ends:
            raise RuleViolationError("A booking's own slots overlap.", field="slots")


class Booking(Aggregate):
    """An agency's request for a room, for one slot or a weekly series, decided slot by slot."""

    details: BookingDetails
    slots: list[Slot]
    states: list[SlotState]
    reasons: dict[int, str]
    actor_of_request: str

    class Requested(DomainEvent, frozen=True, kw_only=True):
        details: BookingDetails
        slots: list[Slot]

        def construct(self) -> Booking:
            booking = Booking(self.originator_id, self.timestamp)
            booking.reasons = {}
            return booking

        def apply(self, aggregate: Booking) -> None:
            aggregate.details = self.details
            aggregate.slots = list(self.slots)
            aggregate.states = [SlotState.PENDING] * len(self.slots)
            aggregate.actor_of_request = self.actor

    class Confirmed(DomainEvent, frozen=True, kw_only=True):
        slots: list[int]

        def apply(self, aggregate: Booking) -> None:
            aggregate._set(self.slots, SlotState.CONFIRMED, None)

    class Declined(DomainEvent, frozen=True, kw_only=True):
        slots: list[int]
        reason: str

        def apply(self, aggregate: Booking) -> None:
            aggregate._set(self.slots, SlotState.DECLINED, self.reason)

    class Cancelled(DomainEvent, frozen=True, kw_only=True):
        slots: list[int]
        reason: str
        by_venue: bool

        def apply(self, aggregate: Booking) -> None:
            aggregate._set(self.slots, SlotState.CANCELLED, self.reason)

    def _set(self, slots: list[int], state: SlotState, reason: str | None) -> None:
        states = list(self.states)
        reasons = dict(self.reasons)
        for i in slots:
            states[i] = state
            if reason is not None:
                reasons[i] = reason
        self.states, self.reasons = states, reasons

    @classmethod
    def request(
        cls, details: BookingDetails, slots: list[Slot], *, id: UUID, actor: str
    ) -> Booking:
        if not details.purpose.strip():
            raise RuleViolationError("Say what the room is for.", field="purpose")
        if details.attendees < 1:
            raise RuleViolationError("A booking is for at least one person.", field="attendees")
        check_slots(slots)
        check_dates(details)
        return cls.start(cls.Requested, id=id, actor=actor, details=details, slots=sorted(slots))

    def pick(self, slots: list[int] | None, *states: SlotState) -> list[int]:
        """The chosen slot numbers (all in the given states when none are named)."""
        if slots is None:
            return [i for i, s in enumerate(self.states) if s in states]
        for i in slots:
            if not 0 <= i < len(self.slots):
                raise RuleViolationError(f"This booking has no slot {i}.", field="slots")
            if self.states[i] not in states:
                raise RuleViolationError(
                    f"Slot {i} is {self.states[i]}, not {' or '.join(states)}.", field="slots"
                )
        return sorted(set(slots))

    def confirm(self, slots: list[int], *, actor: str) -> None:
        if slots:
            self.trigger(self.Confirmed, actor=actor, slots=slots)

    def decline(self, slots: list[int], reason: str, *, actor: str) -> None:
        if not reason.strip():
            raise RuleViolationError("Say why the request is declined.", field="reason")
        if slots:
            self.trigger(self.Declined, actor=actor, slots=slots, reason=reason)

    def cancel(self, slots: list[int], reason: str, *, by_venue: bool, actor: str) -> None:
        if slots:
            self.trigger(self.Cancelled, actor=actor, slots=slots, reason=reason, by_venue=by_venue)


class DiaryEntry(msgspec.Struct, frozen=True, kw_only=True):
    booking_id: UUID
    slot: int
    room_id: UUID
    starts: dt.time
    ends: dt.time

    def blocks(self, index: int, slot: Slot) -> SlotConflict:
        """Slot `index` of a booking, refused because this confirmed entry is in its way."""
        return SlotConflict(
            slot=index,
            day=slot.day,
            starts=slot.starts,
            ends=slot.ends,
            conflicting_booking_id=self.booking_id,
            conflicting_slot=self.slot,
            conflicting_room_id=self.room_id,
        )


def diary_id(root_space_id: UUID, day: dt.date) -> UUID:
    return uuid5(root_space_id, day.isoformat())


class Diary(Aggregate):
    """The confirmed lets of one top-level space (a hall and its halves) on one day.

    Confirming saves the booking with every diary it touches in one go, so a racing writer
    that read an older diary fails on the event store's version check and decides again.
    """

    root_id: UUID
    day: dt.date
    entries: list[DiaryEntry]

    class Opened(DomainEvent, frozen=True, kw_only=True):
        root_id: UUID
        day: dt.date

        def construct(self) -> Diary:
            diary = Diary(self.originator_id, self.timestamp)
            diary.entries = []
            return diary

        def apply(self, aggregate: Diary) -> None:
            aggregate.root_id = self.root_id
            aggregate.day = self.day

    class Entered(DomainEvent, frozen=True, kw_only=True):
        entries: list[DiaryEntry]

        def apply(self, aggregate: Diary) -> None:
            aggregate.entries = [*aggregate.entries, *self.entries]

    class Released(DomainEvent, frozen=True, kw_only=True):
        booking_id: UUID
        slots: list[int]

        def apply(self, aggregate: Diary) -> None:
            gone = set(self.slots)
            aggregate.entries = [
                e
                for e in aggregate.entries
                if not (e.booking_id == self.booking_id and e.slot in gone)
            ]

    @classmethod
    def open(cls, root_id: UUID, day: dt.date, *, actor: str) -> Diary:
        return cls.start(
            cls.Opened, id=diary_id(root_id, day), actor=actor, root_id=root_id, day=day
        )

    def clashes(
        self, spaces: set[UUID], starts: dt.time, ends: dt.time, buffer: dt.timedelta
    ) -> list[DiaryEntry]:
        """Entries in these spaces closer than the buffer; back-to-back is fine without one."""
        a0, a1 = instant(self.day, starts), instant(self.day, ends)
        return [
            e
            for e in self.entries
            if e.room_id in spaces
            and a0 < instant(self.day, e.ends) + buffer
            and instant(self.day, e.starts) < a1 + buffer
        ]

    def enter(
        self,
        booking_id: UUID,
        wanted: list[tuple[int, Slot, UUID, set[UUID]]],
        buffer: dt.timedelta,
        *,
        actor: str,
    ) -> list[SlotConflict]:
        """Enters the slots if none clashes (with this diary or each other), else says which do."""
        conflicts: list[SlotConflict] = []
        accepted: list[DiaryEntry] = []
        for index, slot, room_id, spaces in wanted:
            conflicts += [
                e.blocks(index, slot) for e in self.clashes(spaces, slot.starts, slot.ends, buffer)
            ]
            accepted.append(
                DiaryEntry(
                    booking_id=booking_id,
                    slot=index,
                    room_id=room_id,
                    starts=slot.starts,
                    ends=slot.ends,
                )
            )
        if not conflicts and accepted:
            self.trigger(self.Entered, actor=actor, entries=accepted)
        return conflicts

    def release(self, booking_id: UUID, slots: list[int], *, actor: str) -> None:
        mine = {e.slot for e in self.entries if e.booking_id == booking_id}
        gone = sorted(mine & set(slots))
        if gone:
            self.trigger(self.Released, actor=actor, booking_id=booking_id, slots=gone)
