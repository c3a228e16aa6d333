"""The lettings pages: the public venue page, the manager's requests and calendar, the booker's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from litestar.testing import TestClient

from services.accounts.domain import Role
from tests.e2e.lettings_support import ADMIN, account, lettings_client, signed_in
from tests.e2e.test_venues_api import _request, _school


@pytest.fixture
def pages(tmp_path: Any) -> Iterator[TestClient[Any]]:
    yield from lettings_client(str(tmp_path))


def test_the_venue_page_lists_rooms_and_14_days_of_free_times(pages: TestClient[Any]) -> None:
    s = _school(pages)
    page = pages.get(f"/venues/{s['venue']}?start=2026-07-27")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Ridgeway Primary" in page.text and "part of Hall" in page.text
    assert "Monday 27 July" in page.text and "(Summer holiday)" in page.text
    assert "Hall: 08:00\u201318:00" in page.text
    assert page.text.count("sp-sheet-entry") == 14, "a view of the next 14 days"


def test_the_requests_page_sends_the_anonymous_to_sign_in(pages: TestClient[Any]) -> None:
    s = _school(pages)
    page = pages.get(f"/staff/venues/{s['venue']}/requests", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/staff/login")


def test_a_manager_of_another_venue_gets_403_on_its_pages(pages: TestClient[Any]) -> None:
    a, b = _school(pages), _school(pages)
    csrf = signed_in(pages, a["manager"])
    assert pages.get(f"/staff/venues/{b['venue']}/requests").status_code == 403
    assert pages.get(f"/staff/venues/{b['venue']}/calendar").status_code == 403
    bid = _request(pages, b, "hall").json()["booking"]["id"]
    refused = pages.post(
        f"/staff/venues/{b['venue']}/bookings/{bid}/confirm", data={"csrf_token": csrf}
    )
    assert refused.status_code == 403
    listed = pages.get("/staff/venues").text
    assert f"/staff/venues/{a['venue']}" in listed and f"/staff/venues/{b['venue']}" not in listed


def test_confirming_from_the_page_shows_which_requests_now_clash(pages: TestClient[Any]) -> None:
    s = _school(pages)
    first = _request(pages, s, "hall").json()["booking"]["id"]
    second = _request(pages, s, "half").json()["booking"]["id"]
    csrf = signed_in(pages, s["manager"])
    base = f"/staff/venues/{s['venue']}/bookings"
    assert pages.post(f"{base}/{first}/confirm", data={}).status_code == 403  # no CSRF token
    done = pages.post(f"{base}/{first}/confirm", data={"csrf_token": csrf}, follow_redirects=True)
    assert done.status_code == 200
    assert "1 other pending request(s) now clash" in done.text
    clash = f"clashes with organisation {s['org'][:8]}, confirmed in Hall 10:00-12:00"
    assert "Tue 28 Jul 2026 10:00-12:00 " + clash in done.text
    refused = pages.post(
        f"{base}/{second}/confirm", data={"csrf_token": csrf}, follow_redirects=True
    )
    assert clash in refused.text and "There is a problem" in refused.text
    declined = pages.post(
        f"{base}/{second}/decline",
        data={"csrf_token": csrf, "reason": "Hall already let"},
        follow_redirects=True,
    )
    assert "Declined." in declined.text
    assert pages.get(f"/api/bookings/{second}", headers=ADMIN).json()["slots"][0]["state"] == (
        "declined"
    )
    week = pages.get(f"/staff/venues/{s['venue']}/calendar?start=2026-07-28").text
    assert "10:00\u201312:00 Hall: Parenting course (confirmed)" in week
    month = pages.get(f"/staff/venues/{s['venue']}/calendar?view=month&start=2026-07-01").text
    assert "July 2026" in month and "Parenting course (confirmed)" in month


def test_a_booker_finds_requests_and_cancels_a_room_with_errors_naming_fields(
    pages: TestClient[Any],
) -> None:
    s = _school(pages)
    csrf = signed_in(pages, s["booker"])
    found = pages.get(
        "/staff/rooms?postcode=E15&day=2026-07-28&starts=10:00&ends=12:00&capacity=60"
    )
    assert found.status_code == 200 and "1 free room" in found.text and "km" in found.text
    bad = pages.get("/staff/rooms?postcode=&day=2026-07-28&starts=10:00&ends=09:00&capacity=x")
    assert bad.status_code == 400
    assert 'href="#postcode"' in bad.text and 'href="#ends"' in bad.text
    form = {
        "csrf_token": csrf,
        "venue": s["venue"],
        "room": s["hall"],
        "day": "2026-07-27",
        "starts": "10:00",
        "ends": "12:00",
        "repeat": "weekly",
        "weekly_until": "",
        "purpose": "",
        "attendees": "20",
        "dbs_checked": "yes",
        "dbs_expires": "2027-12-31",
        "insurance_cover_pounds": "10000000",
        "insurance_expires": "2027-12-31",
    }
    missing = pages.post("/staff/rooms/request", data=form)
    assert missing.status_code == 400
    assert 'href="#purpose"' in missing.text and 'href="#weekly_until"' in missing.text
    form.update(purpose="Parenting course", weekly_until="2026-08-17")
    sent = pages.post("/staff/rooms/request", data=form, follow_redirects=True)
    assert sent.status_code == 200 and "waiting for the venue" in sent.text
    assert sent.text.count("pending") == 4
    [booking] = pages.get(f"/api/venues/{s['venue']}/bookings", headers=ADMIN).json()
    cancelled = pages.post(
        f"/staff/bookings/{booking['id']}/cancel", data={"csrf_token": csrf}, follow_redirects=True
    )
    assert "Cancelled." in cancelled.text and cancelled.text.count("cancelled") >= 4


def test_a_booker_cannot_request_for_an_organisation_it_is_not_linked_to(
    pages: TestClient[Any],
) -> None:
    s = _school(pages)
    _, other = account(pages, Role.AGENCY_BOOKER, organisations=[uuid4()])
    csrf = signed_in(pages, other)
    form = {
        "csrf_token": csrf,
        "venue": s["venue"],
        "room": s["hall"],
        "organisation_id": s["org"],
        "day": "2026-07-28",
        "starts": "10:00",
        "ends": "12:00",
        "purpose": "Parenting course",
        "attendees": "20",
    }
    refused = pages.post("/staff/rooms/request", data=form)
    assert refused.status_code == 400 and "Choose the organisation" in refused.text
    assert pages.get(f"/api/venues/{s['venue']}/bookings", headers=ADMIN).json() == []


SET_UP_FORMS = ["add a date", "remove a date", "add a room", "save a room", "save a room's times"]


def _setup_forms(s: dict[str, str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each set-up form the manager saves: where it posts and a good filling-in."""
    v = f"/staff/venues/{s['venue']}"
    rule = {"opens_0": "09:00", "closes_0": "17:00", "season_0": "holiday", "days_0": "MO"}
    return {
        "add a date": (
            f"{v}/dates",
            {
                "kind": "closures",
                "period_name": "INSET day",
                "starts": "2026-09-01",
                "ends": "2026-09-01",
            },
        ),
        "remove a date": (f"{v}/dates/remove", {"period": "terms:0"}),
        "add a room": (f"{v}/rooms/new", {"room_name": "Library", "capacity": "20"}),
        "save a room": (
            f"{v}/rooms/{s['half']}",
            {"room_name": "Hall (stage end)", "capacity": "40", "part_of": s["hall"]},
        ),
        "save a room's times": (f"{v}/rooms/{s['hall']}/availability", {**rule, "action": "save"}),
    }


