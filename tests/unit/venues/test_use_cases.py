"""The venue set-up use cases every way in calls: each refuses anyone who may not manage the
venue, and loads the venue once and saves it once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import msgspec
import pytest

from services.shared.errors import ForbiddenError, NotFoundError
from services.venues.access import Actor
from services.venues.application import Venues
from services.venues.domain import Venue
from services.venues.model import (
    AvailabilityRule,
    Period,
    RoomDetails,
    SchoolCalendar,
    VenueDetails,
)
from tests.unit.bookings.school import School

ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:t1
DTSTART;VALUE=DATE:20260902
DTEND;VALUE=DATE:20261219
SUMMARY:Autumn term
END:VEVENT
END:VCALENDAR
"""
SEPT = Period(name="INSET day", starts=dt.date(2026, 9, 3), ends=dt.date(2026, 9, 3))
RULES = [AvailabilityRule(opens=dt.time(9), closes=dt.time(12))]


def _changes(school: School) -> dict[str, Callable[[Actor], object]]:
    """Every change to a venue, each as what an actor would ask of the application."""
    v, vid, hall = school.venues, school.venue_id, school.hall
    renamed = msgspec.structs.replace(v.get_venue(vid).details, name="Ridgeway School")
    return {
        "update its details": lambda by: v.update_venue(vid, renamed, by=by),
        "set its calendar": lambda by: v.set_calendar(vid, SchoolCalendar(), by=by),
        "import its calendar": lambda by: v.import_calendar(vid, ICS, by=by),
        "add a closure": lambda by: v.add_period(vid, "closures", SEPT, by=by),
        "remove a closure": lambda by: v.remove_period(vid, "closures", 0, by=by),
        "add a room": lambda by: v.add_room(vid, RoomDetails(name="Library", capacity=20), by=by),
        "edit a room": lambda by: v.update_room(
            vid, hall, RoomDetails(name="Main hall", capacity=120), by=by
        ),
        "set a room's availability": lambda by: v.set_availability(vid, hall, RULES, by=by),
    }


CHANGES = [
    "update its details",
    "set its calendar",
    "import its calendar",
    "add a closure",
    "remove a closure",
    "add a room",
    "edit a room",
    "set a room's availability",
]


def _manager(school: School) -> Actor:
    return Actor(name="m@school", manages=frozenset({school.venue_id}))


def _events(school: School) -> list[Any]:
    return list(school.venues.repository.event_store.get(school.venue_id))


@dataclass
class Counted:
    loads: int = 0
    saves: int = 0


def _counting(venues: Venues, patch: pytest.MonkeyPatch) -> Counted:
    """Counts the application's loads (repository gets) and saves from now on."""
    seen = Counted()
    get, save = venues.repository.get, venues.save

    def counting_get(*args: Any, **kwargs: Any) -> Any:
        seen.loads += 1
        return get(*args, **kwargs)

    def counting_save(*args: Any, **kwargs: Any) -> Any:
        seen.saves += 1
        return save(*args, **kwargs)

    patch.setattr(venues.repository, "get", counting_get)
    patch.setattr(venues, "save", counting_save)
    return seen


@pytest.mark.parametrize("change", CHANGES)
def test_the_venues_manager_makes_each_change_loading_and_saving_the_venue_once(
    school: School, change: str
) -> None:
    act = _changes(school)[change]
    if change == "remove a closure":
        school.venues.add_period(school.venue_id, "closures", SEPT, by=_manager(school))
    before = len(_events(school))
    with pytest.MonkeyPatch.context() as patch:
        counted = _counting(school.venues, patch)
        act(_manager(school))

    assert (counted.loads, counted.saves) == (1, 1)
    recorded = _events(school)[before:]
    assert recorded and all(e.actor == "m@school" for e in recorded)


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize(
    "who", ["manager of another venue", "agency booker", "staff without a venue"]
)
def test_anyone_who_does_not_manage_the_venue_is_refused_each_change(
    school: School, change: str, who: str
) -> None:
    by = {
        "manager of another venue": Actor(name="x", manages=frozenset({uuid4()})),
        "agency booker": Actor(name="b", books_for=frozenset({school.org})),
        "staff without a venue": Actor(name="s"),
    }[who]
    before = _events(school)
    with pytest.raises(ForbiddenError) as refused:
        _changes(school)[change](by)
    assert refused.value.message == "Your account does not manage this venue."
    assert _events(school) == before


def test_an_admin_manages_any_venue(school: School) -> None:
    admin = Actor(name="admin", admin=True)
    venue = school.venues.add_period(school.venue_id, "closures", SEPT, by=admin)
    assert SEPT in venue.calendar.closures


def test_an_unknown_venue_is_not_found_before_anyone_is_refused(school: School) -> None:
    with pytest.raises(NotFoundError):
        school.venues.managed_venue(uuid4(), by=Actor(name="s"))


def test_a_change_returns_the_venue_as_saved(school: School) -> None:
    venue = school.venues.import_calendar(school.venue_id, ICS, by=_manager(school))
    assert [t.name for t in venue.calendar.terms] == ["Autumn term"]
    assert school.venues.get_venue(school.venue_id).calendar == venue.calendar


def test_only_an_admin_registers_a_venue(school: School) -> None:
    details = VenueDetails(name="New School", address="2 Road", postcode="")
    with pytest.raises(ForbiddenError) as refused:
        school.venues.register_venue(details, by=_manager(school))
    assert refused.value.message == "Only an admin registers a venue."
    venue = school.venues.register_venue(details, by=Actor(name="admin", admin=True))
    assert isinstance(venue, Venue)
    assert school.venues.get_venue(venue.id).details.name == "New School"


def test_only_the_venues_manager_previews_a_rooms_opening(school: School) -> None:
    first = dt.date(2026, 9, 7)
    with pytest.raises(ForbiddenError):
        school.venues.preview_opening(
            school.venue_id, school.hall, RULES, first, 1, by=Actor(name="s")
        )
    days = school.venues.preview_opening(
        school.venue_id, school.hall, RULES, first, 1, by=_manager(school)
    )
    assert [d.day for d in days] == [first]
