"""The commissioners' insights pages over HTTP and in Chromium, over the demo catalogue and a
year of demo demand: figures shown, small counts hidden, CSV files, filters, axe, phone width."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser

from services.accounts.domain import Role
from services.catalogue.demo import demo_records
from services.catalogue.editorial import REVIEW_AFTER
from services.catalogue.sync import sync_records
from services.http.auth import SESSION_COOKIE
from services.insights.demo import load_demo_demand
from tests.e2e.conftest import serve
from tests.e2e.pages.conftest import screenshot
from tests.e2e.staff.conftest import StaffSite, staff_settings
from tests.e2e.staff.test_staff_accessibility import _violations
from tests.unit.bookings.school import T, build_school

PAGES = ("demand", "unmet", "directory", "schools")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[StaffSite]:
    """Its own server (keyword search: these pages read no search index) with the demo
    catalogue and a year of demo demand."""
    settings = staff_settings(str(tmp_path_factory.mktemp("insights")), meili_server)
    settings = msgspec.structs.replace(settings, semantic_search=False)
    for served in serve(settings):
        served.runtime.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
        organisations, services = demo_records()
        sync_records(served.runtime.catalogue, organisations, services, actor="test")
        load_demo_demand(served.runtime.insights, dt.datetime.now(dt.UTC).date())
        served.caught_up(120)
        org_id = served.runtime.catalogue.find_by_external_id(
            "organisation", organisations[0].external_id
        )
        assert org_id is not None
        yield StaffSite(served, org_id)


def _get(site: StaffSite, path: str, role: Role = Role.COMMISSIONER) -> httpx.Response:
    client, _ = site.browser_for(role)
    with client:
        return client.get(path)


def test_the_insights_home_names_the_review_period_the_figures_use(site: StaffSite) -> None:
    html = _get(site, "/insights").text
    assert f"services checked in the last {REVIEW_AFTER.days} days" in html


def test_a_commissioner_sees_needs_with_little_local_help_ranked_with_a_chart(
    site: StaffSite,
) -> None:
    response = _get(site, "/insights/demand")
    assert response.status_code == 200
    html = response.text
    assert "Needs with little or no local help" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "E15" in html or "SK1" in html
    assert "<script" not in html


def test_unmet_searches_list_whole_phrases_and_hide_small_counts(site: StaffSite) -> None:
    html = _get(site, "/insights/unmet").text
    assert "sign language club for deaf children" in html  # unmet every time in the demo
    assert "fewer than 5" in html
    narrow = _get(site, "/insights/unmet?district=E15").text
    assert "district E15" in narrow


def test_each_page_downloads_the_same_figures_as_csv(site: StaffSite) -> None:
    for name in PAGES:
        response = _get(site, f"/insights/{name}.csv?district=SK1")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(response.text)))
        assert len(rows) > 3
    demand = _get(site, "/insights/demand.csv").text
    assert "Demand and supply by district and need" in demand
    assert ["Phrase", "Needs", "Unmet searches"] in _csv(site, "/insights/unmet.csv")


def test_a_narrow_range_hides_counts_under_five_in_the_csv_too(site: StaffSite) -> None:
    week = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=20)).isoformat()
    rows = _csv(site, f"/insights/unmet.csv?from={week}&to={week}&district=E13")
    counts = [row[-1] for row in rows if len(row) == 2 and row[0] != "Week starting"]
    assert "fewer than 5" in counts
    assert not [c for c in counts if c.isdigit() and 0 < int(c) < 5]


def _csv(site: StaffSite, path: str) -> list[list[str]]:
    response = _get(site, path)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text)))


def test_a_bad_date_or_district_is_a_400_naming_the_field(site: StaffSite) -> None:
    bad = _get(site, "/insights/demand?from=last+week")
    assert bad.status_code == 400 and "Enter the start date as a date" in bad.text
    bad = _get(site, "/insights/unmet?district=not+a+district")
    assert bad.status_code == 400 and "Enter a postcode district" in bad.text
    bad = _get(site, "/insights/directory.csv?from=2026-05-01&to=2026-01-01")
    assert bad.status_code == 400 and bad.text.startswith("from:")


def test_staff_and_editors_cannot_open_insights_but_admins_can(site: StaffSite) -> None:
    assert _get(site, "/insights/demand", Role.STAFF).status_code == 403
    assert _get(site, "/insights/demand", Role.EDITOR).status_code == 403
    assert _get(site, "/insights/demand", Role.ADMIN).status_code == 200


@pytest.mark.parametrize("viewport", [(375, 812), (1280, 900)], ids=["phone", "desktop"])
def test_every_insights_page_passes_axe_and_fits_the_screen(
    site: StaffSite, browser: Browser, viewport: tuple[int, int]
) -> None:
    ctx = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, java_script_enabled=True
    )
    host = site.url.split("//")[1].split(":")[0]
    ctx.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": site.token(Role.COMMISSIONER),
                "domain": host,
                "path": "/",
            }
        ]
    )
    found: dict[str, Any] = {}
    try:
        page = ctx.new_page()
        for path in ("", *(f"/{p}" for p in PAGES), "/demand?district=E15", "/unmet?to=x"):
            page.goto(f"{site.url}/insights{path}")
            if violations := _violations(page):
                found[path] = violations
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport[0], (path, width)
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            screenshot(page, f"insights-{name}-{'phone' if viewport[0] < 500 else 'desktop'}")
    finally:
        ctx.close()
    assert not found, json.dumps(found, indent=2)


def test_the_filters_work_with_javascript_off(site: StaffSite, browser: Browser) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    host = site.url.split("//")[1].split(":")[0]
    ctx.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": site.token(Role.COMMISSIONER),
                "domain": host,
                "path": "/",
            }
        ]
    )
    try:
        page = ctx.new_page()
        page.goto(f"{site.url}/insights/unmet")
        page.get_by_label("Postcode district").fill("sk1")
        page.get_by_role("button", name="Show figures").click()
        assert "district=sk1" in page.url
        assert page.get_by_text("district SK1", exact=False).first.is_visible()
        page.get_by_role("link", name="Demand and supply").first.click()
        assert "/insights/demand" in page.url and "district=SK1" in page.url
        assert page.get_by_role("heading", name="Needs with little or no local help").is_visible()
    finally:
        ctx.close()


def test_school_buildings_show_hours_let_against_hours_open(site: StaffSite) -> None:
    lettings = site.served.runtime.lettings
    school = build_school(lettings.venues, lettings.bookings, name="Insights Primary")
    today = dt.datetime.now(dt.UTC).date()
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 + 7)
    booking = school.request(school.hall_a, tuesday, T(15, 30), T(17, 30))
    lettings.bookings.confirm_booking(booking, actor="manager")
    declined = school.request(school.counselling, tuesday, T(16), T(17))
    lettings.bookings.decline_booking(declined, None, "Room needed for exams", actor="manager")
    site.served.caught_up(60)
    query = f"from={today.isoformat()}&to={(tuesday + dt.timedelta(days=6)).isoformat()}"
    html = _get(site, f"/insights/schools?{query}&district=E15").text
    assert "Insights Primary" in html and "Hall" in html
    assert "Requests declined, and why" in html and "Room needed for exams" in html
    rows = _csv(site, f"/insights/schools.csv?{query}")
    hall = next(r for r in rows if r[:2] == ["Insights Primary", "Hall"])
    assert hall[3] == "2.0"  # two hours let (a half of the hall counts as the hall)
