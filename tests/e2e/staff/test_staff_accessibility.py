"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on any staff template."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page

from services.accounts.domain import Role
from services.catalogue.problems import ProblemKind
from services.http.auth import SESSION_COOKIE
from tests.e2e.pages.conftest import AXE
from tests.e2e.pages.test_accessibility import WCAG_TAGS
from tests.e2e.staff.conftest import StaffSite


def _violations(page: Page) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"]
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def _signed_in_pages(site: StaffSite) -> dict[str, str]:
    sid = site.service_id
    site.accounts.save_search(site.ids[Role.ADMIN], "Food in E15", "q=food&postcode=E15")
    catalogue = site.served.runtime.catalogue
    proposal = catalogue.propose_service_change(
        UUID(sid), {"summary": "An axe-checked summary"}, actor="axe", organisations=None
    )
    report = catalogue.report_problem(UUID(sid), ProblemKind.WRONG_DETAILS, "Rings out")
    return {
        "editor's list": "/staff/editor",
        "proposal": f"/staff/proposals/{proposal}",
        "provider": "/staff/provider",
        "propose": f"/staff/services/{sid}/propose",
        "service": f"/staff/services/{sid}",
        "service as it was": f"/staff/services/{sid}?as_of=2099-01-01",
        "service, bad date": f"/staff/services/{sid}?as_of=last+week",
        "history": f"/staff/services/{sid}/history",
        "edit": f"/staff/services/{sid}/edit",
        "add a service": "/staff/services/new",
        "close, reopen or withdraw": f"/staff/services/{sid}/status",
        "problem": f"/staff/problems/{report}",
        "service before it existed": f"/staff/services/{sid}?as_of=01/01/2001",
        "search with every filter": "/staff/search?q=counselling&postcode=E15&radius_km=8"
        "&age=7&language=Bengali&category=mental-health&delivery=online&day=TU",
        "home": "/staff",
        "search": "/staff/search",
        "search results": "/staff/search?q=counselling&postcode=E15&referral_route=school",
        "search error": "/staff/search?q=counselling&postcode=ZZ99+9ZZ",
        "sheet form": f"/staff/sheet?id={sid}",
        "sheet form with an area warning": f"/staff/sheet?id={sid}&postcode=NW1",
        "sheet with nothing chosen": "/staff/sheet",
        "sheet ready": f"/staff/sheet/ready?sl={sid}&note=Call+them",
        "accounts": "/staff/accounts",
        "api tokens": f"/staff/accounts/{site.ids[Role.EDITOR]}/tokens",
        "family sheet": f"/sheet?sl={sid}&note=Call+them",
    }


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_every_staff_page_has_no_axe_violations(
    staff_site: StaffSite, browser: Browser, viewport: tuple[int, int]
) -> None:
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    host = staff_site.url.split("//")[1].split(":")[0]
    ctx.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": staff_site.token(Role.ADMIN),
                "domain": host,
                "path": "/",
            }
        ]
    )
    found: dict[str, Any] = {}
    try:
        page = ctx.new_page()
        for name, path in _signed_in_pages(staff_site).items():
            page.goto(staff_site.url + path)
            if violations := _violations(page):
                found[name] = violations
    finally:
        ctx.close()
    assert not found, json.dumps(found, indent=2)


def test_the_sign_in_and_invitation_pages_with_errors_pass_axe(
    staff_site: StaffSite, browser: Browser
) -> None:
    token = staff_site.accounts.invite("axe@example.org", [Role.STAFF], actor="test")
    ctx = browser.new_context()  # axe itself needs JavaScript; the pages use none
    found: dict[str, Any] = {}
    try:
        page = ctx.new_page()
        page.goto(staff_site.url + "/staff/login")
        found["sign in"] = _violations(page)
        page.get_by_role("button", name="Sign in").click()
        assert page.locator(".govuk-error-summary").is_visible()
        found["sign in with errors"] = _violations(page)
        page.goto(f"{staff_site.url}/staff/invitations/{token}")
        found["invitation"] = _violations(page)
        page.get_by_role("button", name="Create account").click()
        assert page.locator(".govuk-error-summary").is_visible()
        found["invitation with errors"] = _violations(page)
    finally:
        ctx.close()
    found = {k: v for k, v in found.items() if v}
    assert not found, json.dumps(found, indent=2)


def test_staff_forms_with_errors_and_banners_pass_axe(
    staff_site: StaffSite, browser: Browser
) -> None:
    ctx = browser.new_context()
    host = staff_site.url.split("//")[1].split(":")[0]
    ctx.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": staff_site.token(Role.ADMIN),
                "domain": host,
                "path": "/",
            }
        ]
    )
    sid = staff_site.service_id
    found: dict[str, Any] = {}
    try:
        page = ctx.new_page()
        page.goto(f"{staff_site.url}/staff/services/{sid}/edit")
        page.get_by_label("Name", exact=True).fill("")
        page.get_by_role("button", name="Save changes").click()
        assert page.locator(".govuk-error-summary").is_visible()
        found["edit with errors"] = _violations(page)
        page.goto(f"{staff_site.url}/staff/services/{sid}/propose")
        page.get_by_label("Website").fill("not a web address")
        page.get_by_role("button", name="Send for checking").click()
        assert page.locator(".govuk-error-summary").is_visible()
        found["proposal with errors"] = _violations(page)
        page.goto(f"{staff_site.url}/staff/accounts")
        page.get_by_label("Their email address").fill("banner@example.org")
        page.locator("#roles-3").check()  # the invitation form's "staff" role
        page.get_by_role("button", name="Create invitation link").click()
        assert page.locator("#invitation-link").is_visible()
        found["accounts with invitation banner"] = _violations(page)
        page.get_by_role("button", name="Create invitation link").click()
        assert page.locator(".govuk-error-summary").is_visible()
        found["accounts with errors"] = _violations(page)
    finally:
        ctx.close()
    found = {k: v for k, v in found.items() if v}
    assert not found, json.dumps(found, indent=2)
