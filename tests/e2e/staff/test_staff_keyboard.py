"""Staff work with the keyboard alone: sign in, search, pick services and make a sheet."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.pages.test_keyboard import GOVUK_FOCUS_YELLOW, _focused, _tab_to
from tests.e2e.staff.conftest import PASSWORD, StaffSite


def test_sign_in_search_and_make_a_sheet_with_the_keyboard_alone(
    staff_site: StaffSite, browser: Browser
) -> None:
    ctx = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = ctx.new_page()
        page.goto(f"{staff_site.url}/staff/login?next=/staff/search")
        assert _tab_to(page, ".govuk-skip-link") == 1, "the skip link comes first"
        _tab_to(page, "#email")
        page.keyboard.type("staff@example.org")
        page.keyboard.press("Tab")
        assert _focused(page) == "password"
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Find a service for a family")

        _tab_to(page, "#q")
        page.keyboard.type("counselling")
        page.keyboard.press("Tab")
        assert _focused(page) == "postcode"
        page.keyboard.type("E15")
        page.keyboard.press("Enter")
        expect(page.locator("#results-heading")).to_contain_text("found")

        _tab_to(page, ".govuk-checkboxes__input[name=id]")
        page.keyboard.press("Space")
        _tab_to(page, ".sp-staff-card ~ .govuk-button")
        style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
        assert style == GOVUK_FOCUS_YELLOW, "the focused button is visibly highlighted"
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Signposting sheet")

        _tab_to(page, "#note")
        page.keyboard.type("Ask for the Tuesday group")
        _tab_to(page, "form .govuk-button")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="The sheet is ready")).to_be_visible()
    finally:
        ctx.close()
