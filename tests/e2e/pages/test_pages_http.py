"""The pages over plain HTTP: statuses, privacy headers, page weight; no input makes a 500."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import Served

PAGE_BUDGET_BYTES = 150 * 1024


def test_pages_set_no_cookies_and_allow_nothing_from_elsewhere(site: Served) -> None:
    for path in ("/", "/search?q=housing", "/shortlist"):
        r = site.http.get(path)
        assert r.status_code == 200
        assert "set-cookie" not in r.headers
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["referrer-policy"] == "no-referrer"


def test_a_results_page_with_its_stylesheet_is_well_under_150_kb_over_the_wire(
    site: Served,
) -> None:
    headers = {"Accept-Encoding": "gzip"}
    page = site.http.get("/search?q=parenting&postcode=E15", headers=headers)
    css_path = page.text.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    css = site.http.get(css_path, headers=headers)
    assert css.headers.get("content-encoding") == "gzip"
    assert "max-age=31536000" in css.headers["cache-control"]
    wire = sum(len(gzip.compress(r.content)) for r in (page, css))
    assert wire < PAGE_BUDGET_BYTES, f"{wire} bytes"


def test_an_unknown_service_gets_a_page_not_found_in_html(site: Served) -> None:
    r = site.http.get("/services/00000000-0000-4000-8000-000000000000")
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert "We could not find that service" in r.text


def test_an_unknown_address_gets_a_page_not_found_in_html(site: Served) -> None:
    r = site.http.get("/no-such-page")
    assert r.status_code == 404
    assert "<h1" in r.text and "Page not found" in r.text


def test_bad_search_input_is_named_beside_its_field(site: Served) -> None:
    cases = {
        "age=ninety": "age",
        "age=200": "age",
        "miles=far": "miles",
        "day=Caturday": "day",
        "category=made-up": "category",
        "sort=distance": "sort",
        "page=0": "page",
    }
    for query, field in cases.items():
        r = site.http.get(f"/search?{query}")
        assert r.status_code == 400, query
        assert f'href="#{field}"' in r.text, (query, r.text[:2000])


def test_a_problem_report_with_too_much_text_is_refused_and_keeps_what_was_typed(
    site: Served,
) -> None:
    service = site.http.get("/api/search", params={"q": "housing"}).json()["hits"][0]["id"]
    text = "The phone number is wrong. " * 50
    r = site.http.post(
        f"/services/{service}/report", data={"kind": "wrong_details", "details": text}
    )
    assert r.status_code == 400
    assert "1000 characters or fewer" in r.text
    assert "The phone number is wrong." in r.text


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
_keys = st.sampled_from(
    [
        "q",
        "postcode",
        "age",
        "miles",
        "category",
        "free_only",
        "delivery",
        "self_referral",
        "day",
        "language",
        "sort",
        "page",
        "sl",
        "other",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(_keys, _text), max_size=6))
def test_no_query_string_makes_the_results_page_fail(
    site: Served, pairs: list[tuple[str, str]]
) -> None:
    r = site.http.get("/search", params=tuple(pairs))
    assert r.status_code in (200, 400), (pairs, r.status_code, r.text[:500])


def test_a_misspelt_search_still_finds_counselling(site: Served) -> None:
    right = site.http.get("/search", params={"q": "counselling", "postcode": "E15"})
    wrong = site.http.get("/search", params={"q": "councelling", "postcode": "E15"})
    assert wrong.status_code == 200
    first = right.text.split('class="sp-result"', 2)[1].split("</a>", 1)[0]
    assert first.split(">")[-1] in wrong.text
    assert "No services matched" not in wrong.text
