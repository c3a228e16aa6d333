"""Out-of-range dates, overlong series and malformed calendar files get a 4xx naming the field;
a bad parameter of a read is a 400 naming it as the client sent it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.e2e.lettings_support import ADMIN, lettings_client
from tests.e2e.test_venues_api import _request, _school


@pytest.fixture
def client(tmp_path: Any) -> Iterator[TestClient[Any]]:
    yield from lettings_client(str(tmp_path))


@pytest.mark.parametrize("until", ["2500-01-01", "9999-12-31"])
def test_a_series_beyond_52_weeks_or_2100_is_refused_naming_its_end(
    client: TestClient[Any], until: str
) -> None:
    s = _school(client)
    r = _request(client, s, "hall", weekly_until=until)
    assert r.status_code == 422 and r.json()["field"] == "weekly_until", r.text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "9999-12-31", "to": "9999-12-31"}, "from"),
        ({"from": "2026-07-27", "to": "9999-12-31"}, "to"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "from"),
    ],
)
def test_free_times_out_of_range_are_refused_naming_the_parameter(
    client: TestClient[Any], query: dict[str, str], field: str
) -> None:
    s = _school(client)
    r = client.get(f"/api/venues/{s['venue']}/rooms/{s['hall']}/free", params=query)
    assert r.status_code == 400 and r.json()["field"] == field, r.text
    assert "2100" in r.json()["message"], "the message says which days may be asked for"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "yesterday", "to": "2026-07-27"}, "from"),
        ({"from": "2026-07-27", "to": "27/07/2026"}, "to"),
        ({"to": "2026-07-27"}, "from"),
        ({"from": "2026-07-28", "to": "2026-07-27"}, "to"),
    ],
)
def test_free_times_with_a_malformed_parameter_are_a_400_naming_it_as_sent(
    client: TestClient[Any], query: dict[str, str], field: str
) -> None:
    s = _school(client)
    r = client.get(f"/api/venues/{s['venue']}/rooms/{s['hall']}/free", params=query)
    assert r.status_code == 400 and r.json()["field"] == field, r.text


def test_a_malformed_date_is_named_in_the_apis_words(client: TestClient[Any]) -> None:
    s = _school(client)
    query = {"from": "27/07/2026", "to": "2026-07-28"}
    r = client.get(f"/api/venues/{s['venue']}/rooms/{s['hall']}/free", params=query)
    assert r.status_code == 400, r.text
    assert r.json() == {"status": 400, "message": "Not a date such as 2026-03-02.", "field": "from"}


@pytest.mark.parametrize(
    ("path", "query", "takes"),
    [
        ("/api/venues/{venue}", {"expand": "rooms"}, "no parameters"),
        (
            "/api/venues/{venue}/rooms/{hall}/free",
            {"from": "2026-07-27", "to": "2026-07-28", "room": "x"},
            "from, to",
        ),
        (
            "/api/venues/free-rooms",
            {
                "postcode": "E15 1AA",
                "day": "2026-07-28",
                "starts": "10:00",
                "ends": "11:00",
                "radius": "2",
            },
            "capacity, day, ends, facilities, postcode, radius_km, starts",
        ),
        ("/api/venues/{venue}/bookings", {"status": "pending"}, "no parameters"),
    ],
)
def test_a_read_given_a_parameter_it_does_not_take_says_so_and_lists_what_it_takes(
    client: TestClient[Any], path: str, query: dict[str, str], takes: str
) -> None:
    """A misspelt parameter (`radius` for `radius_km`) would otherwise be ignored unnoticed."""
    s = _school(client)
    r = client.get(path.format(**s), params=query, headers=ADMIN)
    unknown = next(k for k in query if k not in takes.split(", "))
    assert r.status_code == 400, r.text
    assert r.json()["field"] == unknown and r.json()["message"] == (
        f"Unknown parameter '{unknown}'; this takes {takes}."
    )
    known = {k: v for k, v in query.items() if k != unknown}
    assert client.get(path.format(**s), params=known, headers=ADMIN).status_code == 200


def test_free_rooms_on_a_day_out_of_range_are_refused_naming_it(client: TestClient[Any]) -> None:
    _school(client)
    params = {"postcode": "E15 1AA", "day": "9999-12-31", "starts": "10:00", "ends": "11:00"}
    r = client.get("/api/venues/free-rooms", params=params)
    assert r.status_code == 400 and r.json()["field"] == "day", r.text
    assert "2100" in r.json()["message"], "the message says which days may be asked for"


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"day": "tomorrow"}, "day"),
        ({"postcode": "ZZ99 9ZZ"}, "postcode"),
        ({"starts": "25:00"}, "starts"),
        ({"ends": "10:00"}, "ends"),
        ({"ends": "09:00"}, "ends"),
        ({"capacity": "0"}, "capacity"),
        ({"radius_km": "51"}, "radius_km"),
        ({"postcode": None}, "postcode"),
    ],
)
def test_free_rooms_with_a_malformed_parameter_are_a_400_naming_it(
    client: TestClient[Any], changed: dict[str, str | None], field: str
) -> None:
    _school(client)
    params = {"postcode": "E15 1AA", "day": "2026-07-28", "starts": "10:00", "ends": "11:00"}
    params = {k: v for k, v in (params | changed).items() if v is not None}
    r = client.get("/api/venues/free-rooms", params=params)
    assert r.status_code == 400 and r.json()["field"] == field, r.text


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_the_venue_page_from_a_day_out_of_range_is_a_4xx(
    client: TestClient[Any], start: str
) -> None:
    s = _school(client)
    r = client.get(f"/venues/{s['venue']}", params={"start": start})
    assert 400 <= r.status_code < 500 and "2100" in r.text


def test_the_managers_calendar_from_a_day_out_of_range_is_a_4xx(client: TestClient[Any]) -> None:
    s = _school(client)
    r = client.get(
        f"/staff/venues/{s['venue']}/calendar", params={"start": "9999-12-31"}, headers=ADMIN
    )
    assert 400 <= r.status_code < 500, r.text


@pytest.mark.parametrize(
    ("ics", "field"),
    [
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Term\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "VEVENT[0].DTSTART",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Term\r\nDTSTART:00010101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "VEVENT[0].DTSTART",
        ),
        (b"not a calendar at all", "calendar"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\xff\xfe\r\nDTSTART;VALUE=DATE:2026xx01\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "VEVENT[0].DTSTART",
        ),
    ],
)
def test_a_malformed_calendar_file_is_a_4xx_naming_the_field(
    client: TestClient[Any], ics: bytes, field: str
) -> None:
    s = _school(client)
    r = client.post(
        f"/api/venues/{s['venue']}/calendar/import",
        content=ics,
        headers={**ADMIN, "content-type": "text/calendar"},
    )
    assert 400 <= r.status_code < 500 and r.json()["field"] == field, r.text
    assert "line" in r.json()["message"], "the message says where in the file"


def test_a_calendar_period_out_of_range_is_refused_naming_it(client: TestClient[Any]) -> None:
    s = _school(client)
    calendar = {"terms": [{"name": "Term", "starts": "2026-01-05", "ends": "9999-12-31"}]}
    r = client.put(f"/api/venues/{s['venue']}/calendar", json=calendar, headers=ADMIN)
    assert r.status_code == 422 and r.json()["field"] == "terms[0].ends", r.text
