"""One edit use case for every way in: whole edits saved at once, no entry for untouched fields,
and a stale edit told what changed meanwhile and by whom."""

from __future__ import annotations

import datetime as dt
from uuid import UUID, uuid4

import pytest

from services.catalogue.application import Catalogue, StaleEditError
from services.catalogue.model import (
    Contact,
    Location,
    OrganisationDetails,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    ServiceEdit,
    Weekday,
)
from services.catalogue.problems import ProblemKind
from services.shared.errors import RuleViolationError

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


@pytest.fixture
def catalogue() -> Catalogue:
    return Catalogue(env=MEMORY)


@pytest.fixture
def sid(catalogue: Catalogue) -> UUID:
    org = catalogue.register_organisation(OrganisationDetails(name="Talking Space"), actor="ed")
    details = ServiceDetails(
        name="Counselling", referral_routes=[ReferralRoute.SCHOOL, ReferralRoute.SELF]
    )
    return catalogue.register_service(org, details, actor="ed")


def test_the_same_ways_in_in_another_order_record_nothing(catalogue: Catalogue, sid: UUID) -> None:
    before = len(catalogue.service_history(sid))
    edit = ServiceEdit(
        referral_routes=[ReferralRoute.SELF, ReferralRoute.SCHOOL], name="Counselling"
    )
    assert catalogue.edit_service(sid, edit, actor="ed") == []
    assert len(catalogue.service_history(sid)) == before


def test_one_edit_sets_contact_places_and_times_in_one_save(
    catalogue: Catalogue, sid: UUID
) -> None:
    place = Location(id=uuid4(), name="Hall", postcode="E15 4BQ")
    session = Schedule(
        days=[Weekday.TU], opens_at=dt.time(10), closes_at=dt.time(12), location_id=place.id
    )
    version = catalogue.get_service(sid).version
    changed = catalogue.edit_service(
        sid,
        ServiceEdit(
            public_contact=Contact(phone="020 7946 0000"),
            languages=["Bengali"],
            locations=[place],
            schedules=[session],
        ),
        actor="ed",
        expected_version=version,
    )
    assert sorted(changed) == ["languages", "locations", "public_contact", "schedules"]
    service = catalogue.get_service(sid)
    assert service.details.public_contact.phone == "020 7946 0000"
    assert service.schedules == [session] and list(service.locations) == [place.id]
    # Removing the place and its session together is one edit, in the right order.
    catalogue.edit_service(sid, ServiceEdit(locations=[], schedules=[]), actor="ed")
    assert catalogue.get_service(sid).locations == {}


def test_an_edit_that_breaks_a_rule_saves_nothing(catalogue: Catalogue, sid: UUID) -> None:
    version = catalogue.get_service(sid).version
    with pytest.raises(RuleViolationError) as raised:
        catalogue.edit_service(
            sid,
            ServiceEdit(summary="New", schedules=[Schedule(location_id=uuid4())]),
            actor="ed",
        )
    assert raised.value.field == "schedules[0].location_id"
    assert catalogue.get_service(sid).version == version
    assert catalogue.get_service(sid).details.summary == ""


def test_a_stale_edit_says_what_changed_meanwhile_and_by_whom(
    catalogue: Catalogue, sid: UUID
) -> None:
    seen = catalogue.get_service(sid).version
    catalogue.edit_service(sid, ServiceEdit(summary="Theirs"), actor="amal@council.org")
    with pytest.raises(StaleEditError) as raised:
        catalogue.edit_service(
            sid, ServiceEdit(summary="Mine"), actor="bea@council.org", expected_version=seen
        )
    [change] = raised.value.since
    assert change.actor == "amal@council.org"
    assert [(f.field, f.after) for f in change.fields] == [("summary", "Theirs")]
    assert raised.value.detail["changed_meanwhile"][0]["actor"] == "amal@council.org"
    assert catalogue.get_service(sid).details.summary == "Theirs"


def test_fixing_a_reported_problem_counts_as_a_check_and_keeps_the_note(
    catalogue: Catalogue, sid: UUID
) -> None:
    report = catalogue.report_problem(sid, ProblemKind.WRONG_DETAILS, "The phone rings out")
    catalogue.resolve_problem(report, "New number from the manager", actor="ed", fixed=True)
    verification = catalogue.get_service(sid).verification
    assert verification is not None and verification.by == "ed"
    resolved = catalogue.get_problem(report)
    assert resolved.outcome == "New number from the manager" and resolved.fixed


def test_when_configured_off_a_fix_is_not_a_check() -> None:
    catalogue = Catalogue(env={**MEMORY, "CHECK_ON_FIX": "0"})
    org = catalogue.register_organisation(OrganisationDetails(name="T"), actor="ed")
    service = catalogue.register_service(org, ServiceDetails(name="S"), actor="ed")
    report = catalogue.report_problem(service, ProblemKind.CLOSED)
    catalogue.resolve_problem(report, "Phoned: still open", actor="ed", fixed=True)
    assert catalogue.get_service(service).verification is None


def test_a_stale_edit_merges_with_what_others_changed_and_names_the_clashes(
    catalogue: Catalogue, sid: UUID
) -> None:
    seen = catalogue.get_service(sid).version
    catalogue.edit_service(
        sid, ServiceEdit(summary="Theirs", alert="Closed on Friday"), actor="amal@council.org"
    )
    mine = ServiceEdit(
        name="Counselling", summary="Mine", alert="", public_contact=Contact(phone="020 1")
    )
    merged = catalogue.merge_edit(sid, mine, base_version=seen)
    assert merged.conflicts == ["summary"]  # both changed it: mine kept, for me to choose
    values = merged.edit
    assert (values.summary, values.alert, values.public_contact.phone) == (  # type: ignore[attr-defined]
        "Mine",
        "Closed on Friday",  # only they changed it: theirs
        "020 1",  # only I changed it: mine
    )
    assert merged.version == catalogue.get_service(sid).version
    assert [c.actor for c in merged.since] == ["amal@council.org"]


def test_a_record_from_the_past_is_dated_when_it_was_registered_and_checked(
    catalogue: Catalogue,
) -> None:
    from services.catalogue.model import Verification
    from services.catalogue.records import OrganisationRecord, ServiceRecord
    from services.shared.errors import NotFoundError

    catalogue.sync_organisation(
        OrganisationRecord(external_id="o1", details=OrganisationDetails(name="Org")), actor="t"
    )
    org = catalogue.find_by_external_id("organisation", "o1")
    assert org is not None
    record = ServiceRecord(
        external_id="s1",
        organisation_external_id="o1",
        details=ServiceDetails(name="Baby group"),
        verification=Verification(on=dt.date(2026, 3, 1), by="ed"),
        registered_on=dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC),
    )
    sid, _ = catalogue.sync_service(record, org, actor="demo loader")
    with pytest.raises(NotFoundError):
        catalogue.get_service(sid, as_of=dt.datetime(2025, 11, 30, tzinfo=dt.UTC))
    in_january = catalogue.get_service(sid, as_of=dt.datetime(2026, 1, 15, tzinfo=dt.UTC))
    assert in_january.details.name == "Baby group" and in_january.verification is None
    in_march = catalogue.get_service(sid, as_of=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    assert in_march.verification is not None
