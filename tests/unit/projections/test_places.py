"""Where the venues are: every venue in the order registered, and those near a point, nearest
first, from a table instead of every venue's events."""

from __future__ import annotations

import msgspec

from projections.places import PlacesProjection, PlacesView
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.venues.model import Position, VenueDetails
from tests.unit.bookings.school import SETUP, School, build_school


def _places(school: School) -> PlacesView:
    store = SqliteTableStore(":memory:", "places", PlacesProjection.tables)
    store.create_tables()
    ProjectionRunner(
        school.venues, None, store, name="places", projection=lambda: PlacesProjection(store)
    ).catch_up()
    return PlacesView(store)


def test_venues_near_a_point_are_listed_nearest_first(school: School) -> None:
    other = build_school(school.venues, school.bookings, name="Other School")
    details = school.venues.get_venue(other.venue_id).details
    moved = msgspec.structs.replace(details, position=Position(lat=51.5500, lon=0.0037))
    school.venues.update_venue(other.venue_id, moved, by=SETUP)
    nowhere = school.venues.register_venue(
        VenueDetails(name="No position", address="", postcode=""), by=SETUP
    ).id

    places = _places(school)

    assert places.venue_ids() == [school.venue_id, other.venue_id, nowhere]
    near = places.near(51.5520, 0.0037, 5)
    assert [venue_id for venue_id, _ in near] == [other.venue_id, school.venue_id]
    assert near[0][1] < 0.5 < near[1][1] < 5
    assert [venue_id for venue_id, _ in places.near(51.5520, 0.0037, 0.5)] == [other.venue_id]
    assert places.near(51.5520, 1.5, 5) == []
