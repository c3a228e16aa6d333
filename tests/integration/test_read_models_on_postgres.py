"""The SQL read models on PostgreSQL, beside the events: one process projects, another reads
and waits on their positions; a rebuild while the projector runs counts nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from uuid import uuid4

import pytest
from argon2 import PasswordHasher

from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.catalogue.problems import ProblemKind
from services.catalogue.proposals import ProposalStatus
from services.read_models import ReadModels, build_read_models
from services.runtime import (
    build_accounts,
    build_catalogue,
    build_insights,
    build_lettings,
    build_lock,
)
from services.settings import Settings
from tests.clocks import new_year_2026
from tests.unit.bookings.school import T, build_school

pytestmark = pytest.mark.integration
TUE = dt.date(2026, 7, 28)


class Process:
    """What one Signpost process holds: the applications and the read models."""

    def __init__(self, settings: Settings) -> None:
        self.catalogue = build_catalogue(settings)
        self.insights = build_insights(settings)
        self.accounts = build_accounts(settings)
        self.lettings = build_lettings(settings, clock=new_year_2026, services=self.catalogue)
        self.read_models: ReadModels = build_read_models(
            settings,
            catalogue=self.catalogue,
            insights=self.insights,
            accounts=self.accounts,
            lettings=self.lettings.read_models,
            lock=lambda name: build_lock(settings, name),
        )

    def settled(self) -> ReadModels:
        for name in self.read_models.models:
            assert self.read_models.settle(name, timeout=20), name
        return self.read_models

    def close(self) -> None:
        self.read_models.close()
        self.catalogue.close()
        self.insights.close()
        self.accounts.close()
        self.lettings.close()


@pytest.fixture
def processes(postgres_env: dict[str, str], tmp_path: Path) -> Iterator[tuple[Process, Process]]:
    settings = Settings.from_env(
        {**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path), "SIGNPOST_POLL_INTERVAL": "0.02"}
    )
    projector, web = Process(settings), Process(settings)
    projector.read_models.start()
    yield projector, web
    web.close()
    projector.close()


def test_a_web_process_reads_what_the_projector_applied(
    processes: tuple[Process, Process],
) -> None:
    projector, web = processes
    catalogue = web.catalogue
    org = catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="t")
    sid = catalogue.register_service(org, ServiceDetails(name="Counselling"), actor="t")
    pid = catalogue.propose_service_change(sid, {"summary": "New"}, actor="p", organisations=None)
    rid = catalogue.report_problem(sid, ProblemKind.CLOSED, "100% shut")
    web.insights.record_unmet_search("dads group", {"free_only": "yes"}, "E15 4BQ")
    web.insights.record_signposting("counselling", ["mental-health"], "E15", [uuid4()])

    web.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
    person = web.accounts.create_account("a@b.org", "A", "a long enough password", [], actor="t")
    token = web.accounts.login("a@b.org", "a long enough password").token
    assert token is not None
    web.accounts.revoke_token(token, actor="a@b.org")

    views = web.settled()

    [proposal] = views.editorial.proposals(status=ProposalStatus.PENDING)
    assert (proposal.id, proposal.service_name) == (pid, "Counselling")
    assert [(p.id, p.details) for p in views.editorial.open_problems()] == [(rid, "100% shut")]
    gaps = views.insights.gap_report()
    assert (gaps.searches, gaps.districts, gaps.filters) == (
        1,
        [("E15", 1)],
        [("free_only=yes", 1)],
    )
    assert views.insights.signposting_report()["signpostings"] == 1
    assert [(a.id, a.email) for a in views.accounts.accounts()] == [(person, "a@b.org")]
    assert [e.what for e in views.accounts.audit_trail()] == ["Revoked", "LoggedIn", "Registered"]
    holders = {
        name: model.runner.holds_lock for name, model in projector.read_models.models.items()
    }
    assert all(holders.values()), "the projector holds every read model's lock"
    assert not any(m.runner.holds_lock for m in web.read_models.models.values())


def test_a_rebuild_while_the_projector_runs_swaps_in_the_same_rows(
    processes: tuple[Process, Process],
) -> None:
    _, web = processes
    for n in range(30):
        web.insights.record_unmet_search(f"search {n % 3}", {}, "E15")
    before = web.settled().insights.gap_report()
    assert before.searches == 30

    for name, model in web.read_models.models.items():
        assert model.rebuild() == model.runner.head(), name
    web.insights.record_unmet_search("search 0", {}, "SK1")

    after = web.settled().insights.gap_report()
    assert after.searches == 31
    assert dict(after.words)["0"] == dict(before.words)["0"] + 1
    assert dict(after.districts) == {"E15": 30, "SK1": 1}


def test_bookings_by_room_day_and_service_and_venues_by_place(
    processes: tuple[Process, Process],
) -> None:
    _, web = processes
    org = web.catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="t")
    service = web.catalogue.register_service(org, ServiceDetails(name="Course"), actor="t")
    school = replace(build_school(web.lettings.venues, web.lettings.bookings), org=org)
    first = school.request(school.hall, TUE, T(10), T(12), service_id=service)
    second = school.request(school.hall_a, TUE, T(11), T(13))
    school.bookings.confirm_booking(first, actor="m")
    web.settled()

    lettings = web.lettings
    assert [b.id for b in lettings.view.bookings(venue_id=school.venue_id)] == [first, second]
    assert [b.id for b in lettings.view.bookings(room_ids={school.hall_a})] == [second]
    assert lettings.view.pending_clashes(first) == [second]
    [session] = lettings.view.sessions_for_service(service, since=dt.date(2026, 7, 1))
    assert session.booking_id == first and session.days == [TUE]
    assert [v for v, _ in lettings.places.near(51.5413, 0.0037, 1)] == [school.venue_id]
