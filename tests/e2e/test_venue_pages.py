"""The venue manager's pages: the venue with free times, requests with clashes, confirm/decline."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from litestar.testing import TestClient

from search.postcodes import PostcodeDirectory
from services.http.app import create_app
from services.runtime import build_lettings
from services.settings import Settings
from tests.clocks import new_year_2026
from tests.e2e.test_venues_api import ADMIN, _request, _school


@pytest.fixture
def pages(tmp_path: Any) -> Iterator[TestClient[Any]]:
    lettings = build_lettings(
        Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)}), clock=new_year_2026
    )
    runtime = SimpleNamespace(
        lettings=lettings, postcodes=PostcodeDirectory(), admin_token="test-admin-token"
    )
    with TestClient(create_app(runtime, manage_runtime=False)) as c:  # type: ignore[arg-type]
        yield c
    lettings.close()


def test_the_venue_page_lists_rooms_and_their_free_times(pages: TestClient[Any]) -> None:
    s = _school(pages)
    page = pages.get(f"/venues/{s['venue']}?start=2026-07-27")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Ridgeway Primary" in page.text and "part of Hall" in page.text
    assert "Mon 27 Jul 08:00\u201318:00" in page.text


def test_the_requests_page_needs_the_token(pages: TestClient[Any]) -> None:
    s = _school(pages)
    assert pages.get(f"/venues/{s['venue']}/requests").status_code == 401


def test_confirming_from_the_page_shows_which_requests_now_clash(pages: TestClient[Any]) -> None:
    s = _school(pages)
    first = _request(pages, s, "hall").json()["booking"]["id"]
    second = _request(pages, s, "half").json()["booking"]["id"]
    done = pages.post(
        f"/venues/{s['venue']}/bookings/{first}/confirm",
        data={"token": "test-admin-token"},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert "1 other pending request(s) now clash" in done.text
    assert f"clashes with confirmed booking {first}" in done.text
    refused = pages.post(
        f"/venues/{s['venue']}/bookings/{second}/confirm",
        data={"token": "test-admin-token"},
        follow_redirects=True,
    )
    assert f"clashes with confirmed booking {first}" in refused.text
    declined = pages.post(
        f"/venues/{s['venue']}/bookings/{second}/decline",
        data={"token": "test-admin-token", "reason": "Hall already let"},
        follow_redirects=True,
    )
    assert "Declined." in declined.text
    assert pages.get(f"/api/bookings/{second}", headers=ADMIN).json()["slots"][0]["state"] == (
        "declined"
    )
