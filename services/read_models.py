"""The read models kept in SQL tables, built from settings: each one's store, runner and view."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from projections.accounts import AccountsProjection, AccountsView
from projections.editorial import EditorialProjection, EditorialView
from projections.insights import InsightsProjection, InsightsView
from projections.locks import ProjectionLock
from projections.rebuild import rebuild_tables
from projections.runner import ProjectionRunner
from projections.sql.port import Table, TableStore
from projections.sql.postgres import PostgresTableStore, table_pool
from projections.sql.projection import TableProjection
from projections.sql.sqlite import SqliteTableStore
from services.accounts.application import Accounts
from services.catalogue.application import Catalogue
from services.insights.application import Insights
from services.settings import Settings
from services.shared.application import MsgspecApplication

log = logging.getLogger("signpost")
PROJECTIONS: tuple[type[TableProjection], ...] = (
    EditorialProjection,
    InsightsProjection,
    AccountsProjection,
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


@dataclass
class ReadModels:
    """Every read model in SQL tables. A web process reads them (and waits on their position
    after its own writes); a projector process runs them (`start`)."""

    editorial: EditorialView
    insights: InsightsView
    accounts: AccountsView
    models: dict[str, TableReadModel]
    pool: ConnectionPool | None = None

    @property
    def runners(self) -> list[ProjectionRunner]:
        return [model.runner for model in self.models.values()]

    def start(self) -> None:
        for model in self.models.values():
            model.runner.start()

    def settle(self, name: str, timeout: float = 5.0) -> bool:
        """Waits until the read model has applied everything recorded so far: after a write,
        before the page that shows it (False if it did not within `timeout`)."""
        runner = self.models[name].runner
        runner.nudge()
        return runner.wait_for(runner.head(), timeout)

    def refresh(self, name: str) -> bool:
        """Up to date before a report reads it, whether or not a projector is running."""
        return self.models[name].runner.refresh()

    def close(self) -> None:
        for model in self.models.values():
            model.runner.stop()
        for model in self.models.values():
            model.store.close()
        if self.pool is not None:
            self.pool.close()


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


def build_read_models(
    settings: Settings,
    *,
    catalogue: Catalogue,
    insights: Insights,
    accounts: Accounts,
    lock: Callable[[str], ProjectionLock],
) -> ReadModels:
    """Creates any missing table (PostgreSQL: run it under the startup lock)."""
    pool = table_pool(settings.postgres_conninfo()) if settings.persistence == "postgres" else None
    models: dict[str, TableReadModel] = {}

    def model(
        app: MsgspecApplication,
        kind: type[TableProjection],
        make: Callable[[TableStore], TableProjection] | None = None,
    ) -> TableStore:
        projection = make or kind
        store = table_store(settings, pool, kind.name, kind.tables)
        store.create_tables()
        runner = ProjectionRunner(
            app,
            None,
            store,
            name=kind.name,
            poll_interval=settings.poll_interval,
            lock=lock(kind.name),
            projection=lambda: projection(store),
        )
        models[kind.name] = TableReadModel(app, store, projection, runner)
        return store

    return ReadModels(
        editorial=EditorialView(model(catalogue, EditorialProjection)),
        insights=InsightsView(model(insights, InsightsProjection)),
        accounts=AccountsView(model(accounts, AccountsProjection)),
        models=models,
        pool=pool,
    )
