"""The commissioners' read models against brute force: every figure the insights pages show is
the same as counting the events' outcome again from scratch, whatever happened in between."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.checked_ranking import AHEAD, week_of
from projections.demand import DemandView, Window
from projections.directory import DirectoryProjection, DirectoryView, Facts
from projections.insights import RECORDS, InsightsProjection
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.catalogue.application import Catalogue
from services.catalogue.editorial import REVIEW_AFTER
from services.catalogue.model import Location, OrganisationDetails, Position, ServiceDetails
from services.insights.application import Insights, needs_of, phrase_of
from services.shared.errors import RuleViolationError

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
TODAY = dt.date(2026, 11, 27)
PLACES = [
    ("E15 4BQ", 51.5413, 0.0032),
    ("SK1 3XE", 53.4106, -2.1575),
    ("MK9 3HL", 52.0406, -0.7594),
]
CATEGORIES = ["money.debt-advice", "housing.housing-support", "mental-health.counselling", "x"]
AREAS = ["", "London Borough of Newham", "Stockport"]

operation = st.one_of(
    st.tuples(st.just("register"), st.integers(0, 1), st.sampled_from(AREAS)),
    st.tuples(st.just("categorise"), st.integers(0, 9), st.lists(st.sampled_from(CATEGORIES))),
    st.tuples(st.just("locate"), st.integers(0, 9), st.integers(0, len(PLACES) - 1)),
    st.tuples(st.just("verify"), st.integers(0, 9), st.integers(0, 400)),
    st.tuples(st.just("close"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("withdraw"), st.integers(0, 9), st.none()),
)


def _directory(catalogue: Catalogue) -> tuple[DirectoryView, ProjectionRunner, SqliteTableStore]:
    store = SqliteTableStore(":memory:", "directory", DirectoryProjection.tables)
    store.create_tables()
    runner = ProjectionRunner(
        catalogue,
        None,
        store,
        name="directory",
        projection=lambda: DirectoryProjection(store, catalogue, cache_size=3),
    )
    return DirectoryView(store), runner, store


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, max_size=30), st.integers(0, 400), st.integers(1, 4))
def test_supply_and_checked_shares_are_those_of_the_services_as_they_are_now(
    operations: list[tuple[str, int, Any]], since_days: int, batches: int
) -> None:
    catalogue = Catalogue(env=MEMORY)
    view, runner, store = _directory(catalogue)
    orgs = [
        catalogue.register_organisation(OrganisationDetails(name=f"Org {i}"), actor="t")
        for i in range(2)
    ]
    services: list[UUID] = []
    for step, (kind, n, arg) in enumerate(operations):
        if kind == "register":
            details = ServiceDetails(name=f"Service {len(services)}", service_area=str(arg))
            services.append(catalogue.register_service(orgs[n], details, actor="t"))
        elif services:
            sid = services[n % len(services)]
            try:
                if kind == "categorise":
                    catalogue.categorise_service(sid, [c for c in arg if c != "x"], actor="t")
                elif kind == "locate":
                    postcode, lat, lon = PLACES[arg]
                    place = Location(
                        id=UUID(int=step), postcode=postcode, position=Position(lat=lat, lon=lon)
                    )
                    catalogue.add_service_location(sid, place, actor="t")
                elif kind == "verify":
                    on = TODAY - dt.timedelta(days=int(arg))
                    catalogue.verify_service(sid, on, actor="t")
                elif kind == "close":
                    if arg:
                        catalogue.temporarily_close_service(sid, "a while", actor="t")
                    else:
                        catalogue.reopen_service(sid, actor="t")
                else:
                    catalogue.withdraw_service(sid, "gone", actor="t")
            except RuleViolationError:  # withdrawn, or not closed: nothing recorded
                pass
        if step % batches == 0:
            runner.catch_up()
    runner.catch_up()

    since = TODAY - dt.timedelta(days=since_days)
    week = week_of(since).isoformat()  # checked shares are counted in whole weeks
    facts = [Facts(catalogue.get_service(s)) for s in services]
    supply: Counter[tuple[str, str]] = Counter()
    active, checked = 0, 0
    for f in facts:
        if f.active:
            active += 1
            checked += f.checked_on != "" and f.checked_on >= week
            if f.checked_on >= since.replace(day=1).isoformat():  # supply: whole months
                for d in f.districts:
                    for need in f.needs or [""]:
                        supply[(d, need)] += 1
    assert view.supply(since) == dict(supply)
    overall = view.shares(since)["all"]
    assert [(s.active, s.checked) for s in overall] == ([(active, checked)] if active else [])
    stale = {s.id for s in view.stale(since, limit=100)}
    expected = {s for s, f in zip(services, facts, strict=True) if f.active and f.checked_on < week}
    assert stale == expected
    store.close()
    catalogue.close()


def _ranked(store: SqliteTableStore) -> list[tuple[Any, ...]]:
    return store.rows(
        "SELECT * FROM {checked_ranking} ORDER BY cutoff_week, organisation"
    ) + store.rows("SELECT * FROM {ranked_weeks} ORDER BY week")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, max_size=30), st.integers(1, 4), st.integers(1, 5))
def test_organisations_least_checked_are_ranked_as_the_services_are_now_week_after_week(
    operations: list[tuple[str, int, Any]], batches: int, limit: int
) -> None:
    """The ranking kept for the review cutoffs of the coming weeks, and summed beyond them,
    is the services' own; a rebuild from the log in one batch keeps the same rows."""
    today = dt.datetime.now(dt.UTC).date()  # the events' day: its cutoffs are the kept ones
    catalogue = Catalogue(env=MEMORY)
    view, runner, store = _directory(catalogue)
    orgs = [
        catalogue.register_organisation(OrganisationDetails(name=f"Org {i}"), actor="t")
        for i in range(4)
    ]
    services: list[UUID] = []
    for step, (kind, n, arg) in enumerate(operations):
        if kind == "register":
            details = ServiceDetails(name=f"Service {len(services)}", service_area=str(arg))
            owner = orgs[(n + len(services)) % len(orgs)]
            services.append(catalogue.register_service(owner, details, actor="t"))
        elif services:
            sid = services[n % len(services)]
            try:
                if kind == "verify":
                    catalogue.verify_service(sid, today - dt.timedelta(days=arg // 2), actor="t")
                elif kind == "close":
                    if arg:
                        catalogue.temporarily_close_service(sid, "a while", actor="t")
                    else:
                        catalogue.reopen_service(sid, actor="t")
                elif kind == "withdraw":
                    catalogue.withdraw_service(sid, "gone", actor="t")
            except RuleViolationError:
                pass
        if step % batches == 0:
            runner.catch_up()
    runner.catch_up()

    facts = [Facts(catalogue.get_service(s)) for s in services]
    for weeks_on in range(-2, AHEAD + 3):  # before, through and after the weeks kept
        since = today + dt.timedelta(weeks=weeks_on) - REVIEW_AFTER
        cutoff = week_of(since).isoformat()
        by_org: dict[str, list[int]] = {}
        for f in facts:
            if f.active:
                counted = by_org.setdefault(f.organisation, [0, 0])
                counted[0] += 1
                counted[1] += f.checked_on != "" and f.checked_on >= cutoff
        expected = sorted(by_org.items(), key=lambda x: (x[1][1] / x[1][0], -x[1][0], x[0]))
        got = view.least_checked(since, limit)
        assert [(s.label, s.active, s.checked) for s in got] == [
            (o, a, c) for o, (a, c) in expected[:limit]
        ]

    _, rebuild, rebuilt_store = _directory(catalogue)
    rebuild.catch_up()
    assert _ranked(rebuilt_store) == _ranked(store)
    assert len(store.rows("SELECT * FROM {ranked_weeks}")) == AHEAD + 1
    store.close()
    rebuilt_store.close()
    catalogue.close()


search = st.tuples(
    st.sampled_from(["debt help", "my son won't go to school", "sign language club", ""]),
    st.sampled_from(["E15 4BQ", "SK1 3XE", ""]),
    st.booleans(),
    st.integers(0, 60),
)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(search, max_size=40),
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(["", "E15", "SK1"]),
)
def test_demand_cells_weeks_and_phrases_count_the_searches_in_the_range(
    searches: list[tuple[str, str, bool, int]], a: int, b: int, district: str
) -> None:
    insights = Insights(env=MEMORY)
    store = SqliteTableStore(":memory:", "insights", InsightsProjection.tables)
    store.create_tables()
    runner = ProjectionRunner(
        insights, None, store, name="insights", projection=lambda: InsightsProjection(store)
    )
    start = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)
    for text, postcode, found, day in searches:
        insights.record_search(text, {}, postcode, found=found, at=start + dt.timedelta(days=day))
    runner.catch_up()
    first, last = sorted((a, b))
    window = Window(
        start=start.date() + dt.timedelta(first),
        end=start.date() + dt.timedelta(last),
        district=district,
    )
    inside = [
        s
        for s in searches
        if first <= s[3] <= last and (not district or s[1].startswith(district + " "))
    ]
    expected: Counter[tuple[str, str, str]] = Counter()
    for text, postcode, found, _ in inside:
        d = postcode.split(" ")[0]
        for need in [RECORDS, *(needs_of(text) or [""])]:
            expected[("searches", d, need)] += 1
            if not found:
                expected[("unmet", d, need)] += 1
    got: Counter[tuple[str, str, str]] = Counter()
    for cell in DemandView(store).cells(window):
        got[("searches", cell.district, cell.need)] += cell.searches
        got[("unmet", cell.district, cell.need)] += cell.unmet
    assert +got == +expected
    weeks = DemandView(store).by_week(window, "unmet")
    assert sum(n for _, n in weeks) == sum(1 for s in inside if not s[2])
    assert all(w.weekday() == 0 for w, _ in weeks)
    phrases, rare = DemandView(store).phrases(window, at_least=3)
    unmet = Counter(phrase_of(s[0]) for s in inside if not s[2] and phrase_of(s[0]))
    assert {p.phrase: p.count for p in phrases} == {p: n for p, n in unmet.items() if n >= 3}
    assert rare == sum(n for n in unmet.values() if n < 3)
    store.close()
    insights.close()
