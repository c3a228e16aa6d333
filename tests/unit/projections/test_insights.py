"""The insights read model: unmet searches and signposting counted by term, in a window and by
month, without the log being read again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from uuid import uuid4

import pytest

from projections.insights import GAPS, SIGNPOSTING, InsightsProjection, InsightsView
from projections.rebuild import rebuild_tables
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.insights.application import Insights
from services.insights.domain import UnmetSearch

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


class Counted:
    def __init__(self) -> None:
        self.insights = Insights(env=MEMORY)
        self.store = SqliteTableStore(":memory:", "insights", InsightsProjection.tables)
        self.store.create_tables()
        self.runner = ProjectionRunner(
            self.insights,
            None,
            self.store,
            name="insights",
            projection=lambda: InsightsProjection(self.store),
        )

    @property
    def view(self) -> InsightsView:
        self.runner.catch_up()
        return InsightsView(self.store)


@pytest.fixture
def counted() -> Iterator[Counted]:
    counted = Counted()
    yield counted
    counted.store.close()
    counted.insights.close()


def test_the_gap_report_counts_words_filters_and_districts(counted: Counted) -> None:
    counted.insights.record_unmet_search("autism dads group", {"free_only": "yes"}, "E15 4BQ")
    counted.insights.record_unmet_search("dads group", {}, "E15 1AA")
    counted.insights.record_unmet_search("sign language", {"language": "BSL"}, "SK1 3XE")
    report = counted.view.gap_report()
    assert report.searches == 3
    assert dict(report.words)["dads"] == 2 and report.words[0] in (("dads", 2), ("group", 2))
    assert dict(report.districts) == {"E15": 2, "SK1": 1}
    assert dict(report.filters) == {"free_only=yes": 1, "language=BSL": 1}
    later = counted.view.gap_report(since=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    assert later.searches == 0 and later.words == []
    recent = counted.view.gap_report(since=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    assert (recent.searches, recent.words[:2]) == (3, report.words[:2])


def test_the_signposting_report_counts_needs_categories_districts_and_services(
    counted: Counted,
) -> None:
    service = uuid4()
    counted.insights.record_signposting("counselling anxiety", ["mental-health"], "E15", [service])
    counted.insights.record_signposting("counselling", ["mental-health"], "E15 4BQ", [service])
    report = counted.view.signposting_report(top=1)
    assert report == {
        "signpostings": 2,
        "needs": [("counselling", 2)],
        "categories": [("mental-health", 2)],
        "districts": [("E15", 2)],
        "services": [(str(service), 2)],
    }


def test_records_are_counted_by_month(counted: Counted) -> None:
    counted.insights.record_unmet_search("x", {}, "")
    counted.insights.record_unmet_search("y", {}, "")
    month = f"{dt.datetime.now(dt.UTC):%Y-%m}"
    assert counted.view.by_month(GAPS) == [(month, 2)]
    assert counted.view.by_month(SIGNPOSTING) == []


def test_a_rebuild_counts_each_record_once(counted: Counted) -> None:
    counted.insights.record_unmet_search("dads group", {}, "E15")
    before = counted.view.gap_report()
    rebuild_tables(counted.insights, counted.store, InsightsProjection)
    rebuild_tables(counted.insights, counted.store, InsightsProjection)
    assert counted.view.gap_report() == before


def _searched(insights: Insights, word: str, at: dt.datetime) -> None:
    event = UnmetSearch.Recorded(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=at,
        actor="public",
        words=[word],
        filters={},
        district="E15",
    )
    search = event.mutate(None)
    search._pending.append(event)
    insights.save(search)


def test_a_window_counts_whole_days_after_its_start_and_the_rest_of_its_first_day(
    counted: Counted,
) -> None:
    noon = dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    for word, at in (
        ("long-ago", noon - dt.timedelta(days=3)),
        ("morning", noon - dt.timedelta(days=2, hours=2)),
        ("afternoon", noon - dt.timedelta(days=2) + dt.timedelta(hours=2)),
        ("yesterday", noon - dt.timedelta(days=1)),
    ):
        _searched(counted.insights, word, at)
    since = noon - dt.timedelta(days=2)
    window = counted.view.gap_report(since=since)
    assert (window.searches, sorted(w for w, _ in window.words)) == (2, ["afternoon", "yesterday"])
    assert counted.view.gap_report().searches == 4
    months = counted.view.by_month(GAPS)
    assert sum(n for _, n in months) == 4 and [m for m, _ in months] == sorted(m for m, _ in months)
