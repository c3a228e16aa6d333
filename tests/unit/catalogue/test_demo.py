"""The demo catalogue: four real places, what the field notes describe, valid and repeatable."""

from __future__ import annotations

import datetime as dt
import math
import re
from uuid import uuid5

import msgspec
import pytest

from services.catalogue import taxonomy
from services.catalogue.application import Catalogue
from services.catalogue.demo import DEMO_DATE, NAMESPACE, demo_records
from services.catalogue.demo.places import PLACES
from services.catalogue.model import (
    Audience,
    Delivery,
    Frequency,
    ReferralRoute,
    Status,
    Weekday,
)
from services.catalogue.records import OrganisationRecord, ServiceRecord
from services.catalogue.sync import sync_records

Demo = tuple[list[OrganisationRecord], list[ServiceRecord]]

DISTRICTS = {
    "Newham": {"E13", "E15", "E16"},
    "Stockport": {f"SK{n}" for n in range(1, 8)},
    "Milton Keynes": {f"MK{n}" for n in range(1, 20)},
    "Camden": {"NW1", "NW5"},
}
AREAS = {place.area: place.name for place in PLACES}
FICTIONAL_PHONE = re.compile(r"^(020 7946 0\d{3}|0161 496 0\d{3}|01632 960\d{3}|07700 900\d{3})$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$")


@pytest.fixture(scope="module")
def demo() -> Demo:
    return demo_records()


def _district(postcode: str) -> str:
    return postcode.split()[0]


def _place_of(record: ServiceRecord) -> str | None:
    """The place of the service's first location, or of its service area when it has none."""
    for location in record.locations:
        for place, districts in DISTRICTS.items():
            if _district(location.postcode) in districts:
                return place
    return AREAS.get(record.details.service_area)


def _with(services: list[ServiceRecord], category: str) -> list[ServiceRecord]:
    return [s for s in services if category in s.categories]


def test_the_default_demo_has_160_services_from_exactly_40_organisations(demo: Demo) -> None:
    organisations, services = demo
    assert len(services) == 160
    assert len(organisations) == 40
    assert len({o.external_id for o in organisations}) == 40
    assert len({o.details.name for o in organisations}) == 40
    org_ids = {o.external_id for o in organisations}
    assert {s.organisation_external_id for s in services} == org_ids
    assert all(re.fullmatch(r"demo-org-\d{3}", o.external_id) for o in organisations)
    assert all(re.fullmatch(r"demo-svc-\d{4}", s.external_id) for s in services)


def test_every_place_has_services_and_every_location_is_in_one_of_its_districts(
    demo: Demo,
) -> None:
    _, services = demo
    allowed = set().union(*DISTRICTS.values())
    for record in services:
        for location in record.locations:
            assert POSTCODE.match(location.postcode), location.postcode
            assert _district(location.postcode) in allowed, location.postcode
            assert location.address and location.name
    per_place = {place: 0 for place in DISTRICTS}
    for record in services:
        place = _place_of(record)
        if place:
            per_place[place] += 1
    assert all(count >= 30 for count in per_place.values()), per_place
    assert {s.details.service_area for s in services} == {p.area for p in PLACES}


def test_positions_are_real_district_centroids_moved_by_at_most_about_a_kilometre(
    demo: Demo,
) -> None:
    _, services = demo
    centroids = {code: ll for place in PLACES for code, ll in place.districts.items()}
    for record in services:
        for location in record.locations:
            assert location.position is not None
            lat, lon = centroids[_district(location.postcode)]
            d_lat = (location.position.lat - lat) * 111_320
            d_lon = (location.position.lon - lon) * 111_320 * math.cos(math.radians(lat))
            assert math.hypot(d_lat, d_lon) <= 1_000


def test_relationship_counselling_runs_at_a_primary_school_on_thursday_and_friday_mornings(
    demo: Demo,
) -> None:
    _, services = demo
    found = [
        s
        for s in _with(services, "parenting.relationship-support")
        if "counselling" in s.details.name.lower()
        and any(
            sch.days == [Weekday.TH, Weekday.FR]
            and sch.term_time_only
            and sch.closes_at is not None
            and sch.closes_at <= dt.time(12, 30)
            and any(
                loc.id == sch.location_id and "Primary School" in loc.name for loc in s.locations
            )
            for sch in s.schedules
        )
    ]
    assert {_place_of(s) for s in found} == set(DISTRICTS)
    assert all("mental-health.counselling" in s.categories for s in found)


