"""How school buildings are used, against brute force: hours let and hours open by room, week
and season, sessions by agency, and declines by reason, whatever was requested, confirmed,
declined or cancelled."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.lettings_use import (
    AHEAD_DAYS,
    CALENDAR_DAYS,
    LetHoursProjection,
    LettingsUseView,
    OpenHoursProjection,
    kept_spans,
)
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.bookings.application import Bookings
from services.bookings.model import SlotState
from services.shared.errors import SignpostError
from services.venues.application import Venues
from services.venues.calendar import open_windows, season_of
from services.venues.model import Period, SchoolCalendar
from tests.clocks import new_year_2026
from tests.unit.bookings.school import SETUP, School, T, build_school

POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
DAYS = [dt.date(2026, 3, 3), dt.date(2026, 3, 31), dt.date(2026, 5, 9), dt.date(2026, 8, 4)]
step = st.tuples(
    st.sampled_from(["pending", "confirm", "decline", "cancel"]),  # what becomes of the request
    st.integers(0, 3),  # room: hall, hall A, hall B, counselling
    st.sampled_from(DAYS),
    st.integers(8, 16),  # start hour
    st.integers(0, 20),
    st.sampled_from(["", "Hall needed for exams", "Not enough notice"]),
)


START, END = dt.date(2026, 3, 2), dt.date(2026, 8, 9)


def _minutes(a: dt.time, b: dt.time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


@dataclass
class Building:
    """The school with its rooms_open read model and, by brute force, each room's open minutes
    from START to END. The examples vary only the bookings, so this is made once for them all."""

    school: School
    open_store: SqliteTableStore
    opened: Counter[str]


@pytest.fixture(scope="module")
def building() -> Iterator[Building]:
    venues = Venues(env=POPO)
    school = build_school(venues, Bookings(venues, env=POPO, clock=new_year_2026))
    open_store = SqliteTableStore(":memory:", "rooms_open", OpenHoursProjection.tables)
    open_store.create_tables()
    ProjectionRunner(
        venues,
        None,
        open_store,
        name="rooms_open",
        projection=lambda: OpenHoursProjection(open_store, venues),
    ).catch_up()
    venue = venues.get_venue(school.venue_id)
    opened: Counter[str] = Counter()
    day = START
    while day <= END:
        for space in venue.rooms.values():
            if space.details.part_of is None:
                windows = open_windows(space.availability, day, venue.calendar)
                opened[space.details.name] += sum(_minutes(o, c) for o, c in windows)
        day += dt.timedelta(1)
    yield Building(school, open_store, opened)
    open_store.close()
    venues.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=25))
def test_hours_let_and_open_are_those_of_the_bookings_and_rooms_as_they_are(
    building: Building,
    steps: list[tuple[str, int, dt.date, int, int, str]],
) -> None:
    venues = building.school.venues
    bookings = Bookings(venues, env=POPO, clock=new_year_2026)
    s = replace(building.school, bookings=bookings)
    rooms = [s.hall, s.hall_a, s.hall_b, s.counselling]
    made: list[UUID] = []
    for action, room, day, hour, _, reason in steps:
        try:
            booking = s.request(rooms[room], day, T(hour), T(min(hour + 2, 18)))
        except SignpostError:
            continue  # outside the room's rules: nothing recorded
        made.append(booking)
        try:
            if action in ("confirm", "cancel"):
                bookings.confirm_booking(booking, actor="m")
            if action == "cancel":
                bookings.cancel_by_venue(booking, None, "closed", actor="m")
            if action == "decline":
                bookings.decline_booking(booking, None, reason or "x", actor="m")
        except SignpostError:
            pass  # a clash with a confirmed let: it stays pending
    let_store = SqliteTableStore(":memory:", "rooms_let", LetHoursProjection.tables)
    let_store.create_tables()
    ProjectionRunner(
        bookings,
        None,
        let_store,
        name="rooms_let",
        projection=lambda: LetHoursProjection(let_store, bookings),
    ).catch_up()
    view = LettingsUseView(building.open_store, let_store)

    venue = venues.get_venue(s.venue_id)
    let: Counter[str] = Counter()
    seasons: Counter[str] = Counter()
    agencies: Counter[str] = Counter()
    declined: Counter[str] = Counter()
    for booking_id in made:
        b = bookings.get_booking(booking_id)
        top = venue.rooms[b.details.room_id].details.part_of or b.details.room_id
        for i, (slot, state) in enumerate(zip(b.slots, b.states, strict=True)):
            if state == SlotState.CONFIRMED:
                let[str(top)] += _minutes(slot.starts, slot.ends)
                seasons[season_of(slot.day, venue.calendar).value] += _minutes(
                    slot.starts, slot.ends
                )
                agencies[str(b.details.organisation_id)] += 1
            elif state == SlotState.DECLINED:
                declined[b.reasons.get(i, "")] += 1
    used = {u.room: (u.open_minutes, u.let_minutes) for u in view.rooms(START, END)}
    names = {str(r.id): r.details.name for r in venue.rooms.values()}
    for room_id, name in names.items():
        if venue.rooms[UUID(room_id)].details.part_of is None:
            assert used.get(name, (0, 0)) == (building.opened[name], let[room_id]), name
    by_season: Counter[str] = Counter()
    for table, value, minutes, _ in view.by("season", START, END):
        if table == "let":
            by_season[value] += minutes
    assert +by_season == +seasons
    assert {a: c for a, _, c in view.kinds("agency", START, END)} == dict(+agencies)
    assert {r: c for r, _, c in view.kinds("declined", START, END)} == dict(+declined)


def _years_back(calendar: SchoolCalendar, years: int) -> SchoolCalendar:
    def back(periods: list[Period]) -> list[Period]:
        return [
            Period(
                name=p.name,
                starts=p.starts.replace(year=p.starts.year - years),
                ends=p.ends.replace(year=p.ends.year - years),
            )
            for p in periods
        ]

    return SchoolCalendar(
        terms=back(calendar.terms),
        holidays=back(calendar.holidays),
        closures=back(calendar.closures),
    )


def test_a_term_the_venue_set_up_counts_however_long_ago_the_venue_last_changed() -> None:
    """Open hours are kept over the calendar's terms and holidays, not only near the latest
    change: a commissioner looking back at a term set up years ago sees its hours."""
    venues = Venues(env=POPO)
    school = build_school(venues, Bookings(venues, env=POPO, clock=new_year_2026))
    venue = venues.get_venue(school.venue_id)
    years = dt.date.today().year - 2026 + 3  # the calendar's terms end over two years ago
    old = _years_back(venue.calendar, years)
    venues.set_calendar(school.venue_id, old, by=SETUP)
    store = SqliteTableStore(":memory:", "rooms_open", OpenHoursProjection.tables)
    store.create_tables()
    ProjectionRunner(
        venues,
        None,
        store,
        name="rooms_open",
        projection=lambda: OpenHoursProjection(store, venues),
    ).catch_up()
    start = old.terms[0].starts - dt.timedelta(old.terms[0].starts.weekday())  # whole weeks
    end = old.terms[-1].ends + dt.timedelta(6 - old.terms[-1].ends.weekday())
    venue = venues.get_venue(school.venue_id)
    opened: Counter[str] = Counter()
    for n in range((end - start).days + 1):
        day = start + dt.timedelta(n)
        for room in venue.rooms.values():
            if room.details.part_of is None:
                windows = open_windows(room.availability, day, venue.calendar)
                opened[room.details.name] += sum(_minutes(o, c) for o, c in windows)
    empty = SqliteTableStore(":memory:", "rooms_let", LetHoursProjection.tables)
    empty.create_tables()
    used = {u.room: u.open_minutes for u in LettingsUseView(store, empty).rooms(start, end)}
    assert used == +opened and used
    store.close()
    venues.close()


def test_open_hours_are_kept_in_whole_weeks_around_the_change_and_over_the_calendar() -> None:
    changed = dt.date(2026, 12, 8)  # a Tuesday
    around = (dt.date(2025, 11, 3), dt.date(2028, 1, 16))  # 400 days either side, whole weeks
    assert kept_spans(SchoolCalendar(), changed) == [around]
    term = Period(name="Spring term", starts=dt.date(2023, 1, 4), ends=dt.date(2023, 3, 31))
    assert kept_spans(SchoolCalendar(terms=[term]), changed) == [
        (dt.date(2023, 1, 2), dt.date(2023, 4, 2)),
        around,
    ]
    # a calendar's latest ten years (CALENDAR_DAYS), up to five years ahead (AHEAD_DAYS)
    ancient = Period(name="Old term", starts=dt.date(1990, 1, 8), ends=dt.date(2040, 7, 20))
    assert (CALENDAR_DAYS, AHEAD_DAYS) == (3653, 1827)
    assert kept_spans(SchoolCalendar(terms=[ancient]), changed) == [
        (dt.date(2021, 12, 6), dt.date(2031, 12, 14))
    ]
    # however long after a calendar's year the venue changes, that year is kept
    later = dt.date(2035, 6, 1)
    assert kept_spans(SchoolCalendar(terms=[term]), later)[0] == (
        dt.date(2023, 1, 2),
        dt.date(2023, 4, 2),
    )


def test_years_a_calendar_skips_are_not_kept_but_its_holidays_between_terms_are() -> None:
    changed = dt.date(2026, 12, 8)
    stray = Period(name="Old spring term", starts=dt.date(2019, 1, 7), ends=dt.date(2019, 4, 5))
    spring = Period(name="Spring term", starts=dt.date(2024, 1, 8), ends=dt.date(2024, 3, 28))
    autumn = Period(name="Autumn term", starts=dt.date(2024, 9, 4), ends=dt.date(2024, 12, 20))
    summer = Period(name="Summer term", starts=dt.date(2024, 4, 15), ends=dt.date(2024, 7, 23))
    spans = kept_spans(SchoolCalendar(terms=[autumn, stray, spring, summer]), changed)
    assert spans == [
        (dt.date(2019, 1, 7), dt.date(2019, 4, 7)),  # the stray term alone
        (dt.date(2024, 1, 8), dt.date(2024, 12, 22)),  # 2024's terms and the holidays between
        (dt.date(2025, 11, 3), dt.date(2028, 1, 16)),  # 400 days either side of the change
    ]
