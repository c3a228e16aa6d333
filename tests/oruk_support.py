"""ORUK test support: an in-memory catalogue and read models, and the official schemas."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from eventsourcing.popo import POPOTrackingRecorder
from jsonschema import Draft202012Validator, FormatChecker

from projections.locks import NoLock
from projections.oruk_projection import OrukProjection
from projections.runner import ProjectionRunner
from search.engine import SearchEngine
from search.memory import InMemorySearchIndex
from search.oruk_memory import InMemoryOrukIndex
from search.port import Readership
from search.postcodes import PostcodeDirectory
from services.accounts.application import Accounts
from services.accounts.mail import ConsoleMailer
from services.accounts.throttle import InMemoryLoginThrottle
from services.bookings.application import Bookings
from services.catalogue.application import Catalogue
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.insights.application import Insights
from services.read_models import build_lettings_read_models, build_read_models
from services.runtime import Lettings, Runtime
from services.settings import Settings
from services.venues.application import Venues

SCHEMAS = Path(__file__).resolve().parent / "data" / "oruk-3.0" / "schema"


MEMORY_ENV = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


def memory_catalogue() -> Catalogue:
    return Catalogue(env=MEMORY_ENV)


def documents(runtime: Runtime, audience: Readership) -> dict[str, dict[str, Any]]:
    """The documents of a `memory_runtime`'s search index, by id."""
    assert isinstance(runtime.index, InMemorySearchIndex)
    return runtime.index.docs[audience]


def memory_runtime(services: int = 0, catalogue: Catalogue | None = None) -> Runtime:
    """A runtime on an in-memory store and in-memory read models, caught up."""
    catalogue = catalogue or memory_catalogue()
    if services:
        organisations, records = demo_records(services=services)
        sync_records(catalogue, organisations, records, actor="test")
    index = InMemorySearchIndex()
    oruk = InMemoryOrukIndex()
    runner = ProjectionRunner(catalogue, index, POPOTrackingRecorder())
    oruk_runner = ProjectionRunner(
        catalogue,
        oruk,  # type: ignore[arg-type]
        POPOTrackingRecorder(),
        name="oruk",
        projection=lambda: OrukProjection(catalogue, oruk),
    )
    settings = Settings.from_env({"SIGNPOST_SQLITE_PATH": ":memory:"})
    insights, accounts = Insights(env=MEMORY_ENV), Accounts(env=MEMORY_ENV)
    venues = Venues(env=MEMORY_ENV)
    bookings = Bookings(venues, env=MEMORY_ENV, services=catalogue)
    lettings_tables = build_lettings_read_models(
        settings, venues=venues, bookings=bookings, lock=lambda _: NoLock()
    )
    runtime = Runtime(
        settings=settings,
        catalogue=catalogue,
        index=index,
        runner=runner,
        postcodes=PostcodeDirectory(),
        admin_token="test-token",
        insights=insights,
        accounts=accounts,
        lettings=Lettings(venues=venues, bookings=bookings, read_models=lettings_tables),
        read_models=build_read_models(
            settings,
            catalogue=catalogue,
            insights=insights,
            accounts=accounts,
            lock=lambda _: NoLock(),
            lettings=lettings_tables,
        ),
        oruk_index=oruk,
        oruk_runner=oruk_runner,
        search=SearchEngine(index),
        mailer=ConsoleMailer(),
        login_throttle=InMemoryLoginThrottle(),
        embedding="keyword search only",
        started=True,
    )
    runner.catch_up()
    oruk_runner.catch_up()
    return runtime


@cache
def schema(name: str) -> dict[str, Any]:
    """An official schema: `compiled/service.json`, `taxonomy.json` ..."""
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    if name in ("taxonomy.json",):
        term = json.loads((SCHEMAS / "taxonomy_term.json").read_text())
        data["properties"]["taxonomy_terms"]["items"] = term
    return data


def violations(instance: Any, name: str) -> list[str]:
    """Every way the instance breaks the official schema, formats (uuid, date-time ...) included."""
    validator = Draft202012Validator(schema(name), format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
