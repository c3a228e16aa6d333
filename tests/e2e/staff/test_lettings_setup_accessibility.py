"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on the lettings set-up, deciding and
booking pages, at phone and desktop widths, and none of them scrolls sideways on a phone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser, Page

from services.accounts.domain import Role
from services.bookings.model import BookingDetails, Declarations, Slot
from services.http.auth import SESSION_COOKIE
from services.venues.access import Actor
from services.venues.model import (
    AvailabilityRule,
    LettingsConditions,
    Period,
    Position,
    RoomDetails,
    SchoolCalendar,
    Season,
    VenueDetails,
)
from tests.e2e.conftest import Served, serve
from tests.e2e.staff.conftest import PASSWORD, staff_settings
from tests.e2e.staff.test_lettings_journey import next_easter
from tests.e2e.staff.test_staff_accessibility import _violations

WIDTHS = {"phone": (375, 740), "desktop": (1280, 900)}
WIDE = {"accounts with venues to choose"}  # the admin's table of accounts, a known wide page
SETUP = Actor(name="t", admin=True)  # who sets the venue up behind the pages


@dataclass
class Lettings:
    site: Served
    venue: UUID
    hall: UUID
    service: UUID
    admin: UUID
    manager: UUID
    booker: UUID
    first: dt.date


@pytest.fixture(scope="module")
def lettings(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Lettings]:
    """A school with a hall and its half over next Easter, a confirmed series for a catalogue
    service with a week left out, and a pending request that clashes with it."""
    path = Path(tmp_path_factory.mktemp("lettings-axe"))
    settings = msgspec.structs.replace(
        staff_settings(str(path), meili_server), semantic_search=False
    )
    for site in serve(settings):
        site.runtime.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
        org = site.post("/api/organisations", {"name": "Sunrise Youth"}).json()["id"]
        service = site.post("/api/services", {"name": "Easter club", "organisation_id": org})
        venues, bookings = site.runtime.lettings.venues, site.runtime.lettings.bookings
        easter = next_easter(dt.date.today())
        hol = Period(name="Easter holiday", starts=easter.holiday_starts, ends=easter.holiday_ends)
        venue = venues.register_venue(
            VenueDetails(
                name="Ridgeway Primary School",
                address="1 Ridgeway, London",
                postcode="E15 1AA",
                position=Position(lat=51.5416, lon=0.0027),
                conditions=LettingsConditions(
                    requires_dbs=True, min_insurance_cover_pounds=5_000_000, buffer_minutes=15
                ),
            ),
            by=SETUP,
        ).id
        venues.set_calendar(
            venue,
            SchoolCalendar(
                terms=[
                    Period(
                        name="Summer term",
                        starts=hol.ends + dt.timedelta(3),
                        ends=hol.ends + dt.timedelta(60),
                    )
                ],
                holidays=[hol],
                closures=[
                    Period(name="INSET day", starts=easter.tuesday(3), ends=easter.tuesday(3))
                ],
            ),
            by=SETUP,
        )
        hall = venues.add_room(venue, RoomDetails(name="Hall", capacity=100), by=SETUP).room_id
        half = venues.add_room(
            venue, RoomDetails(name="Hall (stage end)", capacity=40, part_of=hall), by=SETUP
        ).room_id
        rules = [AvailabilityRule(season=Season.HOLIDAY, opens=dt.time(8), closes=dt.time(18))]
        for room in (hall, half):
            venues.set_availability(venue, room, rules, by=SETUP)
        later = dt.date(easter.good_friday.year + 1, 12, 31)
        good = Declarations(
            dbs_checked=True,
            dbs_expires=later,
            insurance_cover_pounds=5_000_000,
            insurance_expires=later,
        )
        details = BookingDetails(
            venue_id=venue,
            room_id=hall,
            organisation_id=UUID(org),
            purpose="Easter club",
            attendees=20,
            declarations=good,
            service_id=UUID(service.json()["id"]),
        )
        first = Slot(day=easter.tuesday(1), starts=dt.time(10), ends=dt.time(12))
        series = bookings.request_series(details, first, easter.tuesday(3), actor="t")
        bookings.confirm_booking(series.booking_id, actor="t")
        clash = msgspec.structs.replace(details, room_id=half, purpose="Scouts", service_id=None)
        slot = Slot(day=easter.tuesday(2), starts=dt.time(11), ends=dt.time(13))
        bookings.request_booking(clash, [slot], actor="t")
        accounts = site.runtime.accounts
        admin = accounts.create_account("a@x.example", "Ada", PASSWORD, [Role.ADMIN], actor="t")
        manager = accounts.create_account(
            "m@x.example", "Maya", PASSWORD, [Role.VENUE_MANAGER], actor="t", venues=[venue]
        )
        booker = accounts.create_account(
            "b@x.example",
            "Bola",
            PASSWORD,
            [Role.AGENCY_BOOKER],
            actor="t",
            organisations=[UUID(org)],
        )
        site.runtime.lettings.settle()
        site.caught_up(120)
        yield Lettings(
            site, venue, hall, UUID(service.json()["id"]), admin, manager, booker, easter.tuesday(1)
        )


