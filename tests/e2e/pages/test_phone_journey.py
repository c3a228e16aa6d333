"""The family's journey on a 375 px phone in Chromium with JavaScript off: results before the
filters, the shortlist round trip, contacts on the printed shortlist, ages in words, place names,
"did you mean", and what search says while it catches up after a start."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from pypdf import PdfReader

from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.http.catching_up import SearchCatchUp
from services.settings import Settings
from tests.e2e.conftest import Served
from tests.e2e.pages.conftest import screenshot

PHONE: ViewportSize = {"width": 375, "height": 667}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    ctx: BrowserContext = browser.new_context(
        java_script_enabled=False, viewport=PHONE, locale="en-GB"
    )
    yield ctx.new_page()
    ctx.close()


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"


def _count(page: Page) -> int:
    return int(page.locator(".sp-count strong").inner_text())


def test_on_a_phone_results_come_first_and_the_filters_open_from_filter_results(
    site: Served, phone: Page
) -> None:
    phone.goto(site.url + "/search?q=counselling&postcode=E15&free_only=true&age=9")
    screenshot(phone, "phone-results")
    _fits_the_phone(phone)
    summary = phone.locator(".sp-filter-toggle__summary")
    expect(summary).to_have_text("Filter results (2 active)")
    expect(phone.get_by_label("Free only")).to_be_hidden()
    first = phone.locator(".sp-result").first
    expect(first).to_be_in_viewport()
    top = first.bounding_box()
    assert top is not None and top["y"] < PHONE["height"] * 0.6, top

    summary.click()
    expect(phone.get_by_label("Free only")).to_be_visible()
    expect(phone.get_by_label("Free only")).to_be_checked()
    screenshot(phone, "phone-filters-open")
    phone.get_by_label("I can refer myself").check()
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone.locator(".sp-filter-toggle__summary")).to_have_text("Filter results (3 active)")


def test_adding_and_removing_comes_back_to_the_same_card_and_says_so(
    site: Served, phone: Page
) -> None:
    phone.goto(site.url + "/search?q=parenting&page=2")
    card = phone.locator(".sp-result").nth(3)
    name = card.locator("h2 a").inner_text()
    card.get_by_role("link", name=f"Add {name} to shortlist").click()

    assert "page=2" in phone.url and re.search(r"#s-[0-9a-f-]{36}$", phone.url), phone.url
    card = phone.locator(".sp-result", has=phone.get_by_role("link", name=name, exact=True))
    notice = card.locator(".sp-notice")
    expect(notice).to_contain_text("Added to your shortlist.")
    expect(notice).to_be_in_viewport()
    expect(phone.get_by_role("link", name="Your shortlist (1)", exact=True)).to_be_visible()
    screenshot(phone, "phone-added")

    card.get_by_role("link", name=f"Remove {name} from shortlist").click()
    assert "page=2" in phone.url
    expect(card.locator(".sp-notice")).to_contain_text("Removed from your shortlist.")
    expect(card.locator(".sp-notice")).to_be_in_viewport()


def test_removing_from_the_shortlist_page_stays_on_the_shortlist_with_an_undo(
    site: Served, phone: Page
) -> None:
    hits = site.http.get("/api/search", params={"q": "counselling", "postcode": "E15"}).json()
    first, second = hits["hits"][0], hits["hits"][1]
    phone.goto(site.url + f"/shortlist?sl={first['id']},{second['id']}")
    phone.get_by_role("link", name=f"Remove {first['name']} from shortlist").click()
    assert phone.url.split("?")[0].endswith("/shortlist")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    expect(phone.locator("#shortlist-notice")).to_contain_text(
        f"“{first['name']}” removed from your shortlist."
    )
    assert phone.locator(".sp-shortlist-entry h2").all_inner_texts() == [second["name"]]
    phone.get_by_role("link", name=re.compile("^Undo")).click()
    assert len(phone.locator(".sp-shortlist-entry").all()) == 2


def test_the_printed_shortlist_carries_contacts_and_the_share_link_once_with_a_qr_code(
    site: Served, phone: Page
) -> None:
    hits = site.http.get("/api/search", params={"q": "counselling", "postcode": "E15"}).json()
    docs = [site.runtime.index.get("public", h["id"]) for h in hits["hits"]]
    picked = [
        d for d in docs if d and (d.get("contact") or {}).get("phone") and d.get("locations")
    ][:2]
    assert len(picked) == 2
    phone.goto(site.url + "/shortlist?sl=" + ",".join(h["id"] for h in picked))
    _fits_the_phone(phone)
    share = phone.locator(".sp-share a").inner_text()
    phone.emulate_media(media="print")
    screenshot(phone, "phone-shortlist-print")
    printed = phone.locator("main").inner_text()
    paper = "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(phone.pdf())).pages
    )
    assert paper.count(share) == 1, "the share link prints once"
    assert "/services/" not in paper and "(http" not in paper, "no other addresses printed"
    expect(phone.locator("img.sp-qr")).to_be_visible()
    for doc in picked:
        entry = phone.locator(f"#s-{doc['id']}")
        text = entry.inner_text()
        assert doc["contact"]["phone"].replace(" ", "") in paper
        assert doc["contact"]["phone"] in text
        assert "Last checked" in text and "How to get in" in text and "Cost" in text
        postcode = doc["locations"][0]["postcode"]
        assert text.count(postcode) == 1, "the address is given once"
    assert "Remove" not in printed and "Search for more services" not in printed


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("9", "Age 9"), ("nine", "Age 9"), ("9 years", "Age 9"), ("18 months", "Age 18 months"),
     ("6 mths", "Age 6 months")],
)  # fmt: skip
def test_the_age_box_reads_ages_in_words_years_and_months(
    site: Served, typed: str, shown: str
) -> None:
    r = site.http.get("/search", params={"q": "parenting", "age": typed})
    assert r.status_code == 200, r.text[:500]
    assert f"“{shown}”" in r.text


def test_an_age_it_cannot_read_is_named_plainly_beside_the_box(site: Served, phone: Page) -> None:
    phone.goto(site.url + "/")
    phone.get_by_label("Child's age (optional)").fill("nine stone")
    phone.get_by_role("button", name="Search", exact=True).click()
    expect(phone.locator("#age-error")).to_contain_text(
        "We could not read 'nine stone' as an age. Enter it in years or months"
    )
    _fits_the_phone(phone)


def test_a_babys_age_in_months_filters_by_that_month(site: Served) -> None:
    def total(age: str) -> int:
        page = site.http.get("/search", params={"age": age})
        found = re.search(r'sp-count" role="status"><strong>(\d+)<', page.text)
        assert found, page.text[:500]
        return int(found.group(1))

    assert total("0") >= total("3 months") > total("9 months") > 0


def test_a_place_name_with_two_places_asks_which_and_then_searches_near_it(
    site: Served, phone: Page
) -> None:
    phone.goto(site.url + "/")
    phone.get_by_label("What do you need help with?").fill("counselling")
    phone.get_by_label("Postcode or place").fill("Stratford")
    phone.get_by_role("button", name="Search", exact=True).click()
    expect(phone.get_by_role("heading", name="Which Stratford do you mean?")).to_be_visible()
    screenshot(phone, "phone-which-place")
    _fits_the_phone(phone)
    phone.get_by_role("link", name="Stratford, England (E15)").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("near Stratford")
    assert _count(phone) > 0
    assert all("miles away" in t for t in phone.locator(".sp-result dl").all_inner_texts())


def test_a_place_name_of_one_place_searches_near_it_at_once(site: Served) -> None:
    r = site.http.get("/search", params={"q": "counselling", "postcode": "Camden"})
    assert r.status_code == 200
    assert "miles away" in r.text
    r = site.http.get("/search", params={"q": "counselling", "postcode": "Nowhereville"})
    assert r.status_code == 400
    assert "We could not find the postcode or place" in r.text


def test_a_misspelt_search_that_finds_nothing_offers_the_word_it_may_mean(
    site: Served, phone: Page
) -> None:
    phone.goto(site.url + "/search?q=food+bnak&postcode=E15&free_only=true")
    offer = phone.locator(".sp-did-you-mean")
    expect(offer).to_contain_text("Did you mean food bank?")
    offer.get_by_role("link", name="food bank").click()
    assert _count(phone) > 0
    bullying = site.http.get("/search", params={"q": "bullyng", "postcode": "E15"})
    assert "No services matched" not in bullying.text or "Did you mean" in bullying.text


def test_nothing_found_says_the_distance_it_used_and_offers_any_age(site: Served) -> None:
    holidays = {"category": "education.holiday-activities", "postcode": "E15", "age": "40"}
    r = site.http.get("/search", params=holidays)
    assert "No services matched" in r.text
    assert "within about 6 miles of E15" in r.text
    assert "the distance you chose" not in r.text
    assert "Search for any age" in r.text


def test_titles_start_with_a_capital_times_are_given_once_and_past_the_end_is_the_last_page(
    site: Served,
) -> None:
    for path in ("/", "/search?q=parenting", "/search?q=parenting&page=2", "/shortlist"):
        title = site.http.get(path).text.split("<title>", 1)[1]
        assert title[0].isupper(), (path, title[:40])
    page = site.http.get("/search", params={"q": "parenting"})
    for when in re.findall(r"<dt>When:</dt> <dd>([^<]*)</dd>", page.text):
        assert "(" not in when and not re.search(r"\d:\d\d(?![ap]m)", when), when
        assert len(re.findall(r"\d(?:am|pm)|midday", when)) <= 2, when
    last = site.http.get("/search", params={"q": "parenting", "page": "99"}, follow_redirects=True)
    assert last.status_code == 200
    assert re.search(r"page (\d+) of \1<", last.text), "the last page, with its results"


@pytest.fixture
def lagging(app_settings: Settings, meili_server: Any) -> Iterator[Served]:
    from tests.e2e.conftest import serve

    for served in serve(app_settings):
        served.runtime.runner.stop()
        served.app.state.search_catch_up = SearchCatchUp(served.runtime.runner, every_s=0)
        yield served


def test_while_search_catches_up_after_a_start_pages_and_health_say_so(
    lagging: Served, phone: Page
) -> None:
    organisations, services = demo_records(services=6)
    sync_records(lagging.runtime.catalogue, organisations, services, actor="test")
    phone.goto(lagging.url + "/search?q=parenting")
    expect(phone.locator(".sp-catching-up")).to_contain_text("still catching up")
    health = lagging.http.get("/health").json()
    assert health["status"] == "catching up" and health["search"]["catching_up"] is True

    lagging.runtime.runner.start()
    lagging.caught_up(60)
    phone.goto(lagging.url + "/search?q=parenting")
    expect(phone.locator(".sp-catching-up")).to_have_count(0)
    assert lagging.http.get("/health").json()["status"] == "ok"
