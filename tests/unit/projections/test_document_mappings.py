"""A service's facts land in their own fields of its public search document and of its ORUK 3.0
service: each group of fields (the record, who it is for, cost, access, times, places, contact
and checks) mapped from one fully filled-in service."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from projections.documents import public_document
from projections.oruk_documents import sal_id, service_json
from search.documents import ContactView, GeoPoint, LocationView
from services.catalogue import taxonomy
from services.catalogue.domain import Service
from services.catalogue.model import (
    AgeRange,
    Audience,
    Contact,
    Cost,
    Delivery,
    Location,
    OrganisationDetails,
    Position,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    Weekday,
)

ORGANISATION = UUID("00000000-0000-4000-8000-000000000001")
SERVICE = UUID("00000000-0000-4000-8000-000000000002")
HALL = UUID("00000000-0000-4000-8000-000000000003")


def _service() -> Service:
    details = ServiceDetails(
        name="Parenting group",
        description="Weekly group for parents. Creche available.",
        url="https://group.example.org",
        audience=[Audience.PARENTS],
        ages=AgeRange(minimum_months=18 * 12, maximum_months=125 * 12),
        needs=["Parenting support"],
        eligibility="Camden residents",
        cost=Cost(free=False, description="£2 a session"),
        referral_routes=[ReferralRoute.DROP_IN, ReferralRoute.GP],
        delivery=[Delivery.IN_PERSON],
        languages=["English", "Bengali"],
        accessibility=["Step-free"],
        public_contact=Contact(name="Amira", phone="020 7946 0001", email="a@group.example.org"),
        service_area="London Borough of Camden",
    )
    service = Service.register(ORGANISATION, details, id=SERVICE, actor="e")
    hall = Location(
        id=HALL,
        name="Queen's Crescent hall",
        address="1 Queen's Crescent, London",
        postcode="NW5 4DH",
        position=Position(51.55, -0.15),
    )
    service.add_location(hall, actor="e")
    service.categorise(["parenting.parent-peer-support"], actor="e")
    service.set_schedules(
        [
            Schedule(
                days=[Weekday.WE, Weekday.MO],
                opens_at=dt.time(9, 30),
                closes_at=dt.time(11),
                location_id=HALL,
            )
        ],
        actor="e",
    )
    service.verify(dt.date(2026, 2, 3), actor="e")
    service.temporarily_close("Hall being repainted", actor="e")
    return service


def test_the_public_document_maps_each_group_of_fields() -> None:
    service = _service()
    doc = public_document(service, "Camden Parents")
    assert (doc.id, doc.organisation_id, doc.organisation) == (
        str(SERVICE),
        str(ORGANISATION),
        "Camden Parents",
    )
    assert (doc.name, doc.summary, doc.url, doc.status) == (
        "Parenting group",
        "Weekly group for parents.",
        "https://group.example.org",
        "temporarily_closed",
    )
    assert doc.categories == ["parenting", "parenting.parent-peer-support"]
    assert doc.category_names == [taxonomy.TERMS[c].name for c in doc.categories]
    assert (doc.audience, doc.needs, doc.eligibility) == (
        ["parents"],
        ["Parenting support"],
        "Camden residents",
    )
    assert (doc.min_age_months, doc.max_age_months, doc.for_families) == (216, 1500, True)
    assert (doc.free, doc.cost, doc.cost_description) == (False, "charge", "£2 a session")
    assert (doc.referral_routes, doc.self_referral) == (["drop_in", "gp"], True)
    assert (doc.delivery, doc.languages, doc.accessibility) == (
        ["in_person"],
        ["English", "Bengali"],
        ["Step-free"],
    )
    assert doc.days == ["MO", "WE"]
    (session,) = doc.sessions
    assert (session.text, session.days, session.location_id) == (
        "Wednesdays and Mondays, 9:30am to 11am",
        ["WE", "MO"],
        str(HALL),
    )
    assert doc.locations == [
        LocationView(
            id=str(HALL),
            name="Queen's Crescent hall",
            address="1 Queen's Crescent, London",
            postcode="NW5 4DH",
            lat=51.55,
            lon=-0.15,
        )
    ]
    assert (doc.postcodes, doc._geo) == (["NW5 4DH"], GeoPoint(lat=51.55, lng=-0.15))
    assert (doc.service_area, doc.area_name) == ("London Borough of Camden", "Camden")
    assert "NW5" in doc.area_districts
    assert doc.alert == "Hall being repainted"  # closed for now: the reason is the alert
    assert doc.contact == ContactView(
        name="Amira", phone="020 7946 0001", email="a@group.example.org"
    )
    assert (doc.last_verified, doc.verified_by) == ("2026-02-03", "e")
    assert doc.checked_at == int(dt.datetime(2026, 2, 3, tzinfo=dt.UTC).timestamp())
    assert (doc.version, doc.updated_at) == (service.version, service.modified_on.isoformat())


def _only(items: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(items) == 1, items
    return items[0]


def test_the_oruk_service_maps_each_group_of_fields() -> None:
    service = _service()
    doc = service_json(service, OrganisationDetails(name="Camden Parents"))
    assert (doc["id"], doc["organization_id"], doc["organization"]["name"]) == (
        str(SERVICE),
        str(ORGANISATION),
        "Camden Parents",
    )
    assert (doc["name"], doc["url"], doc["email"], doc["status"]) == (
        "Parenting group",
        "https://group.example.org",
        "a@group.example.org",
        "temporarily closed",
    )
    assert (doc["minimum_age"], doc["maximum_age"], doc["fees"]) == (18, 125, "£2 a session")
    assert (doc["assured_date"], doc["alert"]) == ("2026-02-03", "Hall being repainted")
    assert _only(doc["service_areas"])["name"] == "London Borough of Camden"
    assert [language["name"] for language in doc["languages"]] == ["English", "Bengali"]
    cost = _only(doc["cost_options"])
    assert (cost["option"], "amount" in cost) == ("£2 a session", False)
    contact = _only(doc["contacts"])
    assert (contact["name"], _only(contact["phones"])["number"]) == ("Amira", "020 7946 0001")
    attribute = _only(doc["attributes"])
    assert attribute["taxonomy_term_id"] == str(taxonomy.term_uuid("parenting.parent-peer-support"))
    assert attribute["link_id"] == str(SERVICE)
    schedule = _only(doc["schedules"])
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WE,MO",
        "09:30:00",
        "11:00:00",
    )
    assert schedule["service_at_location_id"] == str(sal_id(SERVICE, HALL))
    at = _only(doc["service_at_locations"])
    assert (at["id"], at["location"]["name"]) == (
        str(sal_id(SERVICE, HALL)),
        "Queen's Crescent hall",
    )
    assert doc["signpost"]["referral_routes"] == ["drop_in", "gp"]


def test_a_free_service_without_contact_or_area_leaves_those_out() -> None:
    service = Service.register(
        ORGANISATION, ServiceDetails(name="Stay and play"), id=SERVICE, actor="e"
    )
    doc = service_json(service, OrganisationDetails(name="Org"), nested=False)
    assert _only(doc["cost_options"])["option"] == "Free"
    assert _only(doc["cost_options"])["amount"] == 0
    for absent in ("contacts", "service_areas", "languages", "attributes", "alert"):
        assert absent not in doc, absent
    assert "service_at_locations" not in doc
