"""The venues and bookings JSON API and feeds, in process: 201s, 409s naming the clash, 422s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import icalendar
import pytest
from litestar.testing import TestClient

from services.accounts.domain import Role
from services.http.lettings_access import feed_url
from tests.e2e.lettings_support import ADMIN, account, bearer, lettings_client

DECL = {
    "dbs_checked": True,
    "dbs_expires": "2027-12-31",
    "insurance_cover_pounds": 10_000_000,
    "insurance_expires": "2027-12-31",
}


@pytest.fixture
def client(tmp_path: Any) -> Iterator[TestClient[Any]]:
    yield from lettings_client(str(tmp_path))


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
    org = uuid4()
    _, manager = account(c, Role.VENUE_MANAGER, venues=[UUID(vid)])
    booker_id, booker = account(c, Role.AGENCY_BOOKER, organisations=[org])
    return {
        "venue": vid,
        "hall": hall,
        "half": half,
        "org": str(org),
        "manager": manager,
        "booker": booker,
        "booker_id": str(booker_id),
    }


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
    return c.post("/api/bookings", json=body, headers=bearer(s["booker"]))


def test_a_venue_placed_by_its_postcode_can_be_read_back(client: TestClient[Any]) -> None:
    s = _school(client)
    venue = client.get(f"/api/venues/{s['venue']}").json()
    assert venue["position"]["lat"] == pytest.approx(51.54, abs=0.05)
    assert [r["name"] for r in venue["rooms"]] == ["Hall", "Hall A"]


def test_only_an_admin_registers_a_venue(client: TestClient[Any]) -> None:
    s = _school(client)
    assert client.post("/api/venues", json={"name": "X"}).status_code == 401
    refused = client.post("/api/venues", json={"name": "X"}, headers=bearer(s["manager"]))
    assert refused.status_code == 403


def test_a_manager_of_one_venue_gets_403_at_another(client: TestClient[Any]) -> None:
    a, b = _school(client), _school(client)
    theirs = bearer(a["manager"])
    rules = {"rules": [{"season": "holiday", "opens": "09:00", "closes": "17:00"}]}
    url = f"/api/venues/{b['venue']}/rooms/{b['hall']}/availability"
    assert client.put(url, json=rules, headers=theirs).status_code == 403
    assert client.get(f"/api/venues/{b['venue']}/bookings", headers=theirs).status_code == 403
    bid = _request(client, b, "hall").json()["booking"]["id"]
    assert client.post(f"/api/bookings/{bid}/confirm", headers=theirs).status_code == 403
    own = f"/api/venues/{a['venue']}/rooms/{a['hall']}/availability"
    assert client.put(own, json=rules, headers=theirs).status_code == 200
    assert client.post(f"/api/bookings/{bid}/confirm", headers=bearer(b["manager"])).is_success


def test_a_booker_cannot_book_for_another_organisation(client: TestClient[Any]) -> None:
    s = _school(client)
    other = {**s, "org": str(uuid4())}
    assert _request(client, other, "hall").status_code == 403
    made = _request(client, s, "hall")
    assert made.status_code == 201
    assert made.json()["booking"]["requested_by"].startswith("agency_booker-")


def test_a_slot_in_the_past_is_refused(client: TestClient[Any]) -> None:
    s = _school(client)
    past = [{"day": "2025-12-01", "starts": "10:00", "ends": "12:00"}]
    assert _request(client, s, "hall", slots=past).status_code == 422


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
    assert "clashes with organisation" in clash.json()["message"]
    assert "confirmed in Hall 10:00-12:00 (Parenting course)" in clash.json()["message"]
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
    )
    assert r.status_code == 201, r.text
    assert r.json()["skipped"] == ["2026-08-31"]  # the late summer bank holiday
    assert r.json()["skipped_because"] == [
        {"day": "2026-08-31", "reason": "bank holiday (Late Summer Bank Holiday)"}
    ]
    booking = r.json()["booking"]
    assert len(booking["slots"]) == 6
    client.post(f"/api/bookings/{booking['id']}/confirm", json={"slots": [0, 1]}, headers=ADMIN)
    path = f"/api/bookings/organisations/{s['org']}/calendar.ics"
    assert client.get(path).status_code == 401
    feed = client.get(feed_url("test-admin-token", UUID(s["booker_id"]), path))
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(feed.content)
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {f"booking-{booking['id']}@signpost"}
    assert {str(e["DESCRIPTION"]) for e in cal.walk("VEVENT")} == {
        f"organisation {s['org'][:8]}: Parenting course (20 people)"
    }


def test_the_booker_cancels_its_own_booking_and_the_room_is_free_again(
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
    _, stranger = account(client, Role.AGENCY_BOOKER, organisations=[uuid4()])
    wrong = client.post(f"/api/bookings/{bid}/cancel", json={}, headers=bearer(stranger))
    assert wrong.status_code == 403
    assert client.get(f"/api/bookings/{bid}", headers=bearer(stranger)).status_code == 403
    assert client.get(f"/api/bookings/{bid}", headers=bearer(s["booker"])).status_code == 200
    ok = client.post(f"/api/bookings/{bid}/cancel", json={}, headers=bearer(s["booker"]))
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


def test_room_and_venue_feeds_need_the_managers_key_and_mark_cancellations(
    client: TestClient[Any],
) -> None:
    s = _school(client)
    bid = _request(client, s, "hall").json()["booking"]["id"]
    client.post(f"/api/bookings/{bid}/confirm", headers=ADMIN)
    manager = bearer(s["manager"])
    client.post(f"/api/bookings/{bid}/cancel", json={"reason": "Flood"}, headers=manager)
    url = f"/api/venues/{s['venue']}/rooms/{s['half']}/calendar.ics"
    assert client.get(url).status_code == 401
    booker_id = UUID(s["booker_id"])
    assert client.get(feed_url("test-admin-token", booker_id, url)).status_code == 403
    cal = icalendar.Calendar.from_ical(client.get(url, headers=manager).content)
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
