"""A family's journey in headless Chromium with JavaScript off: search, narrow, open, shortlist."""

from __future__ import annotations

from urllib.parse import urlparse
from uuid import UUID

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Served
from tests.e2e.pages.conftest import screenshot


def _result_names(page: Page) -> list[str]:
    return page.locator(".sp-result h2 a").all_inner_texts()


def test_a_family_finds_free_self_referral_counselling_near_e15_and_shares_a_shortlist(
    site: Served, page: Page, browser: Browser
) -> None:
    requested_hosts: set[str] = set()
    page.on("request", lambda r: requested_hosts.add(urlparse(r.url).netloc))

    page.goto(site.url + "/")
    screenshot(page, "start")
    page.get_by_label("What do you need help with?").fill("counselling")
    page.get_by_label("Postcode").fill("E15")
    page.get_by_label("Child's age (optional)").fill("9")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("counselling")
    everything = int(page.locator(".sp-count strong").inner_text())
    assert everything >= 3
    assert all("miles away" in t for t in page.locator(".sp-result dl").all_inner_texts())

    page.get_by_text("Filter results").click()
    page.get_by_label("Free only").check()
    page.get_by_label("I can refer myself").check()
    page.get_by_role("button", name="Apply filters").click()
    screenshot(page, "results")
    narrowed = int(page.locator(".sp-count strong").inner_text())
    assert 2 <= narrowed < everything
    for meta in page.locator(".sp-result dl").all_inner_texts():
        assert "Cost: Free" in meta.replace("\n", " ")
        assert "You can refer yourself" in meta
    first, second = _result_names(page)[:2]

    page.get_by_role("link", name=first, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
    for heading in ("What it is", "Who it is for", "How to get in", "When and where", "Contact"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("p.govuk-body-s", has_text="Last checked on")).to_be_visible()
    screenshot(page, "service")
    page.get_by_role("link", name="Add this service to your shortlist").click()
    expect(page.get_by_text("Added to your shortlist.")).to_be_visible()

    page.get_by_role("link", name="Back to search").click()
    expect(page.locator(".sp-filter-toggle__summary")).to_contain_text("(3 active)")
    expect(page.get_by_label("Free only")).to_be_checked()
    page.get_by_role("link", name=f"Add {second} to shortlist").click()
    page.get_by_role("link", name="Your shortlist (2)", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    share = page.locator(".sp-share").inner_text()
    screenshot(page, "shortlist")

    stranger = browser.new_context(java_script_enabled=False)
    try:
        other = stranger.new_page()
        other.goto(share)
        assert set(other.locator(".sp-result h2 a").all_inner_texts()) == {first, second}
        assert stranger.cookies() == []
    finally:
        stranger.close()

    assert page.context.cookies() == [], "anonymous browsing sets no cookies"
    assert requested_hosts == {urlparse(site.url).netloc}, "no third-party requests"


def test_the_print_view_leaves_out_the_filters_and_links_for_actions(
    site: Served, page: Page
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url + "/search?q=parenting")
    page.emulate_media(media="print")
    expect(page.locator(".sp-filters")).to_be_hidden()
    expect(page.locator(".sp-result").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".sp-filters")).to_be_visible()


def test_an_unknown_postcode_is_named_in_an_error_summary_and_beside_the_field(
    site: Served, page: Page
) -> None:
    response = page.goto(site.url + "/search?q=counselling&postcode=ZZ99+9ZZ")
    assert response is not None and response.status == 400
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("We could not find the postcode")
    summary.get_by_role("link").click()
    assert page.evaluate("location.hash") == "#postcode"
    expect(page.locator("#postcode-error")).to_contain_text("We could not find the postcode")
    expect(page).to_have_title(
        "Error: Search results for \u201ccounselling\u201d near ZZ99 9ZZ \u2013 Signpost"
    )


def test_a_search_that_finds_nothing_explains_offers_wider_searches_and_helplines(
    site: Served, page: Page
) -> None:
    page.goto(site.url + "/search?q=counselling&postcode=E15&free_only=true&day=SU")
    expect(page.get_by_role("heading", name="No services matched your search")).to_be_visible()
    expect(page.get_by_text("Samaritans")).to_be_visible()
    widen = page.get_by_role("link", name="Remove the filter “Sunday”")
    expect(widen).to_be_visible()
    widen.click()
    assert int(page.locator(".sp-count strong").inner_text()) > 0
    site.caught_up()
    report = site.runtime.read_models.insights.gap_report()
    assert ("counselling", 1) in report.words or any(w == "counselling" for w, _ in report.words)
    assert ("E15", 1) in report.districts or any(d == "E15" for d, _ in report.districts)
    assert any(f == "day=SU" for f, _ in report.filters)


def test_reporting_a_problem_records_it_for_the_editors(site: Served, page: Page) -> None:
    page.goto(site.url + "/search?q=housing")
    name = _result_names(page)[0]
    page.get_by_role("link", name=name, exact=True).click()
    service_id = page.url.split("/services/")[1].split("?")[0]
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what is wrong")
    page.get_by_label("The service has closed").check()
    page.get_by_label("Tell us more (optional)").fill("The building was shut last week.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    site.caught_up()
    reports = site.runtime.read_models.editorial.problem_reports(UUID(service_id))
    assert [(r.kind.value, r.details) for r in reports] == [
        ("closed", "The building was shut last week.")
    ]