@pytest.mark.parametrize("form", SET_UP_FORMS)
def test_a_saved_set_up_form_loads_the_venue_once(
    pages: TestClient[Any], monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """The page leaves the venue to the use case, which loads it once; it loads it again only
    to show the form with its errors."""
    s = _school(pages)
    csrf = signed_in(pages, s["manager"])
    venues = pages.app.state.runtime.lettings.venues
    loads: list[Any] = []
    get = venues.repository.get

    def counting(aggregate_id: Any, *args: Any, **kwargs: Any) -> Any:
        # the venue as it is now; the read models, brought up to date in this process after a
        # save, load the version each event made
        if str(aggregate_id) == s["venue"] and kwargs.get("version") is None:
            loads.append(aggregate_id)
        return get(aggregate_id, *args, **kwargs)

    path, fields = _setup_forms(s)[form]
    monkeypatch.setattr(venues.repository, "get", counting)
    saved = pages.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)
    monkeypatch.undo()
    assert saved.status_code == 303, saved.text
    assert len(loads) == 1


@pytest.mark.parametrize("form", SET_UP_FORMS)
def test_a_manager_of_another_venue_is_refused_each_set_up_form_with_403(
    pages: TestClient[Any], form: str
) -> None:
    mine, theirs = _school(pages), _school(pages)
    csrf = signed_in(pages, mine["manager"])
    path, fields = _setup_forms(theirs)[form]
    before = pages.get(f"/api/venues/{theirs['venue']}").json()
    refused = pages.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)
    assert refused.status_code == 403, refused.text
    assert pages.get(f"/api/venues/{theirs['venue']}").json() == before, "nothing was saved"


def test_a_set_up_form_with_a_mistake_comes_back_with_it_named_and_nothing_saved(
    pages: TestClient[Any],
) -> None:
    s = _school(pages)
    csrf = signed_in(pages, s["manager"])
    before = pages.get(f"/api/venues/{s['venue']}").json()
    wrong = {
        "kind": "closures",
        "period_name": "INSET day",
        "starts": "1 Sept",
        "ends": "2026-09-01",
    }
    dates = pages.post(f"/staff/venues/{s['venue']}/dates", data={"csrf_token": csrf, **wrong})
    assert dates.status_code == 400
    assert "Enter the first day as a date, like 2027-03-29" in dates.text
    assert "Ridgeway Primary" in dates.text and 'value="INSET day"' in dates.text
    room = {"room_name": "Annex", "capacity": "10", "part_of": str(uuid4())}  # not a room here
    rooms = pages.post(f"/staff/venues/{s['venue']}/rooms/new", data={"csrf_token": csrf, **room})
    assert rooms.status_code == 400
    assert "A room can only be part of another room of this venue" in rooms.text
    assert pages.get(f"/api/venues/{s['venue']}").json() == before
