"""School lettings from pages alone, in Chromium with JavaScript off on a 375 px phone, from an
empty instance: an admin registers a school and invites its business manager, who sets it up
by form and by .ics; an agency books a weekly series over the Easter holidays; the manager
confirms it, refuses a clashing request that names the organisation in the way and cancels one
week; the families' page of the linked service shows the session that remains."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import holidays
import msgspec
import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, ViewportSize, expect

from services.accounts.domain import Role
from tests.e2e.conftest import Served, serve
from tests.e2e.staff.conftest import PASSWORD, staff_settings

PHONE: ViewportSize = {"width": 375, "height": 740}


@dataclass(frozen=True)
class Easter:
    """Next Easter's school holiday (two weeks from the Monday before Good Friday) and the
    Tuesdays of a series across it: a term day, two holiday days and an INSET day."""

    good_friday: dt.date

    @property
    def holiday_starts(self) -> dt.date:
        return self.good_friday - dt.timedelta(days=4)

    @property
    def holiday_ends(self) -> dt.date:
        return self.holiday_starts + dt.timedelta(days=11)

    def tuesday(self, n: int) -> dt.date:
        """n = 0: the last Tuesday of the spring term; 1 and 2 in the holiday; 3: INSET day."""
        return self.holiday_starts + dt.timedelta(days=1 + 7 * (n - 1))


def next_easter(today: dt.date) -> Easter:
    for year in (today.year, today.year + 1):
        names = holidays.country_holidays("GB", subdiv="ENG", years=year)
        friday = next(day for day, name in names.items() if name == "Good Friday")
        if friday - dt.timedelta(days=30) > today:
            return Easter(friday)
    raise AssertionError("no Easter within two years")


def school_ics(easter: Easter) -> bytes:
    spring = (easter.holiday_starts - dt.timedelta(weeks=11), easter.holiday_starts)
    summer = (easter.holiday_ends + dt.timedelta(days=3), easter.holiday_ends + dt.timedelta(60))
    inset = easter.tuesday(3)

    def event(uid: str, name: str, first: dt.date, after_last: dt.date) -> str:
        return (
            f"BEGIN:VEVENT\r\nUID:{uid}@ridgeway\r\nDTSTAMP:20260101T000000Z\r\n"
            f"SUMMARY:{name}\r\nDTSTART;VALUE=DATE:{first:%Y%m%d}\r\n"
            f"DTEND;VALUE=DATE:{after_last:%Y%m%d}\r\nEND:VEVENT\r\n"
        )

    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ridgeway Primary//Term dates//EN\r\n"
        + event("spring", "Spring term", *spring)
        + event("summer", "Summer term", *summer)
        + event("inset", "INSET day", inset, inset + dt.timedelta(days=1))
        + "END:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
def empty(tmp_path: Path, meili_server: Any) -> Iterator[Served]:
    settings = staff_settings(str(tmp_path), meili_server)
    # The lettings pages do not search: keyword search spares the busy test machine the model.
    settings = msgspec.structs.replace(settings, semantic_search=False)
    for served in serve(settings):
        served.runtime.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
        yield served


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="en-GB")
    yield ctx
    ctx.close()


def fits(page: Page) -> Page:
    page.wait_for_load_state()
    width = page.locator("html").evaluate("html => html.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width} px)"
    return page


def sign_in(ctx: BrowserContext, url: str, email: str) -> Page:
    ctx.clear_cookies()
    page = ctx.new_page()
    page.goto(f"{url}/staff/login?next=/staff")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def banner(page: Page) -> str:
    return fits(page).locator(".govuk-notification-banner").inner_text()


def problems(page: Page) -> str:
    return fits(page).locator(".govuk-error-summary").inner_text()


def catalogue_service(site: Served, organisation: str, service: str) -> tuple[str, str]:
    org = site.post("/api/organisations", {"name": organisation})
    assert org.status_code == 201, org.text
    made = site.post("/api/services", {"name": service, "organisation_id": org.json()["id"]})
    assert made.status_code == 201, made.text
    return org.json()["id"], made.json()["id"]


def test_a_school_is_set_up_booked_and_decided_from_pages_alone(
    empty: Served, phone: BrowserContext
) -> None:
    site, url = empty, empty.url
    easter = next_easter(dt.date.today())
    accounts = site.runtime.accounts
    accounts.create_account("admin@council.example", "Ada Admin", PASSWORD, [Role.ADMIN], actor="t")
    sunrise, club = catalogue_service(site, "Sunrise Youth", "Sunrise Easter club")
    scouts, _ = catalogue_service(site, "Riverside Scouts", "Riverside Scouts")
    for email, name, org in (
        ("bola@sunrise.example", "Bola Booker", sunrise),
        ("sam@scouts.example", "Sam Scout", scouts),
    ):
        accounts.create_account(
            email, name, PASSWORD, [Role.AGENCY_BOOKER], actor="t", organisations=[UUID(org)]
        )
    site.caught_up(120)

    # The admin registers the school and invites its business manager, choosing it from a list.
    page = sign_in(phone, url, "admin@council.example")
    page.get_by_role("link", name="Your venues").first.click()
    fits(page).get_by_role("link", name="Register a venue").click()
    page.get_by_role("button", name="Register the venue").click()
    assert "Enter the venue's name" in problems(page)
    page.get_by_label("Name of the venue").fill("Ridgeway Primary School")
    page.get_by_label("Address", exact=True).fill("1 Ridgeway, London")
    page.get_by_label("Postcode").fill("E15 1AA")
    page.get_by_role("button", name="Register the venue").click()
    assert "Registered" in banner(page)
    expect(page.get_by_text("No rooms yet.")).to_be_visible()
    venue = page.url.split("/staff/venues/")[1].split("?")[0]
    page.goto(f"{url}/staff/accounts")
    page.get_by_label("Their email address").fill("maya@ridgeway.example")
    page.get_by_role("checkbox", name="Venue manager").last.check()
    page.get_by_label("Ridgeway Primary School").last.check()
    page.get_by_role("button", name="Create invitation link").click()
    link = page.locator("#invitation-link").inner_text()

    # The business manager accepts the invitation and signs in.
    phone.clear_cookies()
    page.goto(link)
    page.get_by_label("Your name").fill("Maya Manager")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page = sign_in(phone, url, "maya@ridgeway.example")
    page.get_by_role("link", name="Your venues").first.click()
    fits(page).get_by_role("link", name="Ridgeway Primary School", exact=True).click()

    # Details and lettings conditions.
    fits(page).get_by_role("link", name="Details and conditions").click()
    page.get_by_label("Contact email").fill("lettings@ridgeway.example")
    page.get_by_label("Hirers' staff must hold DBS checks").check()
    page.get_by_label("Minimum public liability insurance, in pounds (optional)").fill("5000000")
    page.get_by_label("Minutes between lets (optional)").fill("15")
    page.get_by_role("button", name="Save details").click()
    assert "Details saved." in banner(page)

    # Term dates by .ics (a bad file first), then the Easter holiday by form.
    page.get_by_role("link", name="Term dates, holidays and closures").first.click()
    page.get_by_label("Calendar file (.ics)").set_input_files(
        files=FilePayload(name="dates.ics", mimeType="text/calendar", buffer=b"Term dates\n")
    )
    page.get_by_role("button", name="Upload and replace the dates").click()
    assert "line 1" in problems(page)
    page.get_by_label("Calendar file (.ics)").set_input_files(
        files=FilePayload(name="dates.ics", mimeType="text/calendar", buffer=school_ics(easter))
    )
    page.get_by_role("button", name="Upload and replace the dates").click()
    assert "Read 2 terms, 0 holidays and 1 closures" in banner(page)
    page.get_by_label("A holiday (half term, Easter, summer)").check()
    page.get_by_label("Name", exact=True).fill("Easter holiday")
    page.get_by_label("First day").fill(easter.holiday_starts.isoformat())
    page.get_by_label("Last day").fill(easter.holiday_ends.isoformat())
    page.get_by_role("button", name="Add the dates").click()
    assert "Added the holiday Easter holiday" in banner(page)

    # Rooms: the hall and its stage end; the hall's availability, previewed, then saved.
    page.get_by_role("link", name="Back to Ridgeway Primary School").click()
    page.get_by_role("link", name="Add a room").click()
    page.get_by_label("Name of the room").fill("Hall")
    page.get_by_label("How many people it holds").fill("100")
    page.get_by_label("Facilities (optional)").fill("kitchen, piano")
    page.get_by_role("button", name="Add the room").click()
    assert "Now say when it may be let" in banner(page)
    hall_url = page.url.split("?")[0]
    page.get_by_label("Opens in rule 1").fill("15:30")
    page.get_by_label("Closes in rule 1").fill("18:00")
    page.get_by_label("When in the year for rule 1").select_option("term")
    for day in ("Sat", "Sun"):
        page.get_by_label(f"{day} in rule 2").check()
    page.get_by_label("When in the year for rule 2").select_option("holiday")
    page.get_by_label("Opens in rule 2").fill("08:00")
    page.get_by_label("Closes in rule 2").fill("18:00")
    page.get_by_label("Preview from").fill(easter.tuesday(0).isoformat())
    page.get_by_role("button", name="Preview the free times").click()
    preview = fits(page).locator(".sp-days-list").inner_text()
    assert f"{easter.tuesday(0):%a %-d %b} (term): 15:30\u201318:00" in preview
    assert f"{easter.good_friday:%a %-d %b} (bank holiday (Good Friday)): not let" in preview
    assert f"{easter.tuesday(1):%a %-d %b} (Easter holiday): 08:00\u201318:00" in preview
    page.get_by_role("button", name="Save when it may be let").click()
    assert "Availability saved." in banner(page)
    page.goto(f"{url}/staff/venues/{venue}/rooms/new")
    page.get_by_label("Name of the room").fill("Hall (stage end)")
    page.get_by_label("How many people it holds").fill("40")
    page.get_by_label("Is it part of another room? (optional)").select_option(label="Hall")
    page.get_by_role("button", name="Add the room").click()
    page.get_by_label("Opens in rule 1").fill("08:00")
    page.get_by_label("Closes in rule 1").fill("18:00")
    page.get_by_role("button", name="Save when it may be let").click()
    assert "Availability saved." in banner(page)
    page.goto(f"{url}/staff/venues/{venue}")
    rooms = fits(page).locator(".sp-staff-card").all_inner_texts()
    assert any("Mon to Fri, term time only: 15:30 to 18:00" in r for r in rooms), rooms
    assert any("(part of Hall)" in r for r in rooms), rooms
    assert hall_url.startswith(f"{url}/staff/venues/{venue}/rooms/")

    # An agency books Tuesdays across the Easter holiday; every declaration problem at once.
    page = sign_in(phone, url, "bola@sunrise.example")
    page.goto(f"{url}/staff/rooms")
    page.get_by_label("Near postcode").fill("E15 1AA")
    page.get_by_label("Date", exact=True).fill(easter.tuesday(1).isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("How many people").fill("30")
    page.get_by_role("button", name="Find rooms").click()
    found = fits(page).get_by_role("listitem").filter(has_text="Ridgeway Primary School")
    expect(found.first).to_contain_text("Hall")
    found.filter(has_text="Hall,").first.get_by_role("link", name="Request").click()
    page.get_by_label("Date", exact=True).fill(easter.tuesday(0).isoformat())
    page.get_by_label("Every week on this day, until a date").check()
    page.get_by_label("Last date of the series").fill(easter.tuesday(3).isoformat())
    page.get_by_label("What is the room for").fill("Easter holiday club")
    page.get_by_label("Which of your services are the sessions for (optional)").select_option(
        label="Sunrise Easter club"
    )
    page.get_by_role("button", name="Send the request").click()
    listed = problems(page)
    assert "lets only to hirers whose staff hold DBS checks" in listed
    assert "insurance of at least £5,000,000" in listed
    assert "valid until the last booked day" in listed
    page.get_by_label("Our staff running the sessions hold DBS checks").check()
    page.get_by_label("DBS checks expire on").fill(f"{easter.good_friday.year + 1}-12-31")
    page.get_by_label("Public liability insurance cover, in pounds").fill("10000000")
    page.get_by_label("Insurance expires on").fill(f"{easter.good_friday.year + 1}-12-31")
    page.get_by_role("button", name="Send the request").click()
    assert "Requested 2 sessions" in banner(page)
    assert "2 weeks left out" in banner(page)
    card = page.locator(".govuk-summary-card").filter(has_text="Easter holiday club")
    text = card.inner_text()
    assert f"{easter.tuesday(0):%a %-d %b %Y}: term day" in text
    assert f"{easter.tuesday(3):%a %-d %b %Y}: the venue is closed (INSET day)" in text

    # The manager sees everything needed to decide, and confirms.
    page = sign_in(phone, url, "maya@ridgeway.example")
    page.goto(f"{url}/staff/venues/{venue}/requests")
    card = fits(page).locator(".govuk-summary-card").filter(has_text="Easter holiday club")
    text = card.inner_text()
    for expected in ("Sunrise Youth", "Sunrise Easter club", "30 people", "Declared, valid until"):
        assert expected in text, expected
    assert "£10,000,000" in text
    assert "keeps 15 minutes between lets" in page.locator(".govuk-inset-text").inner_text()
    card.get_by_role("button", name="Confirm").click()
    assert "Confirmed." in banner(page)

    # A clashing request: the booker is told, and the manager's confirm is refused, naming
    # the organisation and the time in the way.
    page = sign_in(phone, url, "sam@scouts.example")
    stage = site.runtime.lettings.venues.get_venue(UUID(venue))
    stage_id = next(r.id for r in stage.rooms.values() if r.details.name == "Hall (stage end)")
    page.goto(f"{url}/staff/rooms/request?venue={venue}&room={stage_id}")
    page.get_by_label("Date", exact=True).fill(easter.tuesday(2).isoformat())
    page.get_by_label("Start time").fill("12:05")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("What is the room for").fill("Scout meeting")
    page.get_by_label("How many people").fill("12")
    page.get_by_label("Our staff running the sessions hold DBS checks").check()
    page.get_by_label("DBS checks expire on").fill(f"{easter.good_friday.year + 1}-12-31")
    page.get_by_label("Public liability insurance cover, in pounds").fill("5000000")
    page.get_by_label("Insurance expires on").fill(f"{easter.good_friday.year + 1}-12-31")
    page.get_by_role("button", name="Send the request").click()
    assert "1 already clash with a confirmed let" in banner(page)
    page = sign_in(phone, url, "maya@ridgeway.example")
    page.goto(f"{url}/staff/venues/{venue}/requests")
    scouts_card = page.locator(".govuk-summary-card").filter(has_text="Scout meeting")
    in_the_way = (
        f"{easter.tuesday(2):%a %-d %b %Y} 12:05-13:00 clashes with Sunrise Youth, confirmed in "
        "Hall 10:00-12:00 (Easter holiday club): Ridgeway Primary School keeps 15 minutes"
    )
    assert in_the_way in scouts_card.inner_text()
    scouts_card.get_by_role("button", name="Confirm").click()
    assert "clashes with Sunrise Youth" in banner(page)
    scouts_card = page.locator(".govuk-summary-card").filter(has_text="Scout meeting")
    scouts_card.get_by_label("Reason for declining").fill("The hall is let to another group")
    scouts_card.get_by_role("button", name="Decline").click()
    assert "Declined." in banner(page)

    # The manager cancels one week, with a reason the booker sees.
    card = page.locator(".govuk-summary-card").filter(has_text="Easter holiday club")
    card.locator("summary").click()
    card.get_by_label(f"{easter.tuesday(1):%a %-d %b %Y} 10:00\u201312:00").check()
    card.get_by_label("Reason for cancelling, shown to the hirer").fill("Boiler repair")
    card.get_by_role("button", name="Cancel the sessions").click()
    assert "Cancelled 1 session(s)" in banner(page)
    page.goto(f"{url}/staff/venues/{venue}/calendar?start={easter.holiday_starts}")
    week = fits(page).get_by_role("table").inner_text()
    assert "bank holiday (Good Friday)" in week and "Easter holiday" in week
    assert "Hall: Easter holiday club (confirmed)" not in week  # the cancelled week
    page = sign_in(phone, url, "bola@sunrise.example")
    page.goto(f"{url}/staff/bookings")
    text = fits(page).locator(".govuk-summary-card").inner_text()
    assert "cancelled, because: Boiler repair" in text
    page = sign_in(phone, url, "sam@scouts.example")
    page.goto(f"{url}/staff/bookings")
    text = fits(page).locator(".govuk-summary-card").inner_text()
    assert "declined, because: The hall is let to another group" in text

    # The families' page of the linked service shows the session that remains, and the venue.
    phone.clear_cookies()
    page.goto(f"{url}/services/{club}")
    sessions = fits(page).locator("h3:has-text('Sessions at local schools and venues') + ul")
    remaining = sessions.inner_text()
    assert f"{easter.tuesday(2):%a} {easter.tuesday(2).day}" in remaining, remaining
    assert f"{easter.tuesday(1):%a} {easter.tuesday(1).day} " not in remaining
    assert "Ridgeway Primary School, Hall" in remaining
    sessions.get_by_role("link", name="About Ridgeway Primary School").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ridgeway Primary School")
    page.goto(f"{url}/venues/{venue}?start={easter.holiday_starts}")
    days = fits(page).locator(".sp-sheet-entry").all_inner_texts()
    assert len(days) == 14 and any("bank holiday (Easter Monday)" in d for d in days)
    assert "Hall: 08:00\u201318:00" in " ".join(days)
