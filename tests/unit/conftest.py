"""Unit fixtures: an in-memory catalogue, in-memory venues and bookings applications with one
school registered, and the app over a stand-in runtime."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from unittest.mock import MagicMock
from uuid import UUID

import pytest

from services.bookings.application import Bookings
from services.catalogue.application import Catalogue
from services.venues.application import Venues
from tests.clocks import new_year_2026
from tests.unit.bookings.school import School, build_school

if TYPE_CHECKING:
    from litestar import Litestar

POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


@pytest.fixture
def catalogue() -> Catalogue:
    """An empty catalogue on an in-memory SQLite event store."""
    return Catalogue(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
    )


class Services:
    """A stand-in catalogue: every service named belongs to `owner`, unless it is `withdrawn`."""

    def __init__(self) -> None:
        self.owner: UUID | None = None
        self.withdrawn: set[UUID] = set()

    def organisation_of_service(self, service_id: UUID) -> UUID | None:
        return None if service_id in self.withdrawn else self.owner


def _school(buffer_minutes: int = 0) -> Iterator[School]:
    venues = Venues(env=POPO)
    services = Services()
    bookings = Bookings(venues, env=POPO, clock=new_year_2026, services=services)
    school = build_school(venues, bookings, buffer_minutes=buffer_minutes)
    services.owner = school.org
    yield school
    bookings.close()
    venues.close()


@pytest.fixture
def school() -> Iterator[School]:
    yield from _school()


@pytest.fixture
def buffered_school() -> Iterator[School]:
    yield from _school(buffer_minutes=30)


@pytest.fixture(scope="session")
def app() -> Litestar:
    """The whole app over a stand-in runtime (its routes and OpenAPI document use none), built
    once for the tests that read them."""
    from services.http.app import create_app  # here: the runs that need no app do not import it

    return create_app(MagicMock(), manage_runtime=False)
