"""The read models kept in SQL tables, built from settings: each one's store, runner and view."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from projections.accounts import AccountsProjection, AccountsView
from projections.bookings import BookingsProjection, BookingsView
from projections.demand import DemandView
from projections.directory import DirectoryProjection, DirectoryView
from projections.editorial import EditorialProjection, EditorialView
from projections.insights import InsightsProjection, InsightsView
from projections.lettings_use import LetHoursProjection, LettingsUseView, OpenHoursProjection
from projections.locks import ProjectionLock
from projections.places import PlacesProjection, PlacesView
from projections.rebuild import rebuild_tables
from projections.runner import ProjectionRunner
from projections.sql.port import Table, TableStore
from projections.sql.postgres import PostgresTableStore, table_pool
from projections.sql.projection import TableProjection
from projections.sql.sqlite import SqliteTableStore
from services.accounts.application import Accounts
from services.bookings.application import Bookings
from services.catalogue.application import Catalogue
from services.insights.application import Insights
from services.settings import Settings
from services.shared.application import MsgspecApplication
from services.venues.application import Venues

PROJECTIONS: tuple[type[TableProjection], ...] = (
    EditorialProjection,
    InsightsProjection,
    AccountsProjection,
    BookingsProjection,
    PlacesProjection,
    DirectoryProjection,
    OpenHoursProjection,
    LetHoursProjection,
)
NAMES = tuple(p.name for p in PROJECTIONS)  # for `signpost projections rebuild --only`


@dataclass
class TableReadModel:
    """One read model: the application it follows, its tables, the runner that applies it."""

    app: MsgspecApplication
    store: TableStore
    projection: Callable[[TableStore], TableProjection]
    runner: ProjectionRunner

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        return rebuild_tables(self.app, self.store, self.projection, progress=progress)


@dataclass(kw_only=True)
class TableModels:
    """Read models in SQL tables. A web process reads them (and waits on their position after
    its own writes); a projector process runs them (`start`)."""

    models: dict[str, TableReadModel]
    pool: ConnectionPool | None = None
    own: frozenset[str] = frozenset()  # the ones whose stores `close` closes (default: all)

    @property
    def runners(self) -> list[ProjectionRunner]:
        return [model.runner for model in self.models.values()]

    def start(self) -> None:
        for model in self.models.values():
            if not model.runner.running:
                model.runner.start()

    def settle(self, *names: str, timeout: float = 5.0) -> bool:
        """Waits until the read models (default: all) have applied everything recorded so far:
        after a write, before the page that shows it (False if one did not within `timeout`)."""
        settled = True
        for name in names or tuple(self.models):
            runner = self.models[name].runner
            runner.nudge()
            settled = runner.wait_for(runner.head(), timeout) and settled
        return settled

    def refresh(self, name: str) -> bool:
        """Up to date before a report reads it, whether or not a projector is running."""
        return self.models[name].runner.refresh()

    def close(self) -> None:
        for model in self.models.values():
            model.runner.stop()
        for name, model in self.models.items():
            if name in self.own or not self.own:
                model.store.close()
        if self.pool is not None:
            self.pool.close()


@dataclass(kw_only=True)
class ReadModels(TableModels):
    editorial: EditorialView
    insights: InsightsView
    accounts: AccountsView
    demand: DemandView
    directory: DirectoryView


@dataclass(kw_only=True)
class LettingsReadModels(TableModels):
    bookings: BookingsView
    places: PlacesView
    use: LettingsUseView


def table_store(
    settings: Settings, pool: ConnectionPool | None, name: str, tables: Sequence[Table]
) -> TableStore:
    """Beside the events: in their PostgreSQL schema, or a SQLite file of the read model's own
    (`:memory:` when the events are in memory)."""
    if pool is not None:
        return PostgresTableStore(pool, name, tables, schema=settings.postgres_schema or "public")
    events = settings.eventsourcing_env()["SQLITE_DBNAME"]
    if events == ":memory:":
        return SqliteTableStore(":memory:", name, tables)
    return SqliteTableStore(settings.data_dir / f"read-model-{name}.sqlite", name, tables)


class _Builder:
    """Makes each read model's store (creating missing tables) and runner."""

    def __init__(self, settings: Settings, lock: Callable[[str], ProjectionLock]) -> None:
        self.settings = settings
        self.lock = lock
        postgres = settings.persistence == "postgres"
        self.pool = table_pool(settings.postgres_conninfo()) if postgres else None
        self.models: dict[str, TableReadModel] = {}

    def store(
        self,
        app: MsgspecApplication,
        kind: type[TableProjection],
        make: Callable[[TableStore], TableProjection] | None = None,
    ) -> TableStore:
        projection = make or kind
        store = table_store(self.settings, self.pool, kind.name, kind.tables)
        store.create_tables()
        runner = ProjectionRunner(
            app,
            None,
            store,
            name=kind.name,
            poll_interval=self.settings.poll_interval,
            lock=self.lock(kind.name),
            projection=lambda: projection(store),
        )
        self.models[kind.name] = TableReadModel(app, store, projection, runner)
        return store


def build_read_models(
    settings: Settings,
    *,
    catalogue: Catalogue,
    insights: Insights,
    accounts: Accounts,
    lock: Callable[[str], ProjectionLock],
    lettings: TableModels | None = None,
) -> ReadModels:
    """Creates any missing table (PostgreSQL: run it under the startup lock). The lettings'
    read models, built with their applications, are listed and started with these."""
    build = _Builder(settings, lock)
    editorial = EditorialView(build.store(catalogue, EditorialProjection))
    insights_store = build.store(insights, InsightsProjection)
    accounts_view = AccountsView(build.store(accounts, AccountsProjection))
    make_directory = functools.partial(DirectoryProjection, catalogue=catalogue)
    directory = DirectoryView(build.store(catalogue, DirectoryProjection, make_directory))
    own = frozenset(build.models)
    return ReadModels(
        editorial=editorial,
        insights=InsightsView(insights_store),
        accounts=accounts_view,
        demand=DemandView(insights_store),
        directory=directory,
        models={**build.models, **(lettings.models if lettings else {})},
        pool=build.pool,
        own=own,
    )


def build_lettings_read_models(
    settings: Settings,
    *,
    venues: Venues,
    bookings: Bookings,
    lock: Callable[[str], ProjectionLock],
) -> LettingsReadModels:
    build = _Builder(settings, lock)
    make = functools.partial(BookingsProjection, bookings=bookings)
    open_hours = functools.partial(OpenHoursProjection, venues=venues)
    let_hours = functools.partial(LetHoursProjection, bookings=bookings)
    return LettingsReadModels(
        bookings=BookingsView(build.store(bookings, BookingsProjection, make), venues),
        places=PlacesView(build.store(venues, PlacesProjection)),
        use=LettingsUseView(
            build.store(venues, OpenHoursProjection, open_hours),
            build.store(bookings, LetHoursProjection, let_hours),
        ),
        models=build.models,
        pool=build.pool,
    )
