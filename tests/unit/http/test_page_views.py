"""What the public pages say about a service, from its search document."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse
from uuid import uuid4

from services.http.pages import views

A, B = str(uuid4()), str(uuid4())


def test_the_shortlist_lives_in_the_link_and_ignores_junk() -> None:
    shortlist = views.Shortlist.parse(f"{A},not-an-id,{A},{B}")
    assert shortlist.ids == (A, B)
    assert shortlist.adding(A) == shortlist
    assert shortlist.removing(A).ids == (B,)
    assert views.Shortlist.parse(",".join(str(uuid4()) for _ in range(50))).ids.__len__() == 20


def test_links_keep_the_search_and_the_shortlist_but_drop_what_is_removed() -> None:
    form = views.FormState(
        {"q": ["counselling"], "free_only": ["true"], "day": ["MO"], "junk": ["x"]},
        views.Shortlist((A,)),
    )
    link = urlparse(form.url(day=None))
    assert link.path == "/search"
    assert parse_qs(link.query) == {"q": ["counselling"], "free_only": ["true"], "sl": [A]}
    assert "page=3" in form.url(page=3)


def test_a_service_says_how_to_get_in_in_plain_words() -> None:
    assert views.headline_way_in({"referral_routes": ["school", "self"]}) == (
        "You can refer yourself"
    )
    assert views.headline_way_in({"referral_routes": ["gp"]}) == (
        "Ask your school or GP to refer you"
    )
    assert views.headline_way_in({}) == "Contact the service to ask"


def test_ages_cost_and_distance_read_naturally() -> None:
    assert views.ages_text({"min_age_months": 60, "max_age_months": 143}) == "5 years to 11 years"
    assert views.ages_text({"min_age_months": 0, "max_age_months": 18}) == "Up to 18 months"
    assert views.ages_text({}) == "Any age"
    assert views.cost_text({"free": False, "cost_description": "£3 a session"}) == "£3 a session"
    assert views.cost_text({"free": True}) == "Free"
    assert views.miles(1.609344) == "1.0 miles away"


def test_details_checked_over_three_months_ago_are_flagged() -> None:
    today = dt.date(2026, 11, 26)
    assert views.checked_on({"last_verified": "2026-10-01T09:00:00+00:00"}, today) == (
        "1 October 2026",
        False,
    )
    assert views.checked_on({"last_verified": "2026-08-01T09:00:00+00:00"}, today)[1] is True
    assert views.checked_on({}, today) == ("", True)
