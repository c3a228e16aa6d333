"""How school buildings are used, for commissioners: hours rooms may be let (from the venues'
rules and calendars) and hours let (confirmed bookings), by venue, room, week and season, with
bookings' hours by agency and service and declined requests by reason."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any, ClassVar
from uuid import UUID

import msgspec
from eventsourcing.persistence import Tracking

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.recent import RecentAggregates
from services.bookings.application import Bookings
from services.bookings.domain import Booking
from services.bookings.model import SlotState
from services.venues.calendar import open_windows, season_of
from services.venues.domain import Venue
from services.venues.model import SchoolCalendar

HORIZON_DAYS = 400  # open hours are kept at least this far either side of a venue's latest change
CALENDAR_DAYS = 3653  # and over the latest ten years of its calendar's terms and holidays,
AHEAD_DAYS = 1827  # up to five years ahead of the change
SUMMER_DAYS = 120  # a gap between a calendar's periods no longer than this is a holiday in it
Key = tuple[str, ...]


def week_of(day: dt.date) -> str:
    return (day - dt.timedelta(day.weekday())).isoformat()


def _minutes(starts: dt.time, ends: dt.time) -> int:
    return (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)


def _minutes_by_room_and_week(name: str) -> Table:
    """Minutes per room, week (its Monday) and season: open or let, summed by the pages."""
    return Table(
        name=name,
        columns={
            "venue_id": "text",
            "room_id": "text",
            "week": "text",
            "season": "text",
            "minutes": "int",
        },
        key=("venue_id", "room_id", "week", "season"),
        indexes=(("week", "venue_id", "room_id", "season", "minutes"),),
    )


def kept_spans(calendar: SchoolCalendar, changed: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The runs of days (whole weeks, first and last day) whose open hours are kept:
    `HORIZON_DAYS` either side of the change, and the calendar's school years (its terms and
    holidays with the gaps between them up to `SUMMER_DAYS`; the latest `CALENDAR_DAYS`, no
    further ahead than `AHEAD_DAYS` from the change), so a term the venue has set up counts
    however long ago the venue last changed, and years the calendar skips are not counted."""
    around = (changed - dt.timedelta(HORIZON_DAYS), changed + dt.timedelta(HORIZON_DAYS))
    periods = sorted((p.starts, p.ends) for p in [*calendar.terms, *calendar.holidays])
    if not periods:
        return _merged([around], 1)
    last = min(max(b for _, b in periods), changed + dt.timedelta(AHEAD_DAYS))
    first = last - dt.timedelta(CALENDAR_DAYS - 1)
    # the calendar's school years: its periods, with the gaps between them of a summer or less
    years = _merged(
        [(max(a, first), min(b, last)) for a, b in periods if a <= last and b >= first], SUMMER_DAYS
    )
    return _merged([around, *years], 1)


def _merged(spans: list[tuple[dt.date, dt.date]], gap: int) -> list[tuple[dt.date, dt.date]]:
    """The spans out to whole weeks, joined where no more than `gap` days lie between them."""
    weeks = sorted(
        (a - dt.timedelta(a.weekday()), b + dt.timedelta(6 - b.weekday())) for a, b in spans
    )
    merged = weeks[:1]
    for a, b in weeks[1:]:
        if a <= merged[-1][1] + dt.timedelta(gap):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


