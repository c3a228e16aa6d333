"""A service's search documents: what families see, and what only staff see."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import msgspec

from projections.documents import describe_schedule, public_document, staff_document
from search.documents import STAFF_ONLY_DOCUMENT_FIELDS
from services.catalogue.domain import Service
from services.catalogue.model import (
    Contact,
    Frequency,
    Location,
    Position,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    Weekday,
)


def _service() -> Service:
    details = ServiceDetails(
        name="Relationship counselling",
        description="Counselling for couples. Held at the school.",
        referral_routes=[ReferralRoute.SELF],
        staff_contact=Contact(phone="020 7946 0000"),
        staff_notes="Ask for Sam",
        thresholds="Couples only",
        waiting_time="3 weeks",
    )
    service = Service.register(uuid4(), details, id=uuid4(), actor="e")
    hall = Location(
        id=uuid4(),
        name="Woodgrange Primary School",
        postcode="E7 8PN",
        position=Position(51.55, 0.03),
    )
    service.add_location(hall, actor="e")
    service.categorise(["mental-health.counselling"], actor="e")
    service.set_schedules(
        [
            Schedule(
                days=[Weekday.TH, Weekday.FR],
                opens_at=dt.time(9),
                closes_at=dt.time(12),
                term_time_only=True,
                location_id=hall.id,
            )
        ],
        actor="e",
    )
    return service


def test_the_public_document_holds_no_staff_only_field() -> None:
    encoded = msgspec.json.encode(public_document(_service(), "Relate East"))
    for field in STAFF_ONLY_DOCUMENT_FIELDS:
        assert field.encode() not in encoded
    assert b"Ask for Sam" not in encoded and b"020 7946 0000" not in encoded


def test_the_staff_document_carries_referral_details() -> None:
    doc = staff_document(_service(), "Relate East")
    assert (doc.staff_notes, doc.thresholds, doc.waiting_time) == (
        "Ask for Sam",
        "Couples only",
        "3 weeks",
    )


def test_a_child_category_also_files_the_service_under_its_parent() -> None:
    doc = public_document(_service(), "Relate East")
    assert doc.categories == ["mental-health", "mental-health.counselling"]
    assert doc.self_referral and doc.days == ["TH", "FR"]
    assert doc._geo is not None and doc.postcodes == ["E7 8PN"]


def test_schedules_read_as_plain_words() -> None:
    weekly = Schedule(
        days=[Weekday.TH, Weekday.FR],
        opens_at=dt.time(9),
        closes_at=dt.time(12),
        term_time_only=True,
    )
    assert describe_schedule(weekly) == "Thursdays and Fridays, 9am to midday, term time only"
    monthly = Schedule(
        frequency=Frequency.MONTHLY,
        days=[Weekday.TH],
        week_of_month=4,
        opens_at=dt.time(10),
        closes_at=dt.time(11, 30),
    )
    assert describe_schedule(monthly) == "The fourth Thursday of the month, 10am to 11:30am"


def test_times_are_given_once_a_description_that_only_repeats_them_is_left_out() -> None:
    repeated = Schedule(
        days=[Weekday.TU],
        opens_at=dt.time(18, 30),
        closes_at=dt.time(20, 30),
        term_time_only=True,
        description="Tuesdays, 6:30pm to 8:30pm, term time only",
    )
    assert describe_schedule(repeated) == "Tuesdays, 6:30pm to 8:30pm, term time only"
    telling = msgspec.structs.replace(repeated, description="not in the week of half term")
    assert describe_schedule(telling).endswith("term time only (not in the week of half term)")
