"""A read model in SQL tables, run by the projection runner: rows and position commit together,
no event is applied twice (not even by two projectors racing or a rebuild swapping tables in),
and a rebuild replays into fresh tables that readers see only once complete."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from eventsourcing.persistence import Tracking

from projections.rebuild import rebuild_tables
from projections.runner import ProjectionRunner
from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.sqlite import SqliteTableStore
from services.catalogue.application import Catalogue
from services.catalogue.domain import Organisation
from services.catalogue.model import OrganisationDetails, ServiceDetails

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


class OrganisationNames(TableProjection):
    """Each organisation's current name, and how many of its events were applied (a counter,
    so applying one twice would show)."""

    name = "organisations"
    tables = (
        Table(name="names", columns={"id": "text", "name": "text"}, key=("id",)),
        Table(name="applied", columns={"what": "text", "events": "int"}, key=("what",)),
    )
    events = (Organisation.Registered, Organisation.DetailsUpdated)

    def project(self, event: Any, changes: Changes) -> None:
        changes.upsert("names", id=str(event.originator_id), name=event.details.name)
        changes.add("applied", {"what": "organisation events"}, events=1)


def _applied(store: TableStore) -> int:
    rows = store.rows("SELECT events FROM {applied}")
    return int(rows[0][0]) if rows else 0


def _names(store: TableStore) -> list[str]:
    return [name for (name,) in store.rows("SELECT name FROM {names} ORDER BY name")]


@pytest.fixture
def catalogue() -> Iterator[Catalogue]:
    catalogue = Catalogue(env=MEMORY)
    yield catalogue
    catalogue.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TableStore]:
    store = SqliteTableStore(
        tmp_path / "organisations.sqlite", "organisations", OrganisationNames.tables
    )
    store.create_tables()
    yield store
    store.close()


def _runner(catalogue: Catalogue, store: TableStore, **kwargs: Any) -> ProjectionRunner:
    return ProjectionRunner(
        catalogue,
        None,
        store,
        name="organisations",
        projection=lambda: OrganisationNames(store),
        **kwargs,
    )


def _register(catalogue: Catalogue, *names: str) -> None:
    for name in names:
        catalogue.register_organisation(OrganisationDetails(name=name), actor="test")


def test_the_rows_and_the_position_follow_the_log_skipping_other_events(
    catalogue: Catalogue, store: TableStore
) -> None:
    _register(catalogue, "Hub", "Library")
    organisation = catalogue.register_organisation(OrganisationDetails(name="Old"), actor="t")
    catalogue.register_service(organisation, ServiceDetails(name="Not counted"), actor="test")
    details = catalogue.get_organisation(organisation).details
    catalogue.update_organisation(
        organisation, msgspec.structs.replace(details, name="Renamed"), actor="test"
    )
    runner = _runner(catalogue, store)

    runner.catch_up()

    assert _names(store) == ["Hub", "Library", "Renamed"]
    assert _applied(store) == 4
    assert store.max_tracking_id(catalogue.name) == runner.head() == runner.position


class RacingStore(SqliteTableStore):
    """Lets another projector apply its events just before this store's next commit."""

    race: Callable[[], None] | None = None

    def commit(self, changes: Changes, tracking: Tracking, after: int | None = None) -> None:
        race, self.race = self.race, None
        if race is not None:
            race()
        super().commit(changes, tracking, after)


def test_a_runner_racing_another_applies_only_what_is_beyond_the_others_position(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.sqlite"
    store = RacingStore(path, "organisations", OrganisationNames.tables)
    store.create_tables()
    _register(catalogue, "One")
    mine = _runner(catalogue, store)
    mine.catch_up()
    _register(catalogue, "Two", "Three")
    other_store = SqliteTableStore(path, "organisations", OrganisationNames.tables)
    other = _runner(catalogue, other_store)
    _register(catalogue, "Four")
    two_and_three = catalogue.recorder.select_notifications(start=2, limit=2)
    store.race = lambda: other._apply(two_and_three)  # while `mine` projects Two to Four

    mine.catch_up()

    assert _names(store) == ["Four", "One", "Three", "Two"]
    assert _applied(store) == 4, "no event was applied twice"
    assert mine.position == mine.head()
    other_store.close()
    store.close()


def test_a_rebuild_swaps_in_tables_replayed_from_the_first_event(
    catalogue: Catalogue, store: TableStore, tmp_path: Path
) -> None:
    _register(catalogue, "One", "Two")
    live = _runner(catalogue, store)
    live.catch_up()
    with sqlite3.connect(tmp_path / "organisations.sqlite") as db:  # a row from a bug, say
        db.execute("INSERT INTO organisations_names VALUES ('left-over', 'Not from any event')")

    assert rebuild_tables(catalogue, store, OrganisationNames) == live.head()
    assert _names(store) == ["One", "Two"]
    _register(catalogue, "Three")

    live.catch_up()  # the live runner carries on from the swapped-in position

    assert _names(store) == ["One", "Three", "Two"]
    assert _applied(store) == 3


def test_refresh_applies_what_is_missing_when_nobody_else_projects(
    catalogue: Catalogue, store: TableStore
) -> None:
    _register(catalogue, "One")
    assert _runner(catalogue, store).refresh()
    assert _names(store) == ["One"]
