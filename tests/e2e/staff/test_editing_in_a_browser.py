"""Editors and providers keep the directory true in real Chromium with JavaScript off: a fix to
a reported phone number reaches the family's page, two editors saving the same service both keep
their work, a provider's new session time is approved, and a sheet warns about a service that
does not cover the family's district."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from services.catalogue.demo import demo_records
from services.catalogue.model import ServiceEdit
from tests.e2e.staff.conftest import PASSWORD, StaffSite
from tests.e2e.staff.test_staff_accessibility import _violations

SATURDAY_SESSION = r"Saturdays, 10(?::00|am)? to 11:30(?:am)?"  # in 24- or 12-hour words


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(java_script_enabled=False, locale="en-GB")
    yield ctx
    ctx.close()


def _signed_in(browser: Browser, site: StaffSite, email: str, width: int = 1280) -> Page:
    ctx = browser.new_context(
        java_script_enabled=False, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = ctx.new_page()
    page.goto(f"{site.url}/staff/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def _organisation_services(site: StaffSite, n: int) -> list[str]:
    organisations, _ = demo_records()
    catalogue = site.served.runtime.catalogue
    org = catalogue.find_by_external_id("organisation", organisations[n].external_id)
    assert org is not None
    return list(site.served.runtime.index.ids_for_organisation(str(org)))


def _axe(page: Page, name: str, found: dict[str, Any]) -> None:
    """axe on the page as shown, in a context with JavaScript (axe needs it; the page does not):
    the same HTML, at the same origin and size, so its styles load."""
    browser = page.context.browser
    assert browser is not None
    ctx = browser.new_context(viewport=page.viewport_size)
    try:
        checked = ctx.new_page()
        origin = "/".join(page.url.split("/")[:3])
        checked.goto(f"{origin}/staff/login")
        checked.set_content(page.content())
        if violations := _violations(checked):
            found[name] = violations
    finally:
        ctx.close()


def test_an_editor_fixes_a_reported_phone_number_and_the_familys_page_shows_it(
    staff_site: StaffSite, browser: Browser
) -> None:
    sid = _organisation_services(staff_site, 1)[0]
    family = browser.new_context(java_script_enabled=False, locale="en-GB")
    editor = _signed_in(browser, staff_site, "editor@example.org")
    found: dict[str, Any] = {}
    try:
        mine = family.new_page()
        mine.goto(f"{staff_site.url}/services/{sid}")
        mine.get_by_label("Some details are wrong (phone, address, times)").check()
        mine.get_by_label("Tell us more (optional)").fill("The phone number rings out")
        mine.get_by_role("button", name="Send report").click()
        staff_site.served.caught_up()

        editor.goto(f"{staff_site.url}/staff/editor")
        name = staff_site.served.runtime.catalogue.get_service(UUID(sid)).details.name
        editor.get_by_role("link", name=re.compile(rf"^Deal with it\W+{re.escape(name)}$")).click()
        assert editor.get_by_text("The phone number rings out").is_visible()
        _axe(editor, "problem", found)
        problem_url = editor.url
        editor.get_by_role("link", name="Edit the service to fix it").click()
        contact = editor.get_by_role("group", name="Contact for families")
        contact.get_by_label("Phone").fill("020 7946 0991")
        editor.get_by_role("button", name="Save changes").click()
        assert editor.url.endswith(f"/staff/services/{sid}")

        editor.goto(problem_url)
        editor.get_by_role("button", name="Mark dealt with").click()
        assert editor.locator(".govuk-error-summary").is_visible()  # a note is needed
        _axe(editor, "problem with errors", found)
        editor.get_by_label("Fixed: I corrected the service's details").check()
        editor.get_by_label("Note").fill("New number from the centre manager")
        editor.get_by_role("button", name="Mark dealt with").click()
        resolved = editor.locator("#resolved + table")
        assert "New number from the centre manager" in resolved.inner_text()

        staff_site.served.caught_up()
        mine.goto(f"{staff_site.url}/services/{sid}")
        assert mine.get_by_text("020 7946 0991").first.is_visible()
        assert "rings out" not in mine.content()
    finally:
        family.close()
        editor.context.close()
    verification = staff_site.served.runtime.catalogue.get_service(UUID(sid)).verification
    assert verification is not None and verification.by == "editor@example.org"
    assert verification.on == dt.datetime.now(dt.UTC).date()  # the fix counts as a check
    assert not found, json.dumps(found, indent=2)


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_two_editors_save_the_same_service_and_the_second_keeps_their_work(
    staff_site: StaffSite, browser: Browser, width: int
) -> None:
    sid = _organisation_services(staff_site, 0)[2 if width == 375 else 1]
    first = _signed_in(browser, staff_site, "editor@example.org", width)
    second = _signed_in(browser, staff_site, "admin@example.org", width)
    found: dict[str, Any] = {}
    try:
        for page in (first, second):
            page.goto(f"{staff_site.url}/staff/services/{sid}/edit")
        _axe(second, "edit", found)
        first.get_by_label("Summary").fill("Drop in on Tuesdays: no appointment needed")
        first.get_by_label("Waiting time (staff only)").fill("About 2 weeks")
        first.get_by_role("button", name="Save changes").click()
        assert first.url.endswith(f"/staff/services/{sid}")

        second.get_by_label("Summary").fill("Drop in on Wednesdays")
        second.get_by_label("Temporary alert").fill("Closed on 24 December")
        second.get_by_role("button", name="Save changes").click()
        assert second.get_by_role("heading", name="Changed while you were editing").is_visible()
        text = second.locator(".govuk-notification-banner").inner_text()
        assert "editor@example.org" in text and "Drop in on Tuesdays" in text
        assert second.get_by_label("Temporary alert").input_value() == "Closed on 24 December"
        assert second.get_by_label("Summary").input_value() == "Drop in on Wednesdays"
        # Only the other editor changed the waiting time: the form now holds their value.
        assert second.get_by_label("Waiting time (staff only)").input_value() == "About 2 weeks"
        assert second.locator("body").evaluate("b => b.scrollWidth") <= width
        _axe(second, "edit after someone else saved", found)
        summary = second.get_by_role("group", name="Summary: you both changed it")
        summary.get_by_label("Keep mine (as it is in the form)").check()
        second.get_by_label("Summary").fill("Drop in on Tuesdays and Wednesdays")  # merged
        second.get_by_role("button", name="Save changes").click()
        assert second.url.endswith(f"/staff/services/{sid}")
    finally:
        first.context.close()
        second.context.close()
    details = staff_site.served.runtime.catalogue.get_service(UUID(sid)).details
    assert details.summary == "Drop in on Tuesdays and Wednesdays"
    assert details.alert == "Closed on 24 December"
    assert details.waiting_time == "About 2 weeks"
    history = staff_site.served.runtime.catalogue.service_history(UUID(sid))
    assert [h.actor for h in history[-2:]] == ["editor@example.org", "admin@example.org"]
    assert sorted(history[-1].fields) == ["alert", "summary"]  # nothing untouched recorded
    assert not found, json.dumps(found, indent=2)


def test_taking_the_other_editors_value_leaves_it_as_they_saved_it(
    staff_site: StaffSite, browser: Browser
) -> None:
    sid = _organisation_services(staff_site, 2)[0]
    catalogue = staff_site.served.runtime.catalogue
    page = _signed_in(browser, staff_site, "editor@example.org")
    try:
        page.goto(f"{staff_site.url}/staff/services/{sid}/edit")
        catalogue.edit_service(UUID(sid), ServiceEdit(summary="Theirs"), actor="someone@else.org")
        page.get_by_label("Summary").fill("Mine")
        page.get_by_role("button", name="Save changes").click()
        page.get_by_role("group", name="Summary: you both changed it").get_by_label(
            "Take theirs"
        ).check()
        page.get_by_role("button", name="Save changes").click()
        assert page.url.endswith(f"/staff/services/{sid}")
    finally:
        page.context.close()
    assert catalogue.get_service(UUID(sid)).details.summary == "Theirs"


def test_a_provider_proposes_a_new_session_time_and_an_editor_approves_it(
    staff_site: StaffSite, browser: Browser
) -> None:
    sid = _organisation_services(staff_site, 0)[1]
    catalogue = staff_site.served.runtime.catalogue
    before = len(catalogue.get_service(UUID(sid)).schedules)
    provider = _signed_in(browser, staff_site, "provider@example.org")
    editor = _signed_in(browser, staff_site, "editor@example.org")
    found: dict[str, Any] = {}
    try:
        provider.goto(f"{staff_site.url}/staff/services/{sid}/propose")
        _axe(provider, "propose", found)
        session = provider.get_by_role("group", name="Add a session")
        session.get_by_label("Saturday").check()
        session.get_by_label("Opens at").fill("10am")
        session.get_by_label("Closes at").fill("11:30")
        session.get_by_label("Note").fill("Dads' group")
        provider.get_by_role("button", name="Send for checking").click()
        assert provider.url.endswith("/staff/provider")
        assert len(catalogue.get_service(UUID(sid)).schedules) == before  # not yet

        editor.goto(f"{staff_site.url}/staff/editor")
        proposals = editor.locator("#proposals + ul a")
        name = catalogue.get_service(UUID(sid)).details.name
        proposals.filter(has_text=name).filter(has_text="provider@example.org").last.click()
        table = editor.locator("table").inner_text()
        assert "When it runs" in table and re.search(SATURDAY_SESSION + r" \(Dads' group\)", table)
        _axe(editor, "proposal", found)
        editor.get_by_role("button", name="Approve and publish").click()
    finally:
        provider.context.close()
        editor.context.close()
    service = catalogue.get_service(UUID(sid))
    assert len(service.schedules) == before + 1
    assert service.verification is not None and service.verification.by == "editor@example.org"
    staff_site.served.caught_up()
    public = httpx.get(f"{staff_site.url}/services/{sid}").text
    assert re.search(SATURDAY_SESSION, public)
    assert not found, json.dumps(found, indent=2)


def test_a_worker_making_a_sheet_for_an_e15_family_is_warned_about_a_camden_only_service(
    staff_site: StaffSite, context: BrowserContext
) -> None:
    index = staff_site.served.runtime.index
    hits = httpx.get(f"{staff_site.url}/api/search", params={"per_page": 100}).json()["hits"]
    docs = [index.get("staff", h["id"]) or {} for h in hits]
    camden = next(d for d in docs if d.get("area_name") == "Camden")
    local = next(d for d in docs if "E15" in (d.get("area_districts") or ["E15"]))
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{staff_site.url}/staff/login")
    page.get_by_label("Email address").fill("staff@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(
        f"{staff_site.url}/staff/sheet?id={camden['id']}&id={local['id']}&postcode=E15+4BQ&q=help"
    )
    warnings = page.locator(".govuk-warning-text").all_inner_texts()
    assert len(warnings) == 1
    assert "Only for families living in Camden: E15 is not in it" in warnings[0]
    cards = page.locator(".sp-staff-card").all_inner_texts()
    assert "Who can use it" in cards[0] and "Area served" in cards[0] and "Languages" in cards[0]
    assert page.locator("body").evaluate("b => b.scrollWidth") <= 375
    found: dict[str, Any] = {}
    _axe(page, "sheet form with an area warning", found)
    assert not found, json.dumps(found, indent=2)
    page.get_by_role("button", name="Make the sheet").click()
    family_url = page.locator("#family-link").get_attribute("href")
    assert family_url
    page.goto(family_url)
    sheet = page.locator("main").inner_text()
    assert "Details last checked" in sheet
    if local.get("locations"):
        assert re.search(r"Address: .+", sheet)
