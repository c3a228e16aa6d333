"""The venues and bookings JSON API and feeds, in process: 201s, 409s naming the clash, 422s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import icalendar
import pytest
from litestar.testing import TestClient

from search.postcodes import PostcodeDirectory
from services.http.app import create_app
from services.runtime import build_lettings
from services.settings import Settings
from tests.clocks import new_year_2026

ADMIN = {"Authorization": "Bearer test-admin-token"}
DECL = {
    "dbs_checked": True,
    "dbs_expires": "2027-12-31",
    "insurance_cover_pounds": 10_000_000,
    "insurance_expires": "2027-12-31",
}


@pytest.fixture
def client(tmp_path: Any) -> Iterator[TestClient[Any]]:
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    lettings = build_lettings(settings, clock=new_year_2026)
    runtime = SimpleNamespace(
        lettings=lettings, postcodes=PostcodeDirectory(), admin_token="test-admin-token"
    )
    with TestClient(create_app(runtime, manage_runtime=False)) as c:  # type: ignore[arg-type]
        yield c
    lettings.close()


def _school(c: TestClient[Any]) -> dict[str, str]:
    venue = c.post(
        "/api/venues",
        json={
            "name": "Ridgeway Primary",
            "address": "1 Ridgeway, London",
            "postcode": "E15 1AA",
            "conditions": {"requires_dbs": True, "min_insurance_cover_pounds": 5_000_000},
        },
        headers=ADMIN,
    )
    assert venue.status_code == 201, venue.text
    vid = venue.json()["id"]
    calendar = {
        "terms": [{"name": "Summer term", "starts": "2026-04-13", "ends": "2026-07-22"}],
        "holidays": [{"name": "Summer holiday", "starts": "2026-07-23", "ends": "2026-09-01"}],
    }
    assert c.put(f"/api/venues/{vid}/calendar", json=calendar, headers=ADMIN).status_code == 200
    hall = c.post(
        f"/api/venues/{vid}/rooms", json={"name": "Hall", "capacity": 100}, headers=ADMIN
    ).json()["room_id"]
    half = c.post(
        f"/api/venues/{vid}/rooms",
        json={"name": "Hall A", "capacity": 50, "part_of": hall},
        headers=ADMIN,
    ).json()["room_id"]
    rules = {"rules": [{"season": "holiday", "opens": "08:00", "closes": "18:00"}]}
    for room in (hall, half):
        r = c.put(f"/api/venues/{vid}/rooms/{room}/availability", json=rules, headers=ADMIN)
        assert r.status_code == 200, r.text
    return {"venue": vid, "hall": hall, "half": half, "org": str(uuid4())}


def _request(c: TestClient[Any], s: dict[str, str], room: str, **kw: Any) -> Any:
    body = {
        "organisation_id": s["org"],
        "venue_id": s["venue"],
        "room_id": s[room],
        "purpose": "Parenting course",
        "attendees": 20,
        "declarations": DECL,
        "slots": [{"day": "2026-07-28", "starts": "10:00", "ends": "12:00"}],
        **kw,
    }
    return c.post("/api/bookings", json=body)


def test_a_venue_placed_by_its_postcode_can_be_read_back(client: TestClient[Any]) -> None:
    s = _school(client)
    venue = client.get(f"/api/venues/{s['venue']}").json()
    assert venue["position"]["lat"] == pytest.approx(51.54, abs=0.05)
    assert [r["name"] for r in venue["rooms"]] == ["Hall", "Hall A"]


def test_venue_manager_actions_need_the_admin_token(client: TestClient[Any]) -> None:
    assert client.post("/api/venues", json={"name": "X"}).status_code == 401


def test_a_second_confirmation_of_an_overlapping_slot_gets_409_naming_the_booking(
    client: TestClient[Any],
) -> None:
    s = _school(client)
    first = _request(client, s, "hall").json()["booking"]["id"]
    second = _request(
        client, s, "half", slots=[{"day": "2026-07-28", "starts": "11:00", "ends": "13:00"}]
    ).json()["booking"]["id"]
    ok = client.post(f"/api/bookings/{first}/confirm", headers=ADMIN)
    assert ok.status_code == 200, ok.text
    assert ok.json()["pending_requests_now_clashing"] == [second]
    clash = client.post(f"/api/bookings/{second}/confirm", headers=ADMIN)
    assert clash.status_code == 409
    assert first in clash.json()["message"]
    assert clash.json()["detail"][0]["conflicting_booking_id"] == first


def test_a_request_breaking_a_rule_gets_422_naming_the_field(client: TestClient[Any]) -> None:
    s = _school(client)
    r = _request(client, s, "half", attendees=80)
    assert r.status_code == 422 and r.json()["field"] == "attendees"
    r = _request(client, s, "hall", declarations={**DECL, "insurance_cover_pounds": 1000})
    assert r.status_code == 422 and r.json()["field"] == "declarations.insurance_cover_pounds"


def test_a_weekly_series_reports_skipped_days_and_appears_in_the_agency_feed(
    client: TestClient[Any],
) -> None:
    s = _school(client)
    r = _request(
        client,
        s,
        "hall",
        slots=[{"day": "2026-07-27", "starts": "10:00", "ends": "12:00"}],
        weekly_until="2026-09-07",
        service_id=str(uuid4()),
    )
    assert r.status_code == 201, r.text
    assert r.json()["skipped"] == ["2026-08-31"]  # the late summer bank holiday
    booking = r.json()["booking"]
    assert len(booking["slots"]) == 6
    client.post(f"/api/bookings/{booking['id']}/confirm", json={"slots": [0, 1]}, headers=ADMIN)
    feed = client.get(f"/api/bookings/organisations/{s['org']}/calendar.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(feed.content)
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {f"booking-{booking['id']}@signpost"}
    sessions = client.get(f"/api/bookings/services/{booking['service_id']}/sessions").json()
    assert sessions == [] or sessions[0]["venue_name"] == "Ridgeway Primary"


def test_the_booker_cancels_with_its_organisation_id_and_the_room_is_free_again(
    client: TestClient[Any],
) -> None:
    s = _school(client)
    bid = _request(client, s, "hall").json()["booking"]["id"]
    client.post(f"/api/bookings/{bid}/confirm", headers=ADMIN)
    url = f"/api/venues/{s['venue']}/rooms/{s['half']}/free?from=2026-07-28&to=2026-07-28"
    assert client.get(url).json() == [
        {"day": "2026-07-28", "starts": "08:00", "ends": "10:00"},
        {"day": "2026-07-28", "starts": "12:00", "ends": "18:00"},
    ]
    wrong = client.post(f"/api/bookings/{bid}/cancel", json={"organisation_id": str(uuid4())})
    assert wrong.status_code == 404
    ok = client.post(f"/api/bookings/{bid}/cancel", json={"organisation_id": s["org"]})
    assert ok.json()["slots"][0]["state"] == "cancelled"
    assert len(client.get(url).json()) == 1


def test_rooms_near_a_postcode_that_are_free_for_the_slot(client: TestClient[Any]) -> None:
    s = _school(client)
    params = "postcode=E15&day=2026-07-28&starts=10:00&ends=12:00&capacity=60"
    assert [r["room_name"] for r in client.get(f"/api/venues/free-rooms?{params}").json()] == [
        "Hall"
    ]
    bid = _request(client, s, "half").json()["booking"]["id"]
    client.post(f"/api/bookings/{bid}/confirm", headers=ADMIN)
    assert client.get(f"/api/venues/free-rooms?{params}").json() == []


def test_room_and_venue_feeds_need_the_token_and_mark_cancellations(
    client: TestClient[Any],
) -> None:
    s = _school(client)
    bid = _request(client, s, "hall").json()["booking"]["id"]
    client.post(f"/api/bookings/{bid}/confirm", headers=ADMIN)
    client.post(f"/api/bookings/{bid}/cancel", json={"reason": "Flood"}, headers=ADMIN)
    url = f"/api/venues/{s['venue']}/rooms/{s['half']}/calendar.ics"
    assert client.get(url).status_code == 401
    cal = icalendar.Calendar.from_ical(client.get(f"{url}?token=test-admin-token").content)
    [event] = cal.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    venue_feed = client.get(f"/api/venues/{s['venue']}/calendar.ics", headers=ADMIN)
    assert venue_feed.status_code == 200


def test_a_term_dates_ical_file_can_be_imported(client: TestClient[Any]) -> None:
    s = _school(client)
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        "DTSTAMP:20260101T000000Z\r\nSUMMARY:Autumn term\r\nDTSTART;VALUE=DATE:20260902\r\n"
        "DTEND;VALUE=DATE:20261219\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    r = client.post(
        f"/api/venues/{s['venue']}/calendar/import",
        content=ics,
        headers={**ADMIN, "content-type": "text/calendar"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["calendar"]["terms"][0]["ends"] == "2026-12-18"
    assert dt.date.fromisoformat(r.json()["calendar"]["terms"][0]["starts"]).month == 9


def test_rooms_and_venues_can_be_updated_and_the_openapi_schema_lists_the_routes(
    client: TestClient[Any],
) -> None:
    s = _school(client)
    r = client.put(
        f"/api/venues/{s['venue']}/rooms/{s['half']}",
        json={"name": "Hall A (stage end)", "capacity": 45, "part_of": s["hall"]},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    moved = client.put(
        f"/api/venues/{s['venue']}/rooms/{s['half']}",
        json={"name": "Hall A", "capacity": 45},
        headers=ADMIN,
    )
    assert moved.status_code == 422 and moved.json()["field"] == "part_of"
    r = client.put(
        f"/api/venues/{s['venue']}",
        json={"name": "Ridgeway Primary Academy", "postcode": "E15 1AA"},
        headers=ADMIN,
    )
    assert r.json()["name"] == "Ridgeway Primary Academy"
    schema = client.get("/schema/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/bookings/{booking_id}/confirm" in paths and "/api/venues/free-rooms" in paths
