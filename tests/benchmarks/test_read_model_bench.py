"""Read models in SQL tables: what a page reads, at 2,000 and at 50,000 events, against the
log replay it replaced (the editor's list, the gap report), and how fast the projector applies."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from projections.editorial import EditorialProjection, EditorialView
from projections.insights import InsightsProjection, InsightsView
from projections.runner import ProjectionRunner
from projections.sql.projection import TableProjection
from projections.sql.sqlite import SqliteTableStore
from search.geo import district_of
from services.catalogue.application import Catalogue
from services.catalogue.domain import Service
from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.catalogue.problems import ProblemKind, ProblemReport
from services.catalogue.proposals import Proposal, ProposalStatus
from services.insights.application import Insights, words_of
from services.insights.domain import UnmetSearch
from services.shared.application import MsgspecApplication
from services.shared.reading import events_of_type

pytestmark = pytest.mark.benchmark
SIZES = (2_000, 50_000)
WAITING = 20  # proposals waiting and problems open, at every size: what the page shows
WORDS = ["autism", "dads", "group", "sign", "language", "counselling", "housing", "debt"]


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time(call: Callable[[], Any], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _sqlite(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def _catalogue(path: Path, events: int) -> Catalogue:
    """One organisation, services registered in batches, then the editor's waiting work."""
    catalogue = Catalogue(env=_sqlite(path))
    org = catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="bench")
    services = events - 1 - 3 * WAITING
    ids = []
    for start in range(0, services, 1000):
        batch = [
            Service.register(org, ServiceDetails(name=f"Service {n}"), id=uuid4(), actor="bench")
            for n in range(start, min(services, start + 1000))
        ]
        catalogue.save(*batch)
        ids += [s.id for s in batch]
    for n in range(WAITING):
        catalogue.propose_service_change(
            ids[n], {"summary": f"Now on day {n}"}, actor="p", organisations=None
        )
        catalogue.report_problem(ids[n], ProblemKind.OTHER, f"Problem {n}")
        catalogue.report_problem(ids[-n - 1], ProblemKind.CLOSED, "Shut")
    for report in list(events_of_type(catalogue, ProblemReport.Reported))[1::2]:
        catalogue.resolve_problem(report.originator_id, "", actor="ed")
    return catalogue


def _insights(path: Path, records: int) -> Insights:
    insights = Insights(env=_sqlite(path))
    for start in range(0, records, 1000):
        insights.save(
            *[
                UnmetSearch.record(
                    id=uuid4(),
                    words=words_of(f"{WORDS[n % 8]} {WORDS[n % 5]} {WORDS[n % 3]}"),
                    filters={"free_only": "yes"} if n % 4 == 0 else {},
                    district=district_of(f"E{n % 20} 1AA") or "",
                )
                for n in range(start, min(records, start + 1000))
            ]
        )
    return insights


def _project(
    app: MsgspecApplication, path: Path, kind: type[TableProjection]
) -> tuple[SqliteTableStore, float]:
    store = SqliteTableStore(path, kind.name, kind.tables)
    store.create_tables()
    runner = ProjectionRunner(app, None, store, name=kind.name, projection=lambda: kind(store))
    started = time.perf_counter()
    runner.catch_up()
    return store, time.perf_counter() - started


def _queue_by_replay(catalogue: Catalogue) -> tuple[list[Proposal], list[ProblemReport]]:
    """The editor's list as it was read before: every proposal and report from the log."""
    proposals = [
        catalogue.get_proposal(e.originator_id)
        for e in events_of_type(catalogue, Proposal.Submitted)
    ]
    reports = [
        catalogue.load(e.originator_id, ProblemReport, "problem report")
        for e in events_of_type(catalogue, ProblemReport.Reported)
    ]
    pending = [p for p in proposals if p.status is ProposalStatus.PENDING]
    problems = [r for r in reports if not r.resolved]
    {i: catalogue.get_service(i).details.name for i in {p.service_id for p in pending}}
    return pending, problems


def _gaps_by_replay(insights: Insights) -> int:
    words: Counter[str] = Counter()
    searches = 0
    for event in events_of_type(insights, UnmetSearch.Recorded):
        searches += 1
        words.update(event.words)
    return searches


def test_a_pages_reads_cost_the_same_at_2000_and_50000_events(tmp_path: Path) -> None:
    print("\nRead models in SQL tables (SQLite, 2 cores): median of repeated reads")
    figures: dict[int, dict[str, float]] = {}
    for size in SIZES:
        catalogue = _catalogue(tmp_path / f"catalogue-{size}.sqlite", size)
        head = catalogue.recorder.max_notification_id() or 0
        store, took = _project(
            catalogue, tmp_path / f"editorial-{size}.sqlite", EditorialProjection
        )
        view = EditorialView(store)

        def queue(view: EditorialView = view) -> None:
            pending = view.proposals(status=ProposalStatus.PENDING)
            problems = view.open_problems()
            assert len(pending) == WAITING and len(problems) == WAITING

        new = _ms(_time(queue, 50))
        old = _ms(_time(partial(_queue_by_replay, catalogue), 5))
        insights = _insights(tmp_path / f"insights-{size}.sqlite", size)
        counts, counted = _project(
            insights, tmp_path / f"insights-read-{size}.sqlite", InsightsProjection
        )
        report = InsightsView(counts)
        assert report.gap_report().searches == size
        gaps = _ms(_time(report.gap_report, 50))
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        window = _ms(_time(partial(report.gap_report, since=since), 10))
        replay = _ms(_time(partial(_gaps_by_replay, insights), 3))
        figures[size] = {"queue": new, "old queue": old, "gaps": gaps, "old gaps": replay}
        print(
            f"  {size:>6} catalogue events: editor's list {new:.2f} ms (replaying the log: {old:.1f} ms);"
            f" the projector applied them in {took:.1f} s ({head / took:,.0f} events/s)"
        )
        print(
            f"  {size:>6} unmet searches: gap report {gaps:.2f} ms from the daily counters,"
            f" {window:.1f} ms for the last 30 days (every search in it);"
            f" replaying the log: {replay:.1f} ms; projected in {counted:.1f} s"
        )
        store.close()
        counts.close()
        catalogue.close()
        insights.close()
    small, large = (figures[s] for s in SIZES)
    for what in ("queue", "old queue", "gaps", "old gaps"):
        print(f"  {what}: x{large[what] / small[what]:.1f} from {SIZES[0]:,} to {SIZES[1]:,}")
