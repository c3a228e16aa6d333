"""A year of demo lettings for the insights pages: two schools in each demo place with a hall
(in two halves), a classroom and a meeting room, their term dates and letting hours, and the
demo organisations' weekly sessions over the past year, most confirmed, some declined."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from uuid import UUID

from services.bookings.application import Bookings
from services.bookings.model import BookingDetails, Declarations, Slot
from services.catalogue.application import Catalogue
from services.catalogue.demo.blueprints import Place
from services.catalogue.demo.blueprints import Venue as VenueBlueprint
from services.catalogue.demo.places import PLACES
from services.catalogue.records import OrganisationRecord, ServiceRecord
from services.shared.days import DAY_CODES
from services.shared.errors import SignpostError
from services.venues.access import Actor
from services.venues.application import Venues
from services.venues.model import (
    AvailabilityRule,
    Period,
    Position,
    RoomDetails,
    SchoolCalendar,
    Season,
    VenueDetails,
)

WEEKDAYS = list(DAY_CODES[:5])
RULES = [
    AvailabilityRule(days=WEEKDAYS, season=Season.TERM, opens=dt.time(15, 30), closes=dt.time(19)),
    AvailabilityRule(days=WEEKDAYS, season=Season.HOLIDAY, opens=dt.time(9), closes=dt.time(17)),
    AvailabilityRule(days=["SA"], opens=dt.time(9), closes=dt.time(13)),
]
TIMES = [  # (weekday, starts, ends, holidays only)
    (1, dt.time(16), dt.time(17, 30), False),
    (3, dt.time(15, 45), dt.time(17, 15), False),
    (5, dt.time(10), dt.time(12), False),
    (2, dt.time(10), dt.time(13), True),
]
REASONS = (
    "The hall is needed for exams",
    "No caretaker that evening",
    "Insurance certificate out of date",
)
SEASONS = 2  # academic years of term dates around the year loaded
LOADER = Actor(name="demo loader", admin=True)  # the demo sets its venues up as an admin


def _calendar(year: int) -> SchoolCalendar:
    """English-style term dates for the academic years starting in `year` and after."""
    terms, holidays = [], []
    for y in range(year, year + SEASONS):
        terms += [
            Period(name="Autumn term", starts=dt.date(y, 9, 3), ends=dt.date(y, 12, 19)),
            Period(name="Spring term", starts=dt.date(y + 1, 1, 5), ends=dt.date(y + 1, 3, 27)),
            Period(name="Summer term", starts=dt.date(y + 1, 4, 13), ends=dt.date(y + 1, 7, 22)),
        ]
        holidays += [
            Period(name="Autumn half term", starts=dt.date(y, 10, 26), ends=dt.date(y, 10, 30)),
            Period(
                name="Spring half term", starts=dt.date(y + 1, 2, 16), ends=dt.date(y + 1, 2, 20)
            ),
            Period(
                name="Summer half term", starts=dt.date(y + 1, 5, 25), ends=dt.date(y + 1, 5, 29)
            ),
        ]
    return SchoolCalendar(terms=terms, holidays=holidays)


def load_demo_lettings(
    venues: Venues,
    bookings: Bookings,
    catalogue: Catalogue,
    organisations: list[OrganisationRecord],
    services: list[ServiceRecord],
    *,
    today: dt.date,
    seed: int = 23,
) -> int:
    """Loads the venues and a year of bookings unless the venues have any event already;
    the bookings are requested as if a year ago (the clock is set back while they are)."""
    if venues.recorder.max_notification_id():
        return 0
    rng = random.Random(seed)
    start = today - dt.timedelta(days=364)
    calendar = _calendar(start.year - 1)
    orgs, by_org = _catalogue_ids(catalogue, organisations, services)
    clock: Callable[[], dt.datetime] = bookings.clock
    bookings.clock = lambda: dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    made = 0
    try:
        for p, place in enumerate(PLACES):
            schools = [v for v in place.venues if v.kind in ("primary", "secondary", "special")]
            for venue in schools[:2]:
                vid, rooms = _school(venues, place, venue, calendar)
                made += _book(
                    bookings,
                    rng,
                    vid,
                    rooms,
                    orgs[p * 10 : p * 10 + 10],
                    by_org,
                    organisations[p * 10 : p * 10 + 10],
                    start,
                )
    finally:
        bookings.clock = clock
    return made


def _catalogue_ids(
    catalogue: Catalogue, organisations: list[OrganisationRecord], services: list[ServiceRecord]
) -> tuple[list[UUID | None], dict[str, list[UUID]]]:
    """The organisations' catalogue ids (None if not loaded), and each one's services' ids by
    its external id."""
    orgs = [catalogue.find_by_external_id("organisation", o.external_id) for o in organisations]
    offered = [
        (catalogue.find_by_external_id("service", s.external_id), s.organisation_external_id)
        for s in services
    ]
    by_org: dict[str, list[UUID]] = {}
    for sid, org in offered:
        if sid is not None:
            by_org.setdefault(org, []).append(sid)
    return orgs, by_org


def _school(
    venues: Venues, place: Place, venue: VenueBlueprint, calendar: SchoolCalendar
) -> tuple[UUID, list[UUID]]:
    """A school registered with its term dates, and its rooms (a hall in two halves, a
    classroom, a meeting room), each open by the letting rules."""
    lat, lon = place.districts[venue.district]
    vid = venues.register_venue(
        VenueDetails(
            name=venue.name,
            address=venue.street,
            postcode=venue.postcode,
            position=Position(lat=lat, lon=lon),
        ),
        by=LOADER,
    ).id
    venues.set_calendar(vid, calendar, by=LOADER)
    hall = venues.add_room(vid, RoomDetails(name="Hall", capacity=120), by=LOADER).room_id
    rooms = [
        hall,
        *(
            venues.add_room(
                vid, RoomDetails(name=f"Hall {x}", capacity=60, part_of=hall), by=LOADER
            ).room_id
            for x in "AB"
        ),
        venues.add_room(vid, RoomDetails(name="Classroom", capacity=30), by=LOADER).room_id,
        venues.add_room(vid, RoomDetails(name="Meeting room", capacity=8), by=LOADER).room_id,
    ]
    for room in rooms:
        venues.set_availability(vid, room, RULES, by=LOADER)
    return vid, rooms


def _book(
    bookings: Bookings,
    rng: random.Random,
    venue_id: UUID,
    rooms: list[UUID],
    orgs: list[UUID | None],
    by_org: dict[str, list[UUID]],
    records: list[OrganisationRecord],
    start: dt.date,
) -> int:
    made = 0
    good = Declarations(
        dbs_checked=True,
        dbs_expires=start + dt.timedelta(days=800),
        insurance_cover_pounds=5_000_000,
        insurance_expires=start + dt.timedelta(days=800),
    )
    for _ in range(24):
        k = rng.randrange(len(orgs))
        org = orgs[k]
        if org is None:
            continue
        weekday, starts, ends, holidays = rng.choice(TIMES)
        first = start + dt.timedelta(days=(weekday - start.weekday()) % 7 + 7 * rng.randrange(30))
        weeks = rng.choice((1, 6, 12, 20, 30)) if not holidays else 1
        services = by_org.get(records[k].external_id, [])
        details = _booking_details(rng, venue_id, rooms, org, services, good)
        try:
            _request_and_answer(
                bookings, rng, details, Slot(day=first, starts=starts, ends=ends), weeks
            )
            made += 1
        except SignpostError:
            continue  # outside the room's hours or clashing: left out, as a manager would
    return made


def _booking_details(
    rng: random.Random,
    venue_id: UUID,
    rooms: list[UUID],
    org: UUID,
    services: list[UUID],
    declarations: Declarations,
) -> BookingDetails:
    """A room, a purpose and a group size drawn at random; most name one of the org's services."""
    return BookingDetails(
        venue_id=venue_id,
        room_id=rng.choice(rooms),
        organisation_id=org,
        purpose=rng.choice(("Parenting course", "Youth club", "Stay and play", "Drop-in")),
        attendees=rng.randrange(4, 25),
        declarations=declarations,
        service_id=rng.choice(services) if services and rng.random() < 0.7 else None,
    )


def _request_and_answer(
    bookings: Bookings, rng: random.Random, details: BookingDetails, slot: Slot, weeks: int
) -> None:
    """Requests one session or a weekly series, then confirms it (four in five) or declines it
    with a reason; raises SignpostError when the room cannot be had then."""
    if weeks == 1:
        outcome = bookings.request_booking(details, [slot], actor="demo loader")
    else:
        until = slot.day + dt.timedelta(weeks=weeks)
        outcome = bookings.request_series(details, slot, until, actor="demo loader")
    if rng.random() < 0.8:
        bookings.confirm_booking(outcome.booking_id, actor="demo loader")
    else:
        bookings.decline_booking(outcome.booking_id, None, rng.choice(REASONS), actor="demo loader")
