"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on any lettings template."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import Browser, BrowserContext

from services.http.auth import SESSION_COOKIE
from tests.e2e.staff.conftest import StaffSite
from tests.e2e.staff.lettings_site import Lettable, lettable_venue
from tests.e2e.staff.test_staff_accessibility import _violations


@pytest.fixture(scope="module")
def lettable(staff_site: StaffSite) -> Lettable:
    return lettable_venue(staff_site)


def _as(browser: Browser, site: StaffSite, account_id: UUID) -> BrowserContext:
    ctx = browser.new_context()  # axe itself needs JavaScript; the pages use none
    host = site.url.split("//")[1].split(":")[0]
    token = site.accounts.issue_api_token(account_id, actor="axe")
    ctx.add_cookies([{"name": SESSION_COOKIE, "value": token, "domain": host, "path": "/"}])
    return ctx


def _walk(ctx: BrowserContext, base: str, paths: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    page = ctx.new_page()
    for name, path in paths.items():
        response = page.goto(base + path)
        assert response is not None and response.status < 500, (name, response)
        if violations := _violations(page):
            found[name] = violations
    return found


def test_every_lettings_page_has_no_axe_violations(lettable: Lettable, browser: Browser) -> None:
    site, day = lettable.site, lettable.holiday_starts.isoformat()
    vid, hall = lettable.venue_id, lettable.hall_id
    find = f"/staff/rooms?postcode=E15&day={day}&starts=10:00&ends=12:00&capacity=20"
    booker = {
        "home": "/staff",
        "find a room": "/staff/rooms",
        "rooms found": find,
        "rooms not found": find.replace("capacity=20", "capacity=900"),
        "find with errors": "/staff/rooms?postcode=ZZ99+9ZZ&day=soon&starts=x&ends=y",
        "request form": f"/staff/rooms/request?venue={vid}&room={hall}&day={day}",
        "bookings": "/staff/bookings?message=Requested.",
        "public venue": f"/venues/{vid}",
    }
    manager = {
        "home": "/staff",
        "my venues": "/staff/venues",
        "venue": f"/staff/venues/{vid}",
        "requests": f"/staff/venues/{vid}/requests?message=Confirmed.",
        "requests with a problem": f"/staff/venues/{vid}/requests?message=No.&failed=true",
        "week": f"/staff/venues/{vid}/calendar?start={day}",
        "month": f"/staff/venues/{vid}/calendar?view=month&start={day}",
    }
    found: dict[str, Any] = {}
    ctx = _as(browser, site, lettable.booker_id)
    try:
        found |= {f"booker: {k}": v for k, v in _walk(ctx, site.url, booker).items()}
        page = ctx.new_page()
        page.goto(site.url + booker["request form"])
        page.get_by_role("button", name="Send the request").click()
        assert page.locator(".govuk-error-summary").is_visible()
        if violations := _violations(page):
            found["booker: request with errors"] = violations
        page.get_by_label("What is the room for").fill("Axe club")
        page.get_by_label("Start time").fill("10:00")
        page.get_by_label("End time").fill("11:00")
        page.get_by_label("How many people").fill("10")
        page.get_by_role("button", name="Send the request").click()
        assert "waiting for the venue" in page.content()
        if violations := _violations(page):
            found["booker: bookings with one"] = violations
    finally:
        ctx.close()
    ctx = _as(browser, site, lettable.manager_id)
    try:
        found |= {f"manager: {k}": v for k, v in _walk(ctx, site.url, manager).items()}
    finally:
        ctx.close()
    assert not found, json.dumps(found, indent=2)