class OpenHoursProjection(TableProjection):
    """Minutes each room (not its parts: a hall's halves are the hall) may be let, by week and
    season, over the days around the venue's latest change and its calendar (`kept_spans`);
    rewritten whole at each change."""

    name = "rooms_open"
    tables = (
        _minutes_by_room_and_week("open"),
        Table(
            name="rooms",
            columns={
                "id": "text",
                "venue_id": "text",
                "venue": "text",
                "name": "text",
                "district": "text",
            },
            key=("id",),
            indexes=(("district",),),
        ),
    )
    events = (
        Venue.Registered,
        Venue.DetailsUpdated,
        Venue.CalendarSet,
        Venue.RoomAdded,
        Venue.RoomUpdated,
        Venue.AvailabilitySet,
    )

    def __init__(self, store: TableStore, venues: Any) -> None:
        super().__init__(store)
        self.venues = venues

    def apply_and_record(self, events: Iterable[Any], tracking: Tracking, after: int) -> None:
        """Each venue changed in the batch is rewritten once, as it is after the batch."""
        changes = Changes()
        latest: dict[UUID, Any] = {}
        for event in events:
            latest[event.originator_id] = event
        for event in latest.values():
            self.project(event, changes)
        self.store.commit(changes, tracking, after)

    def project(self, event: Any, changes: Changes) -> None:
        venue: Venue = self.venues.repository.get(
            event.originator_id, version=event.originator_version
        )
        vid = str(venue.id)
        district = venue.details.postcode.upper().split(" ")[0] if venue.details.postcode else ""
        changes.delete("open", venue_id=vid)
        days = [
            first + dt.timedelta(n)
            for first, last in kept_spans(venue.calendar, event.timestamp.date())
            for n in range((last - first).days + 1)
        ]
        open_: Counter[Key] = Counter()
        for room in venue.rooms.values():
            changes.upsert(
                "rooms",
                id=str(room.id),
                venue_id=vid,
                venue=venue.details.name,
                name=room.details.name,
                district=district,
            )
            if room.details.part_of is not None or not room.availability:
                continue
            for day in days:
                windows = open_windows(room.availability, day, venue.calendar, venue.details.nation)
                minutes = sum(_minutes(o, c) for o, c in windows)
                if minutes:
                    season = season_of(day, venue.calendar).value
                    open_[(str(room.id), week_of(day), season)] += minutes
        for (room_id, week, season), minutes in sorted(open_.items()):
            changes.upsert(
                "open", venue_id=vid, room_id=room_id, week=week, season=season, minutes=minutes
            )


class LetHoursProjection(TableProjection):
    """Confirmed minutes by room (a half counts for its hall), week and season; by agency and
    catalogue service; declined slots by reason. Each event takes the booking's old slots off
    and its new ones on."""

    name = "rooms_let"
    tables = (
        _minutes_by_room_and_week("let"),
        Table(
            name="by",
            columns={
                "kind": "text",
                "value": "text",
                "venue_id": "text",
                "week": "text",
                "minutes": "int",
                "count": "int",
            },
            key=("kind", "value", "venue_id", "week"),
            indexes=(("week", "kind"),),
        ),
    )
    events = (Booking.Requested, Booking.Confirmed, Booking.Declined, Booking.Cancelled)
    _keys: ClassVar[dict[str, tuple[str, ...]]] = {
        "let": ("venue_id", "room_id", "week", "season"),
        "by": ("kind", "value", "venue_id", "week"),
    }

    def __init__(self, store: TableStore, bookings: Bookings, cache_size: int = 20_000) -> None:
        super().__init__(store)
        self.app = bookings
        self._recent = RecentAggregates(self.app, Booking, cache_size)

    def apply_and_record(self, events: Iterable[Any], tracking: Tracking, after: int) -> None:
        changes = Changes()
        self._delta: dict[str, Counter[Key]] = {
            "let": Counter(),
            "by-min": Counter(),
            "by-count": Counter(),
        }
        self._venues: dict[UUID, Venue] = {}
        for event in events:
            self.project(event, changes)
        for key, n in sorted(self._delta["let"].items()):
            if n:
                changes.add("let", dict(zip(self._keys["let"], key, strict=True)), minutes=n)
        for key in sorted(set(self._delta["by-min"]) | set(self._delta["by-count"])):
            m, c = self._delta["by-min"][key], self._delta["by-count"][key]
            if m or c:
                changes.add("by", dict(zip(self._keys["by"], key, strict=True)), minutes=m, count=c)
        self.store.commit(changes, tracking, after)

    def project(self, event: Any, changes: Changes) -> None:
        before = self._recent.before(event)
        if before is not None:
            self._count(before, -1)
        booking: Booking = event.mutate(before)
        self._count(booking, 1)
        self._recent.keep(booking)

    def _count(self, booking: Booking, sign: int) -> None:
        d = booking.details
        venue = self._venue(d.venue_id)
        room = venue.rooms.get(d.room_id) if venue is not None else None
        top = room.details.part_of if room is not None and room.details.part_of else d.room_id
        vid = str(d.venue_id)
        for i, (slot, state) in enumerate(zip(booking.slots, booking.states, strict=True)):
            week = week_of(slot.day)
            if state == SlotState.CONFIRMED:
                minutes = _minutes(slot.starts, slot.ends) * sign
                season = season_of(slot.day, venue.calendar).value if venue else "term"
                self._delta["let"][(vid, str(top), week, season)] += minutes
                for kind, value in (
                    ("agency", str(d.organisation_id)),
                    ("service", str(d.service_id or "")),
                ):
                    self._delta["by-min"][(kind, value, vid, week)] += minutes
                    self._delta["by-count"][(kind, value, vid, week)] += sign
            elif state == SlotState.DECLINED:
                reason = booking.reasons.get(i, "")[:200]
                self._delta["by-count"][("declined", reason, vid, week)] += sign

    def _venue(self, venue_id: UUID) -> Venue | None:
        if venue_id not in self._venues:
            try:
                self._venues[venue_id] = self.app.venues.get_venue(venue_id)
            except Exception:  # a venue not found: count the booking without a season
                return None
        return self._venues[venue_id]


