"""Unit fixtures: in-memory venues and bookings applications with one school registered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.bookings.application import Bookings
from services.venues.application import Venues
from tests.clocks import new_year_2026
from tests.unit.bookings.school import School, build_school

POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


@pytest.fixture
def school() -> Iterator[School]:
    venues = Venues(env=POPO)
    bookings = Bookings(venues, env=POPO, clock=new_year_2026)
    yield build_school(venues, bookings)
    bookings.close()
    venues.close()


@pytest.fixture
def buffered_school() -> Iterator[School]:
    venues = Venues(env=POPO)
    bookings = Bookings(venues, env=POPO, clock=new_year_2026)
    yield build_school(venues, bookings, buffer_minutes=30)
    bookings.close()
    venues.close()
