"""The composition root: builds the event store, Meilisearch and the projection from settings."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from eventsourcing.persistence import InfrastructureFactory, TrackingRecorder
from eventsourcing.utils import Environment

from projections.bookings import BookingsView
from projections.locks import FileLock, PostgresAdvisoryLock, ProjectionLock, holding
from projections.oruk_projection import OrukProjection
from projections.places import PlacesView
from projections.runner import ProjectionRunner
from projections.search_projection import SearchProjection
from search.embedding import load_embedder
from search.engine import SearchEngine
from search.meili import MeiliSearchIndex
from search.meili_client import Meili
from search.oruk import OrukIndex
from search.oruk_meili import MeiliOrukIndex
from search.port import SearchIndex
from search.postcodes import PostcodeDirectory
from search.server import MeilisearchServer
from search.supervisor import Supervisor
from search.vector_cache import (
    CachedEmbedder,
    PostgresVectorCache,
    SqliteVectorCache,
    VectorCache,
)
from services.accounts.application import Accounts
from services.accounts.mail import ConsoleMailer, Mailer, SmtpMailer
from services.accounts.search_details import PostgresSearchDetails, SqliteSearchDetails
from services.accounts.throttle import (
    InMemoryLoginThrottle,
    LoginThrottle,
    PostgresLoginThrottle,
    SqliteLoginThrottle,
)
from services.bookings.application import Bookings, Names, ServiceSource
from services.catalogue.application import Catalogue
from services.catalogue.names import CatalogueNames
from services.insights.application import Insights
from services.read_models import (
    LettingsReadModels,
    ReadModels,
    build_lettings_read_models,
    build_read_models,
)
from services.settings import PROJECT_ROOT, Settings
from services.venues.application import Venues

log = logging.getLogger("signpost")


def build_catalogue(settings: Settings) -> Catalogue:
    settings.private_data_dir()
    return Catalogue(env=settings.eventsourcing_env())


def build_insights(settings: Settings) -> Insights:
    settings.private_data_dir()
    return Insights(env=settings.eventsourcing_env("insights"))


@dataclass
class Lettings:
    """School venues and their bookings: two applications and their read models (bookings by
    room, day and service; venues by place), which a projector runs (`read_models.start()`)."""

    venues: Venues
    bookings: Bookings
    read_models: LettingsReadModels

    @property
    def view(self) -> BookingsView:
        return self.read_models.bookings

    @property
    def places(self) -> PlacesView:
        return self.read_models.places

    def settle(self) -> None:
        """After a write: until the read models have it, so the next page or answer shows it."""
        self.read_models.settle()

    def close(self) -> None:
        self.read_models.close()
        self.bookings.close()
        self.venues.close()


def build_lettings(
    settings: Settings,
    clock: Callable[[], dt.datetime] | None = None,
    *,
    services: ServiceSource | None = None,
    names: Names | None = None,
) -> Lettings:
    """Venues and bookings: two applications, each with its own store (see eventsourcing_env)."""
    settings.private_data_dir()
    venues = Venues(env=settings.eventsourcing_env("venues", pool=(0, 8)))
    bookings = Bookings(
        venues,
        env=settings.eventsourcing_env("bookings", pool=(0, 8)),
        clock=clock,
        services=services,
        names=names,
    )
    read_models = build_lettings_read_models(
        settings, venues=venues, bookings=bookings, lock=lambda name: build_lock(settings, name)
    )
    return Lettings(venues=venues, bookings=bookings, read_models=read_models)


def build_accounts(settings: Settings) -> Accounts:
    settings.private_data_dir()
    # A session check per request: a small pool suffices.
    accounts = Accounts(env=settings.eventsourcing_env("accounts", pool=(0, 8)))
    accounts.search_details = (
        PostgresSearchDetails(settings.postgres_conninfo())
        if settings.persistence == "postgres"
        else SqliteSearchDetails(settings.data_dir / "search_details.sqlite")
    )
    return accounts


def build_login_throttle(settings: Settings) -> LoginThrottle:
    """Sign-in attempts per client address, counted where every web process sees them: a table
    beside the events (PostgreSQL, or the accounts store's SQLite file)."""
    if settings.persistence == "postgres":
        return PostgresLoginThrottle(settings.postgres_conninfo(), schema=settings.postgres_schema)
    path = settings.eventsourcing_env("accounts")["SQLITE_DBNAME"]
    return InMemoryLoginThrottle() if path == ":memory:" else SqliteLoginThrottle(path)


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when SIGNPOST_SMTP_HOST is set, else the console (the log)."""
    if not settings.smtp_host:
        return ConsoleMailer()
    return SmtpMailer(
        settings.smtp_host,
        settings.smtp_port,
        sender=settings.smtp_from,
        user=settings.smtp_user,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
    )


def build_tracking(settings: Settings, name: str = "search") -> TrackingRecorder:
    """Where a projection records its position: beside the events (PostgreSQL), or in its own
    SQLite file, since the SQLite tracking table is keyed by the upstream application only."""
    env = settings.eventsourcing_env(pool=(0, 1))  # a position at a time
    if settings.persistence == "sqlite":
        env["SQLITE_DBNAME"] = str(settings.data_dir / f"projection-{name}.sqlite")
    factory = InfrastructureFactory[TrackingRecorder].construct(
        Environment(name=f"{name}_projection", env=env)
    )
    return factory.tracking_recorder()


def build_lock(settings: Settings, name: str = "search") -> ProjectionLock:
    """What lets one projector at a time apply a projection: a PostgreSQL advisory lock (per
    schema, on a connection of its own), or a file lock beside the SQLite tracking file."""
    if settings.persistence == "postgres":
        return _postgres_lock(settings, f"projection-{name}")
    return FileLock(settings.data_dir / f"projection-{name}.lock")


def _postgres_lock(settings: Settings, name: str) -> PostgresAdvisoryLock:
    schema = f"{settings.postgres_schema}." if settings.postgres_schema else ""
    return PostgresAdvisoryLock(
        f"signpost-{schema}{name}",
        {
            "dbname": settings.postgres_dbname,
            "host": settings.postgres_host,
            "port": settings.postgres_port,
            "user": settings.postgres_user,
            "password": settings.postgres_password,
            "connect_timeout": 5,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
        },
    )


def _one_process_at_a_time(
    build: Callable[[Settings | None], Runtime],
) -> Callable[[Settings | None], Runtime]:
    """Processes starting together on PostgreSQL create their tables one at a time: the
    recorders' CREATE OR REPLACE FUNCTION fails ("tuple concurrently updated") when two
    sessions run it at once."""

    @functools.wraps(build)
    def one_at_a_time(settings: Settings | None = None) -> Runtime:
        settings = settings or Settings.from_env()
        if settings.persistence != "postgres":
            return build(settings)
        with holding(_postgres_lock(settings, "startup")):
            return build(settings)

    return one_at_a_time


def build_vector_cache(settings: Settings) -> VectorCache:
    """Where document vectors are kept by their text's hash: beside the events."""
    if settings.persistence == "postgres":
        return PostgresVectorCache(settings.postgres_conninfo())
    settings.private_data_dir()
    return SqliteVectorCache(settings.data_dir / "vectors.sqlite")


def meili_key(settings: Settings) -> str:
    if settings.meili_master_key:
        return settings.meili_master_key
    path = settings.data_dir / "meili-master-key"
    if not path.exists():
        settings.private_data_dir()
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def _running_child(settings: Settings) -> str | None:
    """The Meilisearch child of a `signpost serve` already running on this data dir, if any:
    a second process must share it, since two servers cannot open one database."""
    path = settings.data_dir / "meili.url"
    if not path.exists():
        return None
    url = path.read_text().strip()
    return url if Meili(url).healthy() else None


@dataclass
class Runtime:
    """Everything a running Signpost holds: started by `start()`, released by `close()`.

    `build_runtime` sets every field; the three that may be None are None by the deployment's
    nature, as their notes say."""

    settings: Settings
    catalogue: Catalogue
    index: SearchIndex
    runner: ProjectionRunner
    postcodes: PostcodeDirectory
    admin_token: str
    insights: Insights
    accounts: Accounts
    lettings: Lettings
    read_models: ReadModels  # the read models in SQL tables
    oruk_index: OrukIndex
    oruk_runner: ProjectionRunner
    search: SearchEngine  # the one search for the pages, staff search, the API and the ORUK feed
    mailer: Mailer
    login_throttle: LoginThrottle
    embedding: str  # what /health says of the embedding model
    server: MeilisearchServer | None = None
    """The Meilisearch child this process runs: None when MEILI_URL names a Meilisearch
    elsewhere, or this process shares the child of a `signpost serve` on the same data dir."""
    vectors: CachedEmbedder | None = None
    """The embedding model's vectors, cached: None when search is by keywords only (no model)."""
    supervisor: Supervisor | None = None
    """Restarts the Meilisearch child: set by `start()` when there is a child (`server`)."""
    started: bool = field(default=False)

    def start(self, *, follow: bool = True) -> None:
        if self.server is not None:
            self.server.start()
            (self.settings.data_dir / "meili.url").write_text(self.server.url)
            self.supervisor = Supervisor(self.server)
            self.supervisor.start()
        self.index.prepare()
        self.oruk_index.prepare()
        if follow:
            self.read_models.start()
            self.runner.start()
            self.oruk_runner.start()
        self.started = True

    def close(self) -> None:
        self.read_models.close()
        self.runner.stop()
        self.oruk_runner.stop()
        getattr(self.oruk_index, "close", lambda: None)()
        close = getattr(self.index, "close", None)
        if close is not None:
            close()
        if self.supervisor is not None:
            self.supervisor.stop()
        if self.server is not None:
            self.server.stop()
            (self.settings.data_dir / "meili.url").unlink(missing_ok=True)
        self.catalogue.close()
        self.insights.close()
        self.lettings.close()
        self.accounts.close()
        self.login_throttle.close()


@_one_process_at_a_time
def build_runtime(settings: Settings | None = None) -> Runtime:
    settings = settings or Settings.from_env()
    catalogue = build_catalogue(settings)
    key = meili_key(settings)
    server = None
    url = settings.meili_url or _running_child(settings)
    if url is None:
        server = MeilisearchServer(
            data_dir=settings.data_dir / "meili",
            master_key=key,
            binary=settings.meili_binary,
            project_root=PROJECT_ROOT,
        )
        url = server.url
    embedder, embedding = load_embedder(settings.semantic_search)
    vectors = CachedEmbedder(embedder, build_vector_cache(settings)) if embedder else None
    index = MeiliSearchIndex(
        url=url,
        api_key=key,
        prefix=settings.meili_index_prefix,
        dimensions=embedder.dimensions if embedder else None,
        vector_store=settings.vector_store,
    )
    runner = ProjectionRunner(
        catalogue,
        index,
        build_tracking(settings),
        poll_interval=settings.poll_interval,
        lock=build_lock(settings),
        projection=lambda: SearchProjection(catalogue, index, embedder=vectors),
    )
    oruk_index = MeiliOrukIndex(url=url, api_key=key, prefix=settings.meili_index_prefix)
    oruk_runner = ProjectionRunner(
        catalogue,
        oruk_index,  # type: ignore[arg-type]
        build_tracking(settings, "oruk"),
        name="oruk",
        poll_interval=settings.poll_interval,
        batch_size=10_000,  # Meilisearch's cost is per task more than per nested document
        projection=lambda: OrukProjection(catalogue, oruk_index),
        lock=build_lock(settings, "oruk"),
        behind=runner,  # families' search first: its tasks queue ahead of the ORUK feed's
    )
    insights, accounts = build_insights(settings), build_accounts(settings)
    lettings = build_lettings(settings, services=catalogue, names=CatalogueNames(catalogue))
    return Runtime(
        settings=settings,
        catalogue=catalogue,
        index=index,
        runner=runner,
        postcodes=PostcodeDirectory().load(),  # read at start, never inside a request
        admin_token=settings.resolved_admin_token(),
        insights=insights,
        accounts=accounts,
        mailer=build_mailer(settings),
        login_throttle=build_login_throttle(settings),
        server=server,
        oruk_index=oruk_index,
        oruk_runner=oruk_runner,
        lettings=lettings,
        read_models=build_read_models(
            settings,
            catalogue=catalogue,
            insights=insights,
            accounts=accounts,
            lock=lambda name: build_lock(settings, name),
            lettings=lettings.read_models,
        ),
        search=SearchEngine(index, vectors),
        embedding=embedding,
        vectors=vectors,
    )
