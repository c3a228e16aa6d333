"""A keyboard-only journey: search -> filter -> service page, with a visible focus at each step."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Served

GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"


def _focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.textContent"))


def _tab_to(page: Page, selector: str, limit: int = 80) -> int:
    """Presses Tab until the element matching `selector` has focus; returns how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never took focus in {limit} presses of Tab")


def test_search_filter_and_open_a_service_with_the_keyboard_alone(site: Served, page: Page) -> None:
    page.goto(site.url + "/")
    assert _tab_to(page, ".govuk-skip-link") == 1, "the skip link comes first"
    _tab_to(page, "#q")
    page.keyboard.type("counselling")
    page.keyboard.press("Tab")
    assert _focused(page) == "postcode", "focus follows the visual order"
    page.keyboard.type("E15")
    page.keyboard.press("Tab")
    assert _focused(page) == "age"
    page.keyboard.type("9")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("counselling")
    _tab_to(page, ".sp-filter-toggle__summary")
    page.keyboard.press("Enter")  # opens the filters on a phone, without JavaScript
    _tab_to(page, "#cost")
    page.keyboard.press("Space")
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Free only")).to_be_checked()

    _tab_to(page, ".sp-result h2 a")
    name = _focused(page).strip()
    style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert style == GOVUK_FOCUS_YELLOW, "the focused link is visibly highlighted"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
