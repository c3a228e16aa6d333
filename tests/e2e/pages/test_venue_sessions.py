"""A confirmed room booking for a service shows on that service's public page as its sessions."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from tests.e2e.conftest import Served

DECLARATIONS = {
    "dbs_checked": True,
    "dbs_expires": "2099-12-31",
    "insurance_cover_pounds": 10_000_000,
    "insurance_expires": "2099-12-31",
}


def test_a_confirmed_booking_for_a_service_appears_on_its_page(site: Served) -> None:
    service = site.http.get("/api/search", params={"q": "parenting"}).json()["hits"][0]["id"]
    organisation = site.runtime.catalogue.get_service(UUID(service)).organisation_id
    start = dt.date.today() + dt.timedelta(days=14)
    start += dt.timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday
    holiday = {
        "name": "Spring holiday",
        "starts": str(start),
        "ends": str(start + dt.timedelta(days=20)),
    }
    venue = site.post(
        "/api/venues", {"name": "Ridgeway Primary School", "postcode": "E15 1AA"}
    ).json()["id"]
    assert (
        site.http.put(
            f"/api/venues/{venue}/calendar",
            json={"terms": [], "holidays": [holiday]},
            headers=site.admin,
        ).status_code
        == 200
    )
    room = site.post(f"/api/venues/{venue}/rooms", {"name": "Library", "capacity": 30}).json()[
        "room_id"
    ]
    rules = {"rules": [{"season": "holiday", "opens": "08:00", "closes": "18:00"}]}
    assert (
        site.http.put(
            f"/api/venues/{venue}/rooms/{room}/availability", json=rules, headers=site.admin
        ).status_code
        == 200
    )

    page = site.http.get(f"/services/{service}").text
    assert "Ridgeway Primary School" not in page

    booking = site.http.post(
        "/api/bookings",
        json={
            "organisation_id": str(organisation),  # a booking names its own service
            "venue_id": venue,
            "room_id": room,
            "purpose": "Parenting course",
            "attendees": 12,
            "declarations": DECLARATIONS,
            "service_id": service,
            "slots": [{"day": str(start), "starts": "10:00", "ends": "12:00"}],
            "weekly_until": str(start + dt.timedelta(days=14)),
        },
        headers=site.admin,  # an admin may book for any organisation
    )
    assert booking.status_code == 201, booking.text
    booking_id = booking.json()["booking"]["id"]
    pending = site.http.get(f"/services/{service}").text
    assert "Ridgeway Primary School" not in pending, "a request is not a session until confirmed"

    confirmed = site.http.post(f"/api/bookings/{booking_id}/confirm", headers=site.admin)
    assert confirmed.status_code == 200, confirmed.text
    page = site.http.get(f"/services/{service}").text
    assert "Sessions at local schools and venues" in page
    assert "Tuesdays" in page and "Ridgeway Primary School, Library" in page
