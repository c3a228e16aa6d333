"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on any public page template."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import Served
from tests.e2e.pages.conftest import AXE

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def _a_service_id(site: Served) -> str:
    r = site.http.get("/api/search", params={"q": "counselling", "postcode": "E15"})
    return str(r.json()["hits"][0]["id"])


def _pages(site: Served) -> dict[str, str]:
    service = _a_service_id(site)
    other = site.http.get("/api/search", params={"q": "housing"}).json()["hits"][0]["id"]
    return {
        "start": "/",
        "results": "/search?q=counselling&postcode=E15&age=9",
        "results filtered, page 2": "/search?category=parenting&free_only=true&page=2",
        "results, nothing found": "/search?q=xylophone+lessons&postcode=E15&free_only=true",
        "results with urgent help": "/search?q=my+partner+hits+me&postcode=E15",
        "results, unknown postcode": "/search?q=counselling&postcode=ZZ99+9ZZ",
        "service": f"/services/{service}",
        "service on a shortlist": f"/services/{service}?sl={service}",
        "problem reported": f"/services/{service}/reported",
        "shortlist": f"/shortlist?sl={service},{other}",
        "empty shortlist": "/shortlist",
        "page not found": "/services/00000000-0000-4000-8000-000000000000",
    }


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_every_public_page_has_no_axe_violations(
    site: Served, browser: Browser, viewport: tuple[int, int]
) -> None:
    axe = AXE.read_text()
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = ctx.new_page()
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for name, path in _pages(site).items():
            page.goto(site.url + path)
            page.evaluate(axe)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
            )
            violations = [
                {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]}
                for v in result["violations"]
            ]
            if violations:
                found[name] = violations
            assert result["passes"], f"axe checked nothing on {name}"
    finally:
        ctx.close()
    assert not found, json.dumps(found, indent=2)


def test_the_form_with_errors_passes_axe_too(site: Served, browser: Browser) -> None:
    axe = AXE.read_text()
    ctx = browser.new_context()
    page = ctx.new_page()
    try:
        page.goto(site.url + f"/services/{_a_service_id(site)}")
        page.get_by_role("button", name="Send report").click()
        assert page.locator(".govuk-error-summary").is_visible()
        page.evaluate(axe)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        assert result["violations"] == []
    finally:
        ctx.close()
