"""The insights pages at 2,000 and 50,000 services: what building the directory read model
costs, and what a page costs (its figures and its template) for one user and for 16 at once."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from projections.demand import DemandView, Window
from projections.directory import DirectoryProjection, DirectoryView
from projections.insights import InsightsProjection
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.catalogue.application import Catalogue
from services.catalogue.demo.places import PLACES
from services.catalogue.domain import Organisation, Service
from services.catalogue.model import Location, OrganisationDetails, Position, ServiceDetails
from services.catalogue.taxonomy import TERMS
from services.http.pages.insights import figures
from services.http.pages.templating import environment
from services.insights.application import Insights
from services.insights.demo import load_demo_demand
from tests.benchmarks.timing import percentile

pytestmark = pytest.mark.benchmark
SIZES = tuple(int(n) for n in os.environ.get("INSIGHTS_BENCH_SIZES", "2000,50000").split(","))
PAGES = os.environ.get("INSIGHTS_BENCH_PAGES", "demand,unmet,directory,directory-e15").split(",")
TODAY = dt.datetime.now(dt.UTC).date()  # the events' day: pages ask of the present
CHILDREN = [t for t in TERMS if "." in t]


def _sqlite(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def _catalogue(path: Path, services: int) -> Catalogue:
    """Services in the four demo places, one organisation per 25, placed near a district,
    categorised and checked on a day of the last year."""
    rng = random.Random(5)
    catalogue = Catalogue(env=_sqlite(path))
    districts = [(p, d, lat, lon) for p in PLACES for d, (lat, lon) in p.districts.items()]
    orgs = [
        Organisation.register(OrganisationDetails(name=f"Org {n}"), id=uuid4(), actor="bench")
        for n in range(max(1, services // 25))
    ]
    catalogue.save(*orgs)
    for start in range(0, services, 500):
        batch = []
        for n in range(start, min(services, start + 500)):
            place, district, lat, lon = rng.choice(districts)
            details = ServiceDetails(name=f"Service {n}", service_area=place.area)
            s = Service.register(rng.choice(orgs).id, details, id=uuid4(), actor="bench")
            s.categorise(rng.sample(CHILDREN, 2), actor="bench")
            position = Position(
                lat=lat + rng.uniform(-0.01, 0.01), lon=lon + rng.uniform(-0.01, 0.01)
            )
            s.add_location(
                Location(id=uuid4(), postcode=f"{district} 1AA", position=position), actor="bench"
            )
            s.verify(TODAY - dt.timedelta(days=rng.randrange(365)), actor="bench")
            batch.append(s)
        catalogue.save(*batch)
    return catalogue


def _p95_ms(samples: list[float]) -> float:
    """The 95th percentile of times in seconds, in milliseconds (the benches' nearest rank)."""
    return percentile(samples, 95) * 1000


def _timed(call: Callable[[], Any], n: int, users: int) -> list[tuple[float, float]]:
    """Each call's wall-clock time and the CPU time of its thread."""

    def one() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.thread_time()
        call()
        return time.perf_counter() - started, time.thread_time() - cpu

    with ThreadPoolExecutor(users) as pool:
        return list(pool.map(lambda _: one(), range(n)))


def test_insights_pages_cost_the_same_at_2000_and_50000_services(tmp_path: Path) -> None:
    insights = Insights(env=_sqlite(tmp_path / "insights.sqlite"))
    load_demo_demand(insights, TODAY)
    demand_store = SqliteTableStore(
        tmp_path / "demand.sqlite", "insights", InsightsProjection.tables
    )
    demand_store.create_tables()
    ProjectionRunner(
        insights,
        None,
        demand_store,
        name="insights",
        projection=lambda: InsightsProjection(demand_store),
    ).catch_up()
    demand = DemandView(demand_store)
    template = environment().get_template("staff/insights/figures.html")
    window = Window(start=TODAY - dt.timedelta(days=364), end=TODAY)
    in_e15 = Window(start=window.start, end=window.end, district="E15")
    results = {}
    for size in SIZES:
        catalogue = _catalogue(tmp_path / f"catalogue-{size}.sqlite", size)
        store = SqliteTableStore(
            tmp_path / f"directory-{size}.sqlite", "directory", DirectoryProjection.tables
        )
        store.create_tables()
        started = time.perf_counter()
        ProjectionRunner(
            catalogue,
            None,
            store,
            name="directory",
            projection=partial(DirectoryProjection, store, catalogue),
        ).catch_up()
        built = time.perf_counter() - started
        directory = DirectoryView(store)
        pages: dict[str, Callable[[], Any]] = {
            "demand": partial(figures.demand_and_supply, demand, directory, window, TODAY),
            "unmet": partial(figures.unmet, demand, window),
            "directory": partial(figures.directory_health, directory, window, TODAY),
            "directory-e15": partial(figures.directory_health, directory, in_e15, TODAY),
        }
        pages = {name: make for name, make in pages.items() if name in PAGES}
        for name, make in pages.items():

            def render(make: Callable[[], Any] = make, name: str = name) -> str:
                return template.render(
                    name=name,
                    title=name,
                    pages={},
                    filters=type("F", (), {"window": window}),
                    values={},
                    errors={},
                    figures=make(),
                    query="",
                    nav=[],
                    me=None,
                    error_list=[],
                    current_path="/",
                    csrf_token="",
                )

            one = _timed(render, 30, 1)
            many = [wall for wall, _ in _timed(render, 160, 16)]
            results[(size, name)] = (
                statistics.median(wall for wall, _ in one) * 1000,
                _p95_ms([wall for wall, _ in one]),
                _p95_ms(many),
                statistics.median(cpu for _, cpu in one) * 1000,
            )
        rows = (
            store.rows("SELECT COUNT(*) FROM {supply}")[0][0],
            store.rows("SELECT COUNT(*) FROM {health}")[0][0],
            store.rows("SELECT COUNT(*) FROM {checked_ranking}")[0][0],
        )
        print(
            f"\n{size:,} services: directory read model built in {built:.1f} s "
            f"({size / built:,.0f} services/s); supply rows {rows[0]:,}, health rows {rows[1]:,},"
            f" ranking rows {rows[2]:,}"
        )
        for name in pages:
            p50, p95, p95_16, cpu = results[(size, name)]
            print(
                f"  {name}: 1 user p50 {p50:.1f} ms, p95 {p95:.1f} ms, CPU p50 {cpu:.1f} ms;"
                f" 16 users p95 {p95_16:.1f} ms"
            )
        catalogue.close()
        store.close()
    if len(SIZES) == 2:
        for name in pages:
            small, large = results[(SIZES[0], name)], results[(SIZES[1], name)]
            print(
                f"  {name}: p50 at {SIZES[1]:,} / at {SIZES[0]:,} = {large[0] / small[0]:.2f}x,"
                f" CPU {large[3] / small[3]:.2f}x"
            )
    insights.close()
    demand_store.close()


def test_insights_pages_over_http_with_16_users(
    tmp_path_factory: pytest.TempPathFactory, meili_server: Any
) -> None:
    """The demo catalogue and a year of demo demand served over HTTP (keyword search): each page
    fetched by 16 users at once, each asking again as soon as answered (saturated)."""
    import httpx
    import msgspec
    from argon2 import PasswordHasher

    from services.accounts.domain import Role
    from services.catalogue.demo import demo_records
    from services.catalogue.sync import sync_records
    from services.http.auth import SESSION_COOKIE
    from tests.e2e.conftest import serve
    from tests.e2e.staff.conftest import staff_settings

    settings = staff_settings(str(tmp_path_factory.mktemp("insights-http")), meili_server)
    settings = msgspec.structs.replace(settings, semantic_search=False)
    for served in serve(settings):
        runtime = served.runtime
        runtime.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
        organisations, services = demo_records()
        sync_records(runtime.catalogue, organisations, services, actor="bench")
        load_demo_demand(runtime.insights, dt.datetime.now(dt.UTC).date())
        served.caught_up(300)
        account = runtime.accounts.create_account(
            "c@example.org",
            "Commissioner",
            "a long enough password",
            [Role.COMMISSIONER],
            actor="bench",
        )
        token = runtime.accounts.issue_api_token(account, actor="bench")
        print()
        for path in ("/insights/demand", "/insights/unmet", "/insights/directory"):

            def fetch(_: int, path: str = path, url: str = served.url, token: str = token) -> float:
                with httpx.Client(base_url=url, timeout=60) as client:
                    client.cookies.set(SESSION_COOKIE, token)
                    started = time.perf_counter()
                    response = client.get(path)
                    assert response.status_code == 200
                    return time.perf_counter() - started

            fetch(0)
            with ThreadPoolExecutor(16) as pool:
                started = time.perf_counter()
                samples = list(pool.map(fetch, range(160)))
                took = time.perf_counter() - started
            print(
                f"  {path} over HTTP, 16 users: p50 {statistics.median(samples) * 1000:.0f} ms,"
                f" p95 {_p95_ms(samples):.0f} ms, {len(samples) / took:.1f} pages/s"
            )
