"""A family's words that signal danger, in headless Chromium with JavaScript off."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Served
from tests.e2e.pages.conftest import screenshot


def test_my_partner_hits_me_near_e15_shows_the_helpline_then_domestic_abuse_help_first(
    site: Served, page: Page
) -> None:
    page.goto(site.url + "/")
    page.get_by_label("What do you need help with?").fill("my partner hits me")
    page.get_by_label("Postcode").fill("E15")
    page.get_by_label("Child's age (optional)").fill("9")
    page.get_by_role("button", name="Search", exact=True).click()
    screenshot(page, "urgent-help")

    urgent = page.get_by_role("region", name="Urgent help")
    expect(urgent).to_be_visible()
    expect(urgent).to_contain_text("0808 2000 247")
    expect(urgent).to_contain_text("999")
    assert urgent.locator("a[href='tel:08082000247']").count() == 1
    # Urgent help comes before every result in the page, and there are results too.
    assert page.locator(".sp-urgent ~ .govuk-grid-row .sp-result").count() >= 1

    names = page.locator(".sp-result h2 a").all_inner_texts()
    assert "domestic abuse" in names[0].lower()
    first_mediation = next(
        (i for i, n in enumerate(names) if "mediation" in n.lower() or "relationship" in n.lower()),
        len(names),
    )
    abuse = [i for i, n in enumerate(names) if "abuse" in n.lower()]
    assert all(i < first_mediation for i in abuse)


def test_an_ordinary_search_shows_no_urgent_help(site: Served, page: Page) -> None:
    page.goto(site.url + "/search?q=holiday+activities&postcode=E15")
    expect(page.locator(".sp-result").first).to_be_visible()
    assert page.locator(".sp-urgent").count() == 0
