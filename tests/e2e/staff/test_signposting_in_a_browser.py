"""A staff member signposts a family in real Chromium (JavaScript off): sheet, PDF and link."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from pypdf import PdfReader

from search.documents import STAFF_ONLY_DOCUMENT_FIELDS
from services.insights.domain import Signposting
from services.shared.reading import events_of_type
from tests.e2e.pages.conftest import screenshot
from tests.e2e.staff.conftest import PASSWORD, StaffSite


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(java_script_enabled=False, locale="en-GB")
    yield ctx
    ctx.close()


def sign_in(page: Page, site: StaffSite, email: str, next_path: str = "/staff") -> None:
    page.goto(f"{site.url}/staff/login?next={next_path}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_staff_search_sheet_pdf_and_family_link_with_an_anonymous_record(
    staff_site: StaffSite, context: BrowserContext, browser: Browser
) -> None:
    page = context.new_page()
    sign_in(page, staff_site, "staff@example.org", "/staff/search")
    assert page.url.endswith("/staff/search")
    page.get_by_label("What does the family need?").fill("counselling")
    page.get_by_label("Postcode or district").fill("E15")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.get_by_text("Thresholds and criteria").first.is_visible()
    assert page.get_by_text("Waiting time").first.is_visible()
    cards = page.locator(".sp-staff-card h3")
    names = [cards.nth(0).inner_text(), cards.nth(1).inner_text()]
    page.get_by_label(f"Put {names[0]} on the sheet").check()
    page.get_by_label(f"Put {names[1]} on the sheet").check()
    page.get_by_role("button", name="Make a signposting sheet").click()
    note = "Ring them on Monday morning; mention the school suggested it"
    page.get_by_label("A short note for the family (optional)").fill(note)
    page.get_by_role("button", name="Make the sheet").click()
    assert page.get_by_role("heading", name="The sheet is ready").is_visible()
    screenshot(page, "staff-sheet-ready")
    family_url = page.locator("#family-link").get_attribute("href")
    pdf_href = page.locator("#pdf-link").get_attribute("href")
    assert family_url and pdf_href

    family = browser.new_context(java_script_enabled=False)  # the family's phone: no session
    try:
        sheet = family.new_page()
        sheet.goto(family_url)
        for name in names:
            assert sheet.get_by_role("heading", name=name).is_visible()
        assert sheet.get_by_text(note).is_visible()
        assert family.cookies() == []
        sheet.emulate_media(media="print")
        screenshot(sheet, "family-sheet-print")
        pdf = family.request.get(f"{staff_site.url}{pdf_href}")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
        flat = " ".join(text.split())
        for name in names:
            assert " ".join(name.split()) in flat
        assert note in flat
    finally:
        family.close()

    record = _signpostings(staff_site)[-1]
    assert record.district == "E15" and record.needs == ["counselling"]
    assert len(record.services) == 2 and record.categories
    stored = _stored_insights(staff_site)
    assert (
        "counselling" in stored and "E15" in stored
    )  # readable, so the next checks mean something
    assert note not in stored and "Monday" not in stored
    assert "staff@example.org" not in stored  # who signposted is not kept either
    assert not any(f in stored for f in STAFF_ONLY_DOCUMENT_FIELDS)


def _signpostings(site: StaffSite) -> list[Signposting.Recorded]:
    return list(events_of_type(site.served.runtime.insights, Signposting.Recorded))


def _stored_insights(site: StaffSite) -> str:
    """Everything the insights event store holds, as text."""
    recorder = site.served.runtime.insights.recorder
    rows = recorder.select_notifications(1, 10_000)
    return json.dumps([r.state.decode("utf-8", "replace") for r in rows])


def test_a_sheet_with_no_services_says_so_and_records_nothing(
    staff_site: StaffSite, context: BrowserContext
) -> None:
    before = len(_signpostings(staff_site))
    page = context.new_page()
    sign_in(page, staff_site, "staff@example.org", "/staff/sheet")
    assert page.get_by_text("Choose at least one service").first.is_visible()
    assert len(_signpostings(staff_site)) == before
