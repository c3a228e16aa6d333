"""The editorial read model: proposals by status and organisation, open problem reports, and the
names of the services they are about, in SQL tables kept by the runner."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID, uuid4

import msgspec
import pytest

from projections.editorial import EditorialProjection, EditorialView
from projections.rebuild import rebuild_tables
from projections.runner import ProjectionRunner
from projections.sql.sqlite import SqliteTableStore
from services.catalogue.application import Catalogue
from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.catalogue.problems import ProblemKind
from services.catalogue.proposals import ProposalStatus

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


class Editorial:
    """A catalogue and its editorial read model, brought up to date before each read."""

    def __init__(self) -> None:
        self.catalogue = Catalogue(env=MEMORY)
        self.store = SqliteTableStore(":memory:", "editorial", EditorialProjection.tables)
        self.store.create_tables()
        self.runner = ProjectionRunner(
            self.catalogue,
            None,
            self.store,
            name="editorial",
            projection=lambda: EditorialProjection(self.store),
        )

    @property
    def view(self) -> EditorialView:
        self.runner.catch_up()
        return EditorialView(self.store)


@pytest.fixture
def ed() -> Iterator[Editorial]:
    editorial = Editorial()
    yield editorial
    editorial.store.close()
    editorial.catalogue.close()


@pytest.fixture
def org(ed: Editorial) -> UUID:
    return ed.catalogue.register_organisation(OrganisationDetails(name="Talking Space"), actor="e")


@pytest.fixture
def sid(ed: Editorial, org: UUID) -> UUID:
    return ed.catalogue.register_service(org, ServiceDetails(name="Counselling"), actor="ed")


def test_the_provider_sees_only_their_organisations_proposals(
    ed: Editorial, org: UUID, sid: UUID
) -> None:
    ed.catalogue.propose_service_change(sid, {"summary": "New"}, actor="p", organisations=[org])
    assert len(ed.view.proposals(organisations=[org])) == 1
    assert ed.view.proposals(organisations=[uuid4()]) == []
    assert ed.view.proposals(organisations=[]) == []
    assert len(ed.view.proposals(status=ProposalStatus.PENDING)) == 1


def test_a_proposal_leaves_the_queue_when_decided_and_shows_the_outcome(
    ed: Editorial, org: UUID, sid: UUID
) -> None:
    approved = ed.catalogue.propose_service_change(
        sid, {"summary": "Saturdays too"}, actor="p@x.org", organisations=[org]
    )
    rejected = ed.catalogue.propose_service_change(
        sid, {"alert": "Closed"}, actor="p@x.org", organisations=[org]
    )
    [first, second] = ed.view.proposals(status=ProposalStatus.PENDING)
    assert (first.id, first.proposer, first.changes) == (
        approved,
        "p@x.org",
        {"summary": "Saturdays too"},
    )
    assert first.service_name == "Counselling" and second.id == rejected

    ed.catalogue.approve_proposal(approved, actor="ed")
    ed.catalogue.reject_proposal(rejected, "Not closed", actor="ed")

    assert ed.view.proposals(status=ProposalStatus.PENDING) == []
    outcomes = {p.id: (p.status, p.reason) for p in ed.view.proposals(organisations=[org])}
    assert outcomes == {
        approved: (ProposalStatus.APPROVED, ""),
        rejected: (ProposalStatus.REJECTED, "Not closed"),
    }


def test_a_resolved_problem_report_leaves_the_triage_list(ed: Editorial, sid: UUID) -> None:
    rid = ed.catalogue.report_problem(sid, ProblemKind.CLOSED, "It closed in June")
    assert [r.id for r in ed.view.open_problems()] == [rid]
    ed.catalogue.resolve_problem(rid, "Marked closed", actor="ed")
    assert ed.view.open_problems() == []
    assert [r.resolved for r in ed.view.problem_reports()] == [True]


def test_problem_reports_are_kept_in_order_by_service_with_the_services_current_name(
    ed: Editorial, org: UUID, sid: UUID
) -> None:
    other = ed.catalogue.register_service(org, ServiceDetails(name="Housing advice"), actor="e")
    ed.catalogue.report_problem(sid, ProblemKind.CLOSED, "  Shut since May  ")
    ed.catalogue.report_problem(other, ProblemKind.OTHER)
    details = ed.catalogue.get_service(sid).details
    ed.catalogue.update_service(
        sid, msgspec.structs.replace(details, name="Counselling for families"), actor="ed"
    )
    assert [(r.kind, r.details, r.actor, r.service_name) for r in ed.view.problem_reports(sid)] == [
        (ProblemKind.CLOSED, "Shut since May", "public", "Counselling for families")
    ]
    assert [r.service_name for r in ed.view.problem_reports()] == [
        "Counselling for families",
        "Housing advice",
    ]


def test_a_rebuild_gives_the_same_rows(ed: Editorial, org: UUID, sid: UUID) -> None:
    pid = ed.catalogue.propose_service_change(
        sid, {"summary": "New"}, actor="p", organisations=[org]
    )
    ed.catalogue.reject_proposal(pid, "No", actor="ed")
    ed.catalogue.report_problem(sid, ProblemKind.OTHER, "Hmm")
    before = (ed.view.proposals(), ed.view.problem_reports())
    assert rebuild_tables(ed.catalogue, ed.store, EditorialProjection) == ed.runner.head()
    assert (ed.view.proposals(), ed.view.problem_reports()) == before