class RoomUse(msgspec.Struct, frozen=True, kw_only=True):
    venue: str
    room: str
    open_minutes: int
    let_minutes: int


class LettingsUseView:
    """Sums over week rows in a range: rooms, weeks and seasons, not services or bookings."""

    def __init__(self, open_store: TableStore, let_store: TableStore) -> None:
        self.open = open_store
        self.let = let_store

    def _rooms(self, district: str) -> dict[str, tuple[str, str, str]]:
        where = " WHERE district = ?" if district else ""
        rows = self.open.rows(
            f"SELECT id, venue_id, venue, name FROM {{rooms}}{where}",
            *([district] if district else []),
        )
        return {r: (v, venue, name) for r, v, venue, name in rows}

    def rooms(self, start: dt.date, end: dt.date, district: str = "") -> list[RoomUse]:
        rooms = self._rooms(district)
        weeks = (week_of(start), week_of(end))
        opened = dict(
            ((v, r), int(n))
            for v, r, n in self.open.rows(
                "SELECT venue_id, room_id, SUM(minutes) FROM {open} WHERE week >= ? AND week <= ?"
                " GROUP BY venue_id, room_id",
                *weeks,
            )
        )
        let = dict(
            ((v, r), int(n))
            for v, r, n in self.let.rows(
                "SELECT venue_id, room_id, SUM(minutes) FROM {let} WHERE week >= ? AND week <= ?"
                " GROUP BY venue_id, room_id",
                *weeks,
            )
        )
        found = []
        for v, r in sorted(set(opened) | set(let)):
            if r not in rooms:
                continue
            _, venue, name = rooms[r]
            found.append(
                RoomUse(
                    venue=venue,
                    room=name,
                    open_minutes=opened.get((v, r), 0),
                    let_minutes=let.get((v, r), 0),
                )
            )
        return sorted(found, key=lambda u: (u.venue, u.room))

    def by(
        self, what: str, start: dt.date, end: dt.date, district: str = ""
    ) -> list[tuple[str, str, int, int]]:
        """(week or season, "open" or "let", minutes) sums; what is "week" or "season"."""
        venues = {v for v, _, _ in self._rooms(district).values()}
        found: list[tuple[str, str, int, int]] = []
        weeks = (week_of(start), week_of(end))
        for store, table in ((self.open, "open"), (self.let, "let")):
            rows = store.rows(
                f"SELECT venue_id, {what}, SUM(minutes) FROM {{{table}}}"
                f" WHERE week >= ? AND week <= ? GROUP BY venue_id, {what}",
                *weeks,
            )
            for v, key, n in rows:
                if v in venues:
                    found.append((table, key, int(n), 0))
        return found

    def kinds(
        self, kind: str, start: dt.date, end: dt.date, district: str = ""
    ) -> list[tuple[str, int, int]]:
        """(value, minutes, slots) for "agency", "service" or "declined", most first."""
        venues = {v for v, _, _ in self._rooms(district).values()}
        rows = self.let.rows(
            "SELECT value, venue_id, SUM(minutes), SUM(count) FROM {by}"
            " WHERE week >= ? AND week <= ? AND kind = ? GROUP BY value, venue_id",
            week_of(start),
            week_of(end),
            kind,
        )
        summed: Counter[str] = Counter()
        counted: Counter[str] = Counter()
        for value, v, m, c in rows:
            if v in venues:
                summed[value] += int(m)
                counted[value] += int(c)
        return sorted(
            ((k, summed[k], counted[k]) for k in counted if counted[k]), key=lambda x: (-x[2], x[0])
        )
