"""A booking's days stay between 2000 and 2100, a weekly series runs for at most 52 weeks, and it
names only a live catalogue service of the organisation booking."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import msgspec
import pytest

from services.bookings.model import Slot
from services.shared.errors import RuleViolationError
from tests.unit.bookings.school import GOOD, School
from tests.unit.conftest import Services

T = dt.time
FIRST = Slot(day=dt.date(2026, 7, 27), starts=T(10), ends=T(12))


def test_a_weekly_series_runs_for_at_most_52_weeks(school: School) -> None:
    details = school.details(school.hall)
    longest = FIRST.day + dt.timedelta(weeks=52)
    outcome = school.bookings.request_series(details, FIRST, longest, actor="b")
    assert len(outcome.slots) + len(outcome.skipped) == 53
    with pytest.raises(RuleViolationError) as refused:
        school.bookings.request_series(details, FIRST, dt.date(2500, 1, 1), actor="b")
    assert refused.value.field == "weekly_until"


@pytest.mark.parametrize("until", [dt.date(9999, 12, 31), dt.date(2026, 7, 20)])
def test_a_series_ending_out_of_range_or_before_it_starts_is_refused(
    school: School, until: dt.date
) -> None:
    with pytest.raises(RuleViolationError) as refused:
        school.bookings.request_series(school.details(school.hall), FIRST, until, actor="b")
    assert refused.value.field == "weekly_until"


@pytest.mark.parametrize("day", [dt.date(2101, 1, 4), dt.date(9999, 12, 31)])
def test_a_slot_after_2100_is_refused_naming_its_day(school: School, day: dt.date) -> None:
    slots = [FIRST, Slot(day=day, starts=T(10), ends=T(12))]
    with pytest.raises(RuleViolationError) as refused:
        school.bookings.request_booking(school.details(school.hall), slots, actor="b")
    assert refused.value.field == "slots[1].day"


@pytest.mark.parametrize("field", ["dbs_expires", "insurance_expires"])
@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_a_declared_date_out_of_range_is_refused_naming_it(
    school: School, field: str, day: dt.date
) -> None:
    declarations = msgspec.structs.replace(GOOD, **{field: day})
    details = school.details(school.hall, declarations=declarations)
    with pytest.raises(RuleViolationError) as refused:
        school.bookings.request_booking(details, [FIRST], actor="b")
    assert refused.value.field == f"declarations.{field}"


def test_a_booking_names_only_a_live_service_of_its_own_organisation(school: School) -> None:
    services = school.bookings.services
    assert isinstance(services, Services)
    own, withdrawn = uuid4(), uuid4()
    services.withdrawn.add(withdrawn)
    for service_id in (withdrawn, own):
        details = school.details(school.hall, service_id=service_id)
        if service_id == withdrawn:
            with pytest.raises(RuleViolationError) as refused:
                school.bookings.request_booking(details, [FIRST], actor="b")
            assert refused.value.field == "service_id"
        else:
            assert school.bookings.request_booking(details, [FIRST], actor="b").booking_id
    other_org = school.details(school.hall, service_id=own, organisation_id=uuid4())
    with pytest.raises(RuleViolationError) as refused:
        school.bookings.request_series(other_org, FIRST, FIRST.day, actor="b")
    assert refused.value.field == "service_id"
