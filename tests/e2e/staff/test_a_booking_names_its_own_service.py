"""A booking names only a live catalogue service of the organisation booking, or none."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import uuid4

import httpx

from services.accounts.domain import Role
from services.catalogue.model import ServiceDetails
from tests.e2e.staff.conftest import StaffSite
from tests.e2e.staff.lettings_site import lettable_venue

DECL = {
    "dbs_checked": True,
    "dbs_expires": "2099-12-31",
    "insurance_cover_pounds": 10_000_000,
    "insurance_expires": "2099-12-31",
}


def _request(site: StaffSite, service_id: Any, day: dt.date) -> httpx.Response:
    venue = lettable_venue(site)
    body = {
        "organisation_id": str(site.organisation_id),
        "venue_id": str(venue.venue_id),
        "room_id": str(venue.hall_id),
        "purpose": "Parenting course",
        "attendees": 20,
        "declarations": DECL,
        "slots": [{"day": str(day), "starts": "10:00", "ends": "12:00"}],
        "service_id": service_id,
    }
    booker = {"Authorization": f"Bearer {site.token(Role.AGENCY_BOOKER)}"}
    return httpx.post(f"{site.url}/api/bookings", json=body, headers=booker, timeout=20)


def _another_organisations_service(site: StaffSite) -> str:
    index = site.served.runtime.index
    hits = httpx.get(f"{site.url}/api/search", params={"per_page": 100}).json()["hits"]
    return next(
        str(h["id"])
        for h in hits
        if (index.get("public", h["id"]) or {}).get("organisation_id") != str(site.organisation_id)
    )


def test_a_booking_may_name_a_live_service_of_its_own_organisation_only(
    staff_site: StaffSite,
) -> None:
    catalogue = staff_site.served.runtime.catalogue
    withdrawn = catalogue.register_service(
        staff_site.organisation_id, ServiceDetails(name="Closed playgroup"), actor="test"
    )
    catalogue.withdraw_service(withdrawn, "Closed for good", actor="test")
    day = lettable_venue(staff_site).holiday_starts
    for service_id in (_another_organisations_service(staff_site), str(uuid4()), str(withdrawn)):
        refused = _request(staff_site, service_id, day)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == "service_id"
    own = _request(staff_site, staff_site.service_id, day)
    assert own.status_code == 201, own.text
    assert own.json()["booking"]["service_id"] == staff_site.service_id
    assert _request(staff_site, None, day).status_code == 201
