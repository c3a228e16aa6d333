"""A small school with a hall in two halves and a counselling room, for the booking tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID, uuid4

from projections.bookings import BookingsProjection, BookingsView
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.bookings.application import Bookings
from services.bookings.model import BookingDetails, Declarations, Slot
from services.shared.days import DAY_CODES
from services.venues.access import Actor
from services.venues.application import Venues
from services.venues.model import (
    AvailabilityRule,
    LettingsConditions,
    Period,
    Position,
    RoomDetails,
    SchoolCalendar,
    Season,
    VenueDetails,
)

WEEKDAYS = list(DAY_CODES[:5])
CALENDAR_2026 = SchoolCalendar(
    terms=[
        Period(name="Spring term", starts=dt.date(2026, 1, 5), ends=dt.date(2026, 3, 27)),
        Period(name="Summer term", starts=dt.date(2026, 4, 13), ends=dt.date(2026, 7, 22)),
        Period(name="Autumn term", starts=dt.date(2026, 9, 2), ends=dt.date(2026, 12, 18)),
    ],
    holidays=[
        Period(name="Easter holiday", starts=dt.date(2026, 3, 28), ends=dt.date(2026, 4, 12)),
        Period(name="Summer holiday", starts=dt.date(2026, 7, 23), ends=dt.date(2026, 9, 1)),
        Period(name="Autumn half term", starts=dt.date(2026, 10, 26), ends=dt.date(2026, 10, 30)),
    ],
    closures=[Period(name="INSET day", starts=dt.date(2026, 9, 1), ends=dt.date(2026, 9, 1))],
)
RULES = [
    AvailabilityRule(season=Season.HOLIDAY, opens=dt.time(8), closes=dt.time(18)),
    AvailabilityRule(days=WEEKDAYS, season=Season.TERM, opens=dt.time(15, 30), closes=dt.time(18)),
    AvailabilityRule(days=["SA"], opens=dt.time(9), closes=dt.time(13)),
]
GOOD = Declarations(
    dbs_checked=True,
    dbs_expires=dt.date(2027, 12, 31),
    insurance_cover_pounds=5_000_000,
    insurance_expires=dt.date(2027, 12, 31),
)
T = dt.time
SETUP = Actor(name="manager", admin=True)  # who sets the school up in these tests


@dataclass
class School:
    venues: Venues
    bookings: Bookings
    venue_id: UUID
    hall: UUID
    hall_a: UUID
    hall_b: UUID
    counselling: UUID
    org: UUID

    def details(self, room: UUID | None = None, **kw: object) -> BookingDetails:
        values: dict[str, object] = {
            "venue_id": self.venue_id,
            "room_id": room or self.hall,
            "organisation_id": self.org,
            "purpose": "Parenting course",
            "attendees": 3,
            "declarations": GOOD,
        }
        values.update(kw)
        return BookingDetails(**values)  # type: ignore[arg-type]

    def request(self, room: UUID, day: dt.date, starts: T, ends: T, **kw: object) -> UUID:
        slot = Slot(day=day, starts=starts, ends=ends)
        return self.bookings.request_booking(self.details(room, **kw), [slot], actor="b").booking_id


def build_school(
    venues: Venues, bookings: Bookings, *, buffer_minutes: int = 0, name: str = "Ridgeway Primary"
) -> School:
    conditions = LettingsConditions(
        text="Hirers leave the hall as they found it.",
        requires_dbs=True,
        min_insurance_cover_pounds=5_000_000,
        buffer_minutes=buffer_minutes,
    )
    venue_id = venues.register_venue(
        VenueDetails(
            name=name,
            address="1 Ridgeway, London",
            postcode="E15 1AA",
            position=Position(lat=51.5413, lon=0.0037),
            conditions=conditions,
        ),
        by=SETUP,
    ).id
    venues.set_calendar(venue_id, CALENDAR_2026, by=SETUP)
    hall = venues.add_room(venue_id, RoomDetails(name="Hall", capacity=120), by=SETUP).room_id
    halves = [
        venues.add_room(
            venue_id, RoomDetails(name=f"Hall {x}", capacity=60, part_of=hall), by=SETUP
        ).room_id
        for x in "AB"
    ]
    counselling = venues.add_room(
        venue_id,
        RoomDetails(name="Counselling room", capacity=4, facilities=["private counselling room"]),
        by=SETUP,
    ).room_id
    for room in (hall, *halves, counselling):
        venues.set_availability(venue_id, room, RULES, by=SETUP)
    return School(venues, bookings, venue_id, hall, halves[0], halves[1], counselling, uuid4())


def bookings_view(school: School) -> BookingsView:
    """The bookings read model in memory, brought up to date with the school's bookings."""
    store = SqliteTableStore(":memory:", "bookings", BookingsProjection.tables)
    store.create_tables()
    ProjectionRunner(
        school.bookings,
        None,
        store,
        name="bookings",
        projection=lambda: BookingsProjection(store, school.bookings),
    ).catch_up()
    return BookingsView(store, school.venues)