def _check(page: Page, name: str, phone: bool, found: dict[str, Any]) -> None:
    if violations := _violations(page):
        found[name] = violations
    if phone and name not in WIDE:
        width = page.locator("html").evaluate("html => html.scrollWidth")
        if width > WIDTHS["phone"][0]:
            found[name] = f"scrolls sideways: {width} px"


def _submit(page: Page, url: str, button: str) -> Page:
    page.goto(url)
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
def test_the_lettings_pages_have_no_axe_violations_and_fit_a_phone(
    lettings: Lettings, browser: Browser, width: str
) -> None:
    site, v, hall = lettings.site, lettings.venue, lettings.hall
    w, h = WIDTHS[width]
    base = site.url
    visits: dict[UUID, dict[str, str]] = {
        lettings.admin: {
            "venues (admin)": "/staff/venues",
            "register a venue": "/staff/venues/new",
            "accounts with venues to choose": "/staff/accounts",
        },
        lettings.manager: {
            "venue": f"/staff/venues/{v}?message=Saved.",
            "details and conditions": f"/staff/venues/{v}/details",
            "dates": f"/staff/venues/{v}/dates?message=Added.",
            "add a room": f"/staff/venues/{v}/rooms/new",
            "room and availability": f"/staff/venues/{v}/rooms/{hall}",
            "requests to decide": f"/staff/venues/{v}/requests",
            "calendar with holidays": f"/staff/venues/{v}/calendar?start={lettings.first}",
        },
        lettings.booker: {
            "rooms found": f"/staff/rooms?postcode=E15+1AA&day={lettings.first}"
            "&starts=13:00&ends=14:00&capacity=10",
            "request form": f"/staff/rooms/request?venue={v}&room={hall}",
            "bookings with a week left out": "/staff/bookings",
            "public venue, 14 days": f"/venues/{v}?start={lettings.first}",
            "service with its sessions": f"/services/{lettings.service}",
        },
    }
    submits: dict[UUID, dict[str, tuple[str, str]]] = {
        lettings.admin: {"register with errors": ("/staff/venues/new", "Register the venue")},
        lettings.manager: {
            "dates with errors": (f"/staff/venues/{v}/dates", "Add the dates"),
            "room with errors": (f"/staff/venues/{v}/rooms/new", "Add the room"),
            "availability preview": (
                f"/staff/venues/{v}/rooms/{hall}",
                "Preview the free times",
            ),
        },
        lettings.booker: {
            "request with errors": (
                f"/staff/rooms/request?venue={v}&room={hall}",
                "Send the request",
            )
        },
    }
    host = base.split("//")[1].split(":")[0]
    found: dict[str, Any] = {}
    for account, paths in visits.items():
        ctx = browser.new_context(viewport={"width": w, "height": h})  # axe needs JavaScript
        token = site.runtime.accounts.issue_api_token(account, actor="axe")
        ctx.add_cookies([{"name": SESSION_COOKIE, "value": token, "domain": host, "path": "/"}])
        try:
            page = ctx.new_page()
            for name, path in paths.items():
                response = page.goto(base + path)
                assert response is not None and response.status == 200, (name, response)
                _check(page, name, width == "phone", found)
            for name, (path, button) in submits[account].items():
                _check(_submit(page, base + path, button), name, width == "phone", found)
        finally:
            ctx.close()
    assert not found, json.dumps(found, indent=2)
