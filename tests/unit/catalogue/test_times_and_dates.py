"""Session times are local clock times; a service is verified on a day from 2000 to 2100."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import pytest

from services.catalogue.application import Catalogue
from services.catalogue.model import OrganisationDetails, Schedule, ServiceDetails, Weekday
from services.shared.errors import RuleViolationError

UTC_PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def service(catalogue: Catalogue) -> UUID:
    org = catalogue.register_organisation(OrganisationDetails(name="Parents Together"), actor="e")
    return catalogue.register_service(org, ServiceDetails(name="Stay and play"), actor="e")


@pytest.mark.parametrize(
    ("opens", "closes", "field"),
    [
        (dt.time(9, tzinfo=UTC_PLUS_ONE), dt.time(17), "schedules[0].opens_at"),
        (dt.time(9), dt.time(17, tzinfo=dt.UTC), "schedules[0].closes_at"),
        (
            dt.time(9, tzinfo=UTC_PLUS_ONE),
            dt.time(17, tzinfo=UTC_PLUS_ONE),
            "schedules[0].opens_at",
        ),
    ],
)
def test_a_session_time_with_a_utc_offset_is_refused_naming_it(
    catalogue: Catalogue, service: UUID, opens: dt.time, closes: dt.time, field: str
) -> None:
    schedule = Schedule(days=[Weekday.MO], opens_at=opens, closes_at=closes)
    with pytest.raises(RuleViolationError) as refused:
        catalogue.set_service_schedules(service, [schedule], actor="e")
    assert refused.value.field == field


@pytest.mark.parametrize("on", [dt.date(1, 1, 1), dt.date(1999, 12, 31)])
def test_a_service_cannot_be_verified_before_2000(
    catalogue: Catalogue, service: UUID, on: dt.date
) -> None:
    with pytest.raises(RuleViolationError) as refused:
        catalogue.verify_service(service, on, actor="e")
    assert refused.value.field == "on"