def test_camhs_takes_referrals_from_professionals_not_from_families(demo: Demo) -> None:
    _, services = demo
    camhs = _with(services, "mental-health.camhs")
    assert len(camhs) >= 4 and all("CAMHS" in s.details.name for s in camhs)
    for record in camhs:
        routes = set(record.details.referral_routes)
        assert ReferralRoute.SELF not in routes and ReferralRoute.DROP_IN not in routes
        assert ReferralRoute.GP in routes
        assert record.details.thresholds and record.details.waiting_time
    assert any(ReferralRoute.SCHOOL in s.details.referral_routes for s in camhs)
    assert any(ReferralRoute.SCHOOL not in s.details.referral_routes for s in camhs)


def test_there_is_a_parent_drop_in_on_the_fourth_thursday_of_the_month(demo: Demo) -> None:
    _, services = demo
    drop_ins = [
        s
        for s in _with(services, "parenting.parent-peer-support")
        if ReferralRoute.DROP_IN in s.details.referral_routes
        and any(
            sch.frequency == Frequency.MONTHLY
            and sch.week_of_month == 4
            and sch.days == [Weekday.TH]
            for sch in s.schedules
        )
    ]
    assert {_place_of(s) for s in drop_ins} == set(DISTRICTS)
    for record in drop_ins:
        assert "fourth Thursday" in record.details.summary
        assert "Primary School" in record.locations[0].name


def test_school_staff_can_train_in_working_with_parents_to_level_3_then_network(
    demo: Demo,
) -> None:
    _, services = demo
    courses = [
        s
        for s in _with(services, "professional-training.working-with-parents")
        if Audience.SCHOOL_STAFF in s.details.audience and "Level 3" in s.details.name
    ]
    assert courses
    for course in courses:
        assert "eight" in course.details.summary.lower()
        assert "Level 3" in course.details.description
        assert course.details.referral_routes == [ReferralRoute.PROFESSIONAL]
    networks = [
        s
        for s in _with(services, "professional-training.staff-development")
        if "network" in s.details.name.lower()
    ]
    assert networks
    assert any(Audience.PROFESSIONALS in s.details.audience for s in services)


def test_a_housing_association_offers_families_housing_support(demo: Demo) -> None:
    organisations, services = demo
    names = {o.external_id: o.details.name for o in organisations}
    housing = [
        s
        for s in _with(services, "housing.housing-support")
        if "Housing Association" in names[s.organisation_external_id]
    ]
    assert {_place_of(s) for s in housing} == set(DISTRICTS)


@pytest.mark.parametrize(
    "category",
    [
        "mental-health.counselling",
        "mental-health.camhs",
        "mental-health.family-therapy",
        "mental-health.bereavement",
        "parenting.parenting-courses",
        "parenting.parent-peer-support",
        "parenting.relationship-support",
        "parenting.early-years",
        "parenting.family-support-work",
        "health.school-nursing",
        "housing.housing-support",
        "housing.housing-advocacy",
        "money.benefits-advice",
        "money.debt-advice",
        "money.food-support",
        "send.send-advice",
        "send.autism",
        "send.disability",
        "safety.domestic-abuse",
        "safety.safeguarding",
        "education.holiday-activities",
        "education.adult-learning",
        "education.youth-activities",
        "professional-training.working-with-parents",
        "professional-training.staff-development",
    ],
)
def test_each_need_from_the_field_notes_is_covered_in_every_place(
    demo: Demo, category: str
) -> None:
    _, services = demo
    assert {_place_of(s) for s in _with(services, category)} == set(DISTRICTS)


def test_the_catalogue_mixes_costs_routes_delivery_languages_and_schedules(demo: Demo) -> None:
    _, services = demo
    details = [s.details for s in services]
    schedules = [sch for s in services for sch in s.schedules]
    charged = [d for d in details if not d.cost.free]
    assert len(charged) >= 20 and all(
        "£" in d.cost.description or "p " in d.cost.description for d in charged
    )
    assert any(d.cost.description == "£5 a session, free for families on benefits" for d in charged)
    assert {r for d in details for r in d.referral_routes} == set(ReferralRoute)
    assert {m for d in details for m in d.delivery} == set(Delivery)
    assert {a for d in details for a in d.audience} == set(Audience)
    languages = {lang for d in details for lang in d.languages}
    assert {"English", "Bengali", "Urdu", "Polish", "Somali", "British Sign Language"} <= languages
    assert any(sch.holidays_only for sch in schedules)
    assert any(sch.term_time_only for sch in schedules)
    assert any(sch.week_of_month == -1 for sch in schedules)
    assert all(sch.description for sch in schedules)
    assert sum(1 for d in details if d.ages and d.ages.maximum_months <= 215) >= 30
    assert any(
        d.ages and (d.ages.minimum_months, d.ages.maximum_months) == (216, 1500) for d in details
    )
    assert all(d.waiting_time and d.thresholds and d.staff_notes for d in details)
    assert all(2 <= len(re.findall(r"[.!?](?:\s|$)", d.description)) <= 5 for d in details)
    assert all(d.summary and d.eligibility and d.accessibility for d in details)
    assert len({d.name for d in details}) == len(details)


