"""A booker books a room and its manager confirms it, in Chromium with JavaScript off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import icalendar
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from services.http.lettings_access import feed_url
from tests.e2e.staff.conftest import PASSWORD, StaffSite
from tests.e2e.staff.lettings_site import Lettable, lettable_venue


@pytest.fixture(scope="module")
def lettable(staff_site: StaffSite) -> Lettable:
    return lettable_venue(staff_site)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(java_script_enabled=False, locale="en-GB")
    yield ctx
    ctx.close()


def sign_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/staff/login?next=/staff")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_booker_requests_a_weekly_series_and_the_manager_confirms_it(
    lettable: Lettable, context: BrowserContext
) -> None:
    url, first = lettable.site.url, lettable.holiday_starts
    page = context.new_page()
    sign_in(page, url, lettable.booker_email)
    page.get_by_role("link", name="Find a room").first.click()
    page.get_by_label("Near postcode").fill("E15")
    page.get_by_label("Date").fill(first.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("How many people").fill("20")
    page.get_by_role("button", name="Find rooms").click()
    row = page.get_by_role("listitem").filter(has_text=lettable.venue_name).first
    assert " km" in row.inner_text()
    row.get_by_role("link", name="Request").click()
    page.get_by_label("Every week on this day, until a date").check()
    page.get_by_label("Last date of the series").fill((first + dt.timedelta(days=14)).isoformat())
    page.get_by_label("What is the room for").fill("Holiday play scheme")
    page.get_by_label("Our staff running the sessions hold DBS checks").check()
    page.get_by_label("DBS checks expire on").fill(f"{first.year + 2}-01-31")
    page.get_by_label("Public liability insurance cover, in pounds").fill("5000000")
    page.get_by_label("Insurance expires on").fill(f"{first.year + 2}-01-31")
    page.get_by_role("button", name="Send the request").click()
    assert "waiting for the venue" in page.locator(".govuk-notification-banner").inner_text()
    card = page.locator(".govuk-summary-card").filter(has_text="Holiday play scheme")
    assert card.inner_text().count("pending") >= 2

    manager = context.browser.new_context(java_script_enabled=False)  # type: ignore[union-attr]
    try:
        page = manager.new_page()
        sign_in(page, url, lettable.manager_email)
        page.get_by_role("link", name="Your venues").first.click()
        page.get_by_role("link", name="requests").first.click()
        request = page.locator(".govuk-summary-card").filter(has_text="Holiday play scheme")
        assert lettable.booker_email in request.inner_text()
        request.get_by_role("button", name="Confirm").click()
        assert "Confirmed." in page.locator(".govuk-notification-banner").inner_text()
        page.get_by_role("link", name="Calendar").first.click()
        page.goto(f"{page.url}?start={first.isoformat()}")
        week = page.get_by_role("table").inner_text()
        assert "10:00\u201312:00 Hall: Holiday play scheme (confirmed)" in week
        page.get_by_role("link", name="Month view").click()
        assert "Holiday play scheme (confirmed)" in page.get_by_role("table").inner_text()
    finally:
        manager.close()


def test_feed_addresses_work_without_a_session_and_refuse_a_wrong_key(
    lettable: Lettable,
) -> None:
    site, secret = lettable.site, "test-admin-token"
    venue_path = f"/api/venues/{lettable.venue_id}/calendar.ics"
    agency_path = f"/api/bookings/organisations/{lettable.organisation_id}/calendar.ics"
    with httpx.Client(base_url=site.url, timeout=20) as anonymous:
        for account, path in ((lettable.manager_id, venue_path), (lettable.booker_id, agency_path)):
            good = anonymous.get(feed_url(secret, account, path))
            assert good.status_code == 200, good.text
            assert good.headers["content-type"].startswith("text/calendar")
            assert icalendar.Calendar.from_ical(good.content).get("VERSION") == "2.0"
            assert anonymous.get(feed_url("a wrong secret", account, path)).status_code == 401
            assert anonymous.get(path).status_code == 401
        other_feed = feed_url(secret, lettable.manager_id, agency_path)  # not the manager's feed
        assert anonymous.get(other_feed).status_code == 403
