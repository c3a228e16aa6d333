"""ORUK JSON to catalogue records, with no file and no network: each field group lands in its own
field of the record, and what cannot be used is dropped and reported against the record."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import uuid5

import pytest

from services.catalogue.importing.extension import LOCATIONS
from services.catalogue.importing.oruk_places import schedule
from services.catalogue.importing.oruk_records import map_feed, organisation_record
from services.catalogue.importing.oruk_service import service_record, summary
from services.catalogue.importing.report import DataQualityReport
from services.catalogue.model import (
    AgeRange,
    Contact,
    Cost,
    Delivery,
    Frequency,
    Position,
    ReferralRoute,
    Status,
    Verification,
    Weekday,
)
from services.catalogue.records import ServiceRecord

FOOD_BANK: dict[str, Any] = {
    "id": "svc-1",
    "name": "Riverside food bank",
    "description": "<p>Food parcels for families. Self-referral welcome.</p>",
    "url": "https://food.example.org",
    "email": "help@food.example.org",
    "status": "temporarily closed",
    "alert": "Closed for August",
    "minimum_age": 0,
    "maximum_age": 18,
    "fees": "",
    "cost_options": [{"amount": 2.5, "amount_description": "per parcel"}],
    "attending_access": "drop in, or by phone",
    "pc_targetAudience": [{"audienceType": "Parents"}, "Carers"],
    "attributes": [{"taxonomy_term": {"name": "Parents"}}, {"taxonomy_term": {"name": "Food"}}],
    "languages": [{"name": "English"}, {"name": "Polish"}, {"code": "xx"}],
    "service_areas": [{"name": "Stockport"}, {"service_area": "Tameside"}],
    "contacts": [{"name": "Reception", "phones": [{"number": "0161 496 0000"}]}],
    "assured_date": "2026-03-01T10:00:00Z",
    "service_at_locations": [
        {
            "id": "sal-1",
            "location": {
                "id": "loc-1",
                "name": "Church hall",
                "latitude": "53.41",
                "longitude": -2.16,
                "addresses": [
                    {"address_1": "1 High St", "city": "Stockport", "postal_code": "sk1 1aa"}
                ],
                "accessibility": [{"description": "Step-free"}, {"description": ""}],
            },
        }
    ],
    "schedules": [
        {"byday": "2WE", "freq": "MONTHLY", "opens_at": "10:00", "closes_at": "12:00"},
        {"byday": "MO, fr", "opens_at": "17:00", "closes_at": "09:00"},
    ],
}


def _record(raw: dict[str, Any], report: DataQualityReport | None = None) -> ServiceRecord:
    record = service_record(raw, "org-1", "stockport", report or DataQualityReport("stockport"))
    assert record is not None
    return record


def test_a_service_s_words_cost_contact_and_reach_land_in_their_own_fields() -> None:
    report = DataQualityReport("stockport")
    record = _record(FOOD_BANK, report)
    d = record.details
    assert (record.external_id, record.organisation_external_id) == ("svc-1", "org-1")
    assert (d.name, d.description) == (
        "Riverside food bank",
        "Food parcels for families. Self-referral welcome.",
    )
    assert report.html_cleaned == 1
    assert d.summary == "Food parcels for families."
    assert d.url == "https://food.example.org"
    assert d.ages == AgeRange(minimum_months=0, maximum_months=18 * 12 + 11)
    assert d.needs == ["Parents", "Carers", "Food"]
    assert d.cost == Cost(free=False, description="£2.5 per parcel")
    assert d.referral_routes == [ReferralRoute.SELF, ReferralRoute.DROP_IN]
    assert d.delivery == [Delivery.PHONE]
    assert d.languages == ["English", "Polish"]
    assert d.public_contact == Contact(
        name="Reception",
        phone="0161 496 0000",
        email="help@food.example.org",
        url="https://food.example.org",
    )
    assert d.service_area == "Stockport; Tameside"
    assert d.alert == "Closed for August"
    assert record.status == Status.TEMPORARILY_CLOSED
    assert record.categories == ["money.food-support"]
    assert record.verification == Verification(on=dt.date(2026, 3, 1), by="stockport import")


def test_a_service_s_place_and_times_land_in_their_own_fields() -> None:
    record = _record(FOOD_BANK)
    (place,) = record.locations
    assert place.id == uuid5(LOCATIONS, "loc-1")
    assert (place.name, place.address, place.postcode) == (
        "Church hall",
        "1 High St, Stockport",
        "SK1 1AA",
    )
    assert place.position == Position(lat=53.41, lon=-2.16)
    assert place.accessibility == ["Step-free"]
    monthly, weekly = record.schedules
    assert (monthly.frequency, monthly.week_of_month, monthly.days) == (
        Frequency.MONTHLY,
        2,
        [Weekday.WE],
    )
    assert (monthly.opens_at, monthly.closes_at) == (dt.time(10), dt.time(12))
    assert monthly.location_id == place.id  # no service_at_location named: the first place
    assert (weekly.frequency, weekly.days) == (Frequency.WEEKLY, [Weekday.MO, Weekday.FR])
    assert (weekly.opens_at, weekly.closes_at) == (None, None)  # closes before it opens


@pytest.mark.parametrize(
    ("fees", "options", "cost"),
    [
        ("Free", [], Cost(free=True, description="Free")),
        ("£3 a session", [], Cost(free=False, description="£3 a session")),
        ("", [{"amount": 0}], Cost(free=True, description="")),
        (
            "",
            [{"amount": "4", "amount_description": "a week"}],
            Cost(free=False, description="£4 a week"),
        ),
    ],
)
def test_a_fee_or_a_price_is_a_charge_and_its_words_are_kept(
    fees: str, options: list[dict[str, Any]], cost: Cost
) -> None:
    assert _record({**FOOD_BANK, "fees": fees, "cost_options": options}).details.cost == cost


@pytest.mark.parametrize(
    ("given", "status"),
    [
        (None, Status.ACTIVE),
        ("Active", Status.ACTIVE),
        ("inactive", Status.WITHDRAWN),
        ("defunct", Status.WITHDRAWN),
        ("something else", Status.ACTIVE),
    ],
)
def test_a_status_maps_to_the_catalogue_s(given: str | None, status: Status) -> None:
    assert _record({**FOOD_BANK, "status": given}).status == status


@pytest.mark.parametrize(
    ("assured", "repair"),
    [("yesterday", "unreadable assured date dropped"), ("1066-10-14", "out of range dropped")],
)
def test_an_unusable_assured_date_is_dropped_and_reported(assured: str, repair: str) -> None:
    report = DataQualityReport("stockport")
    assert _record({**FOOD_BANK, "assured_date": assured}, report).verification is None
    assert any(repair in reason and ids == ["svc-1"] for reason, ids in report.repaired.items())


def test_a_record_breaking_the_catalogue_s_rules_is_skipped_and_reported() -> None:
    report = DataQualityReport("stockport")
    bad = {**FOOD_BANK, "languages": [{"name": "English " * 100}]}  # a language is unclipped
    assert service_record(bad, "org-1", "stockport", report) is None
    assert [ids for reason, ids in report.skipped.items() if "invalid record" in reason] == [
        ["svc-1"]
    ]


def test_a_monthly_schedule_keeps_its_week_its_day_its_words_and_its_place() -> None:
    place = uuid5(LOCATIONS, "b")
    raw = {"byday": "-1FR", "freq": "monthly", "description": "Bring a packed lunch"}
    read = schedule(raw, place, "svc-1", DataQualityReport())
    assert read is not None
    assert (read.frequency, read.week_of_month, read.days) == (
        Frequency.MONTHLY,
        -1,
        [Weekday.FR],
    )
    assert (read.location_id, read.description) == (place, "Bring a packed lunch")


def test_a_summary_is_the_first_sentence_or_a_shortened_first_line() -> None:
    assert summary("Stay and play. Every week.\nMore") == "Stay and play."
    long = "word " * 60
    assert summary(long).endswith("…") and len(summary(long)) <= 160


def test_an_organisation_keeps_its_details_and_a_missing_one_is_the_feed_s_unknown() -> None:
    report = DataQualityReport("stockport")
    org = organisation_record(
        {
            "organization": {
                "id": "org-9",
                "name": "Riverside Trust",
                "description": "<b>Local</b> charity",
                "website": "https://trust.example.org",
                "email": "hi@trust.example.org",
            }
        },
        "svc-1",
        "stockport",
        report,
    )
    assert org.external_id == "org-9"
    assert (org.details.name, org.details.description) == ("Riverside Trust", "Local charity")
    assert (org.details.url, org.details.email) == (
        "https://trust.example.org",
        "hi@trust.example.org",
    )
    unknown = organisation_record({}, "svc-1", "stockport", report)
    assert unknown.external_id == "unknown-provider:stockport"
    assert unknown.details.name == "Unknown provider (stockport)"
    assert report.repaired["no organisation: filed under an unknown provider"] == ["svc-1"]


def test_a_feed_s_records_are_mapped_once_each_with_their_organisations_once() -> None:
    org = {"id": "org-1", "name": "Riverside Trust"}
    data = [
        {**FOOD_BANK, "organization": org},
        {**FOOD_BANK, "organization": org},  # the same id again
        {"id": "svc-2", "name": "Baby group", "attending_type": "venue", "organization": org},
        {"id": "svc-3", "name": "  "},
        {"name": "No id"},
    ]
    parsed = map_feed(data, DataQualityReport("stockport"), source="stockport.json")
    assert parsed.format == "oruk3"
    assert [s.external_id for s in parsed.services] == ["svc-1", "svc-2"]
    assert [o.external_id for o in parsed.organisations] == ["org-1"]
    report = parsed.report
    assert (report.records_read, report.services_accepted) == (5, 2)
    assert dict(report.skipped) == {
        "duplicate id (later copy ignored)": ["svc-1"],
        "empty name": ["svc-3"],
        "no id": ["5"],
    }


def test_a_v1_list_and_a_3_0_page_are_told_apart() -> None:
    v1 = [{"id": "a", "name": "Baby group", "attending_type": "venue"}]
    page = {"contents": [{"id": "a", "name": "Baby group"}], "total_pages": 1}
    assert map_feed(v1, DataQualityReport("f"), source="f").format == "oruk1"
    assert map_feed(page, DataQualityReport("f"), source="f").format == "oruk3"