def test_a_few_services_are_closed_or_carry_an_alert(demo: Demo) -> None:
    _, services = demo
    closed = [s for s in services if s.status == Status.TEMPORARILY_CLOSED]
    assert 3 <= len(closed) <= 8 and all(s.details.alert for s in closed)
    alerts = [s.details.alert for s in services if s.status == Status.ACTIVE and s.details.alert]
    assert "Closed over Christmas; reopens 6 January" in alerts


def test_verification_is_spread_over_the_year_so_review_queues_have_work(demo: Demo) -> None:
    _, services = demo
    dates = [s.verification.on for s in services if s.verification]
    assert len(dates) == len(services)
    assert all(DEMO_DATE - dt.timedelta(days=366) < d < DEMO_DATE for d in dates)
    stale = [d for d in dates if d < DEMO_DATE - dt.timedelta(days=90)]
    assert 0.2 < len(stale) / len(dates) < 0.7
    assert len({s.verification.by for s in services if s.verification}) >= 4


def test_schedules_are_held_at_the_services_own_locations(demo: Demo) -> None:
    _, services = demo
    for record in services:
        own = {loc.id for loc in record.locations}
        for schedule in record.schedules:
            assert schedule.location_id is None or schedule.location_id in own


def test_every_record_survives_a_round_trip_and_only_uses_known_categories(demo: Demo) -> None:
    organisations, services = demo
    for record in services:
        assert msgspec.convert(msgspec.to_builtins(record), ServiceRecord) == record
        assert record.categories and all(c in taxonomy.TERMS for c in record.categories)
    for org in organisations:
        assert msgspec.convert(msgspec.to_builtins(org), OrganisationRecord) == org


def test_the_catalogue_accepts_every_record_and_a_second_load_changes_nothing(
    demo: Demo,
) -> None:
    organisations, services = demo
    catalogue = Catalogue(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
    )
    first = sync_records(catalogue, organisations, services, actor="demo")
    assert first.rejected == {} and first.services_new == len(services)
    again = sync_records(catalogue, organisations, services, actor="demo")
    assert again.services_unchanged == len(services) and again.organisations_changed == 0


def test_the_demo_is_the_same_every_time_and_differs_by_seed(demo: Demo) -> None:
    assert demo_records() == demo
    assert demo_records(seed=8) != demo
    assert demo_records(400)[1][:160] == demo[1]


def test_external_ids_and_location_ids_are_unique_and_stable(demo: Demo) -> None:
    _, services = demo
    assert len({s.external_id for s in services}) == len(services)
    location_ids = [loc.id for s in services for loc in s.locations]
    assert len(set(location_ids)) == len(location_ids)
    first = services[0]
    assert first.external_id == "demo-svc-0001"
    assert first.locations[0].id == uuid5(NAMESPACE, "demo-svc-0001/location/0")
    other_seed = {s.external_id: s for s in demo_records(seed=99)[1]}
    for record in services:
        assert [loc.id for loc in record.locations] == [
            loc.id for loc in other_seed[record.external_id].locations
        ]


def test_contacts_are_fictional(demo: Demo) -> None:
    organisations, services = demo
    emails = [o.details.email for o in organisations]
    urls = [o.details.url for o in organisations] + [s.details.url for s in services]
    phones = [o.details.phone for o in organisations]
    for record in services:
        for contact in (record.details.public_contact, record.details.staff_contact):
            emails.append(contact.email)
            phones.append(contact.phone)
    for email in emails:
        domain = email.rsplit("@", 1)[1]
        assert domain in {"example.org", "example.com"} or domain.endswith(
            (".example.org", ".example.com")
        ), email
    for url in urls:
        host = url.split("/")[2]
        assert host.endswith((".example.org", ".example.com")), url
    assert all(FICTIONAL_PHONE.match(phone) for phone in phones), phones


def test_a_count_between_the_default_and_a_thousand_keeps_forty_organisations() -> None:
    organisations, services = demo_records(999)
    assert len(organisations) == 40 and len(services) == 999
    assert len({s.details.name for s in services}) == 999


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        demo_records(-1)
