"""The catalogue's use cases, on in-memory SQLite."""

from __future__ import annotations

import datetime as dt
import time
from uuid import UUID, uuid4

import pytest

from services.catalogue.application import Catalogue
from services.catalogue.model import (
    AgeRange,
    Frequency,
    Location,
    OrganisationDetails,
    Position,
    Schedule,
    ServiceDetails,
    Status,
    Weekday,
)
from services.shared.errors import ConflictError, NotFoundError, RuleViolationError


@pytest.fixture
def org(catalogue: Catalogue) -> UUID:
    return catalogue.register_organisation(
        OrganisationDetails(name="Newham Parents Together"), actor="editor"
    )


def test_an_update_records_only_the_fields_that_changed(catalogue: Catalogue, org: UUID) -> None:
    sid = catalogue.register_service(org, ServiceDetails(name="Parent drop-in"), actor="editor")
    new = ServiceDetails(
        name="Parent drop-in",
        description="Tea and a chat",
        ages=AgeRange(minimum_months=0, maximum_months=60),
    )
    assert catalogue.update_service(sid, new, actor="ana") == ["description", "ages"]
    assert catalogue.update_service(sid, new, actor="ana") == []
    history = catalogue.service_history(sid)
    assert [(h.event, h.actor, h.fields) for h in history] == [
        ("Registered", "editor", ["registered"]),
        ("DetailsUpdated", "ana", ["description", "ages"]),
    ]


def test_a_stale_version_is_refused_with_a_conflict(catalogue: Catalogue, org: UUID) -> None:
    sid = catalogue.register_service(org, ServiceDetails(name="Counselling"), actor="e")
    catalogue.update_service(
        sid, ServiceDetails(name="Counselling for parents"), actor="a", expected_version=1
    )
    with pytest.raises(ConflictError):
        catalogue.update_service(
            sid, ServiceDetails(name="Counselling for children"), actor="b", expected_version=1
        )
    assert catalogue.get_service(sid).details.name == "Counselling for parents"


def test_the_record_can_be_read_as_it_stood_at_an_earlier_time(
    catalogue: Catalogue, org: UUID
) -> None:
    sid = catalogue.register_service(org, ServiceDetails(name="Before"), actor="e")
    time.sleep(0.01)
    between = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    catalogue.update_service(sid, ServiceDetails(name="After"), actor="e")
    assert catalogue.get_service(sid, as_of=between).details.name == "Before"
    assert catalogue.get_service(sid).details.name == "After"
    with pytest.raises(NotFoundError):
        catalogue.get_service(sid, as_of=between - dt.timedelta(days=1))


def test_a_withdrawn_service_cannot_be_edited(catalogue: Catalogue, org: UUID) -> None:
    sid = catalogue.register_service(org, ServiceDetails(name="Old group"), actor="e")
    catalogue.withdraw_service(sid, "Funding ended", actor="e")
    with pytest.raises(RuleViolationError):
        catalogue.update_service(sid, ServiceDetails(name="New name"), actor="e")
    assert catalogue.get_service(sid).status == Status.WITHDRAWN


def test_the_youngest_age_cannot_be_above_the_oldest(catalogue: Catalogue, org: UUID) -> None:
    bad = ServiceDetails(name="X", ages=AgeRange(minimum_months=120, maximum_months=60))
    with pytest.raises(RuleViolationError) as e:
        catalogue.register_service(org, bad, actor="e")
    assert e.value.field == "ages.minimum_months"


def test_a_service_needs_an_existing_organisation(catalogue: Catalogue) -> None:
    with pytest.raises(NotFoundError):
        catalogue.register_service(uuid4(), ServiceDetails(name="X"), actor="e")


def test_sessions_must_be_at_one_of_the_services_locations(catalogue: Catalogue, org: UUID) -> None:
    here = Location(id=uuid4(), name="Hall", postcode="E15 4PQ", position=Position(51.54, 0.0))
    sid = catalogue.register_service(
        org, ServiceDetails(name="Drop-in"), actor="e", locations=[here]
    )
    monthly = Schedule(
        frequency=Frequency.MONTHLY, days=[Weekday.TH], week_of_month=4, location_id=here.id
    )
    assert catalogue.set_service_schedules(sid, [monthly], actor="e")
    elsewhere = Schedule(days=[Weekday.MO], location_id=uuid4())
    with pytest.raises(RuleViolationError):
        catalogue.set_service_schedules(sid, [elsewhere], actor="e")
    with pytest.raises(RuleViolationError):
        catalogue.remove_service_location(sid, here.id, actor="e")


def test_close_and_reopen_follow_the_status_lifecycle(catalogue: Catalogue, org: UUID) -> None:
    sid = catalogue.register_service(org, ServiceDetails(name="Group"), actor="e")
    with pytest.raises(RuleViolationError):
        catalogue.reopen_service(sid, actor="e")
    catalogue.temporarily_close_service(sid, "Staff illness", actor="e")
    assert catalogue.get_service(sid).status == Status.TEMPORARILY_CLOSED
    catalogue.reopen_service(sid, actor="e")
    assert catalogue.get_service(sid).status == Status.ACTIVE


def test_unknown_categories_are_refused(catalogue: Catalogue, org: UUID) -> None:
    with pytest.raises(RuleViolationError) as e:
        catalogue.register_service(
            org, ServiceDetails(name="X"), actor="e", categories=["no-such-thing"]
        )
    assert e.value.field == "categories"


def test_an_external_id_can_be_claimed_once(catalogue: Catalogue, org: UUID) -> None:
    catalogue.register_service(org, ServiceDetails(name="A"), actor="e", external_id="feed-1")
    with pytest.raises(ConflictError):
        catalogue.register_service(org, ServiceDetails(name="B"), actor="e", external_id="feed-1")
    found = catalogue.find_by_external_id("service", "feed-1")
    assert found is not None and catalogue.get_service(found).details.name == "A"


def test_verifying_records_who_and_when(catalogue: Catalogue, org: UUID) -> None:
    sid = catalogue.register_service(org, ServiceDetails(name="A"), actor="e")
    today = dt.date.today()
    catalogue.verify_service(sid, today, actor="Priya")
    verification = catalogue.get_service(sid).verification
    assert verification is not None and (verification.on, verification.by) == (today, "Priya")
    with pytest.raises(RuleViolationError):
        catalogue.verify_service(sid, today + dt.timedelta(days=30), actor="Priya")


def test_a_reported_problem_is_kept_and_leaves_the_service_alone(
    catalogue: Catalogue, org: UUID
) -> None:
    from services.catalogue.problems import ProblemKind, ProblemReport

    sid = catalogue.register_service(org, ServiceDetails(name="Counselling"), actor="e")
    rid = catalogue.report_problem(sid, ProblemKind.CLOSED, "  Shut since May  ")
    report = catalogue.load(rid, ProblemReport, "problem report")
    assert (report.service_id, report.kind, report.details) == (
        sid,
        ProblemKind.CLOSED,
        "Shut since May",
    )
    assert report.modified_by == "public" and not report.resolved
    assert catalogue.get_service(sid).version == 1, "an editor's expected version still holds"
    with pytest.raises(NotFoundError):
        catalogue.report_problem(uuid4(), ProblemKind.OTHER)
