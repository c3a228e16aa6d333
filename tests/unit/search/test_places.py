"""Place names a family types instead of a postcode, read offline."""

from __future__ import annotations

from search.port import SearchQuery
from search.postcodes import PostcodeDirectory
from search.query import age_filter, age_months

PLACES = PostcodeDirectory().places


def test_a_name_of_one_place_gives_that_place_near_its_postcode_district() -> None:
    [london] = PLACES.find("london")
    assert london.name == "London" and london.district.startswith("WC")
    assert 51.4 < london.lat < 51.6


def test_stratford_asks_which_one_the_london_one_or_stratford_upon_avon() -> None:
    found = PLACES.find("Stratford")
    assert [p.label for p in found] == [
        "Stratford, England (E15)",
        "Stratford-upon-Avon, England (CV37)",
    ]
    [chosen] = PLACES.find(found[1].choice)
    assert chosen.name == "Stratford-upon-Avon"


def test_same_named_places_are_told_apart_by_postcode_district_biggest_first() -> None:
    newports = PLACES.find("newport")
    assert len(newports) > 3 and newports[0].label == "Newport, Wales (NP20)"
    assert len({p.choice for p in newports}) == len(newports)


def test_spacing_hyphens_and_capitals_do_not_matter_and_unknown_names_find_nothing() -> None:
    assert [p.name for p in PLACES.find("  stratford upon AVON ")] == ["Stratford-upon-Avon"]
    assert PLACES.find("Xyzzyville") == []
    assert PLACES.find("") == []


def test_a_named_area_of_the_directory_is_a_place_too() -> None:
    [camden] = PLACES.find("Camden")
    assert camden.district.startswith(("NW", "N", "WC"))


def test_an_age_in_years_spans_its_twelve_months_and_in_months_just_that_month() -> None:
    assert age_months(SearchQuery(age=9)) == (108, 119)
    assert age_months(SearchQuery(age_months=18)) == (18, 18)
    assert age_months(SearchQuery()) is None
    assert "min_age_months <= 18 AND max_age_months >= 18" in age_filter((18, 18))
