"""A search is counted under the needs its words ask for, read the way search reads them, and
its phrase keeps no postcode or number that could point at a household."""

from __future__ import annotations

from services.insights.application import needs_of, phrase_of


def test_everyday_words_map_to_the_needs_they_ask_for() -> None:
    assert needs_of("my partner hits me") == ["safety"]
    assert needs_of("skint can't pay rent") == ["housing", "money"]
    assert needs_of("eating disorder help for teenager") == ["mental-health"]
    assert needs_of("help me") == []


def test_a_chosen_category_counts_as_its_need_even_without_words() -> None:
    assert needs_of("", ["send.autism"]) == ["send"]
    assert needs_of("", ["no-such-category"]) == []


def test_a_phrase_drops_postcodes_and_long_numbers_but_keeps_the_words() -> None:
    assert phrase_of("Food bank near E15 4BQ call 07700900123") == "food bank near call"
    assert phrase_of("  My SON won't go to school ") == "my son won't go to school"
