"""A search's query string read into a search: each parameter lands in its own field, and every
bad parameter is a 400 naming it and the reason."""

from __future__ import annotations

import pytest
from litestar.datastructures import MultiDict

from search.port import SearchQuery
from search.postcodes import PostcodeDirectory
from services.http.errors import BadRequestError
from services.http.search_params import DEFAULT_RADIUS_KM, parse_search_params, read_params

POSTCODES = PostcodeDirectory().load()


def _query(pairs: list[tuple[str, str]], *, places: bool = False) -> SearchQuery:
    query, _ = parse_search_params(MultiDict(pairs), POSTCODES, places=places)
    return query


def _refused(pairs: list[tuple[str, str]], *, places: bool = False) -> BadRequestError:
    with pytest.raises(BadRequestError) as refused:
        _query(pairs, places=places)
    return refused.value


def test_every_parameter_lands_in_its_own_field_of_the_search() -> None:
    query = _query(
        [
            ("q", " counselling "),
            ("postcode", "e15 4bq"),
            ("radius_km", "5"),
            ("age", "9"),
            ("category", "mental-health,mental-health.counselling"),
            ("free_only", "true"),
            ("delivery", "online"),
            ("delivery", "phone"),
            ("self_referral", "true"),
            ("referral_route", "gp"),
            ("day", "tuesday"),
            ("language", "Polish"),
            ("page", "2"),
            ("per_page", "50"),
            ("sort", "distance"),
        ]
    )
    assert query == SearchQuery(
        text="counselling",
        position=(51.53899, 0.00486),
        radius_km=5.0,
        age=9,
        categories=["mental-health", "mental-health.counselling"],
        free_only=True,
        delivery=["online", "phone"],
        self_referral=True,
        referral_route="gp",
        day="TU",
        language="Polish",
        page=2,
        per_page=50,
        sort="distance",
        district="E15",
    )


def test_no_parameters_is_a_search_for_everything_anywhere() -> None:
    assert _query([]) == SearchQuery()
    assert _query([("age", ""), ("radius_km", ""), ("language", "")]) == SearchQuery()


def test_a_postcode_without_a_radius_searches_within_the_default_radius() -> None:
    query = _query([("postcode", "SK1")])
    assert (query.radius_km, query.district) == (DEFAULT_RADIUS_KM, "SK1")


@pytest.mark.parametrize("day", ["WE", "we", "Wed", "WEDNESDAY"])
def test_a_day_is_its_code_or_its_name_in_any_case(day: str) -> None:
    assert _query([("day", day)]).day == "WE"


def test_a_place_name_is_a_postcode_only_on_the_pages() -> None:
    assert _refused([("postcode", "Stockport")]).field == "postcode"
    query = _query([("postcode", "Stockport")], places=True)
    assert query.district == "SK1" and query.position is not None


def test_a_name_of_several_places_is_refused_with_the_places_to_choose_from() -> None:
    refused = _refused([("postcode", "Stratford")], places=True)
    assert refused.field == "postcode"
    assert {place.district for place in refused.detail} >= {"E15", "CV37"}


@pytest.mark.parametrize(
    ("pairs", "field", "reason"),
    [
        ([("per_page", "0")], "per_page", ">= 1"),
        ([("page", "abc")], "page", "int"),
        ([("q", "one"), ("q", "two")], "q", "once, not 2 times"),
        ([("colour", "blue")], "colour", "unknown field"),
        ([("delivery", "online,pigeon")], "delivery", "pigeon"),
        ([("sort", "cheapest")], "sort", "cheapest"),
        ([("category", "no-such-category")], "category", "no-such-category"),
        ([("day", "someday")], "day", "someday"),
        ([("sort", "distance")], "sort", "needs a postcode"),
        ([("radius_km", "5")], "radius_km", "needs a postcode"),
        ([("postcode", "ZZ9 9ZZ")], "postcode", "ZZ9 9ZZ"),
    ],
)
def test_a_bad_parameter_is_refused_naming_it_and_the_reason(
    pairs: list[tuple[str, str]], field: str, reason: str
) -> None:
    refused = _refused(pairs)
    assert (refused.field, reason in refused.message) == (field, True), refused.message


def test_the_parameters_are_read_and_checked_without_a_postcode_lookup() -> None:
    params = read_params(MultiDict([("postcode", "nowhere at all"), ("day", "MO")]))
    assert (params.postcode, params.day) == ("nowhere at all", "MO")
