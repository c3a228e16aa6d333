"""What the families' pages read from a family's words: ages, misspellings, search catching up."""

from __future__ import annotations

import pytest

from projections.runner import ProjectionStatus
from search.understanding import did_you_mean
from services.http.catching_up import SearchCatchUp
from services.http.pages import views
from services.http.pages.age import Age, AgeNotReadError, read_age


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("9", Age(years=9)),
        ("nine", Age(years=9)),
        ("9 years", Age(years=9)),
        ("Nine years old", Age(years=9)),
        ("9yo", Age(years=9)),
        ("18 months", Age(months=18)),
        ("6 mths", Age(months=6)),
        ("1 year 6 months", Age(months=18)),
        ("1 year and 6 months", Age(months=18)),
        ("newborn", Age(months=0)),
        ("12 weeks", Age(months=2)),
    ],
)
def test_ages_are_read_in_years_words_and_months(typed: str, age: Age) -> None:
    assert read_age(typed) == age


def test_an_empty_box_is_no_age_and_what_cannot_be_read_is_named() -> None:
    assert read_age("  ") is None
    for typed in ("nine stone", "1.5", "ninety", "-3", "two and a half"):
        with pytest.raises(AgeNotReadError, match=f"We could not read '{typed}' as an age"):
            read_age(typed)
    with pytest.raises(AgeNotReadError, match="120 years or under"):
        read_age("200")


def test_a_misspelt_search_is_put_right_from_the_catalogue_and_understanding_words() -> None:
    vocabulary = views.vocabulary()
    assert did_you_mean("bullyng", vocabulary) == "bullying"
    assert did_you_mean("food bnak", vocabulary) == "food bank"
    assert did_you_mean("my son is bullyng", vocabulary) == "my son is bullying"
    assert did_you_mean("skool refusal", vocabulary) == "school refusal"
    assert did_you_mean("parenting course", vocabulary) is None
    assert did_you_mean("xylophone", vocabulary) is None


class _Projection:
    def __init__(self, lags: list[int]) -> None:
        self.lags = lags

    def status(self) -> ProjectionStatus:
        lag = self.lags.pop(0) if len(self.lags) > 1 else self.lags[0]
        return ProjectionStatus(
            position=100 - lag, head=100, lag=lag, holds_lock=True, running=True, last_error=None
        )


def test_search_is_catching_up_until_it_first_has_all_events_and_ready_after() -> None:
    tracker = SearchCatchUp(_Projection([40, 5, 0, 3]), every_s=0)
    assert [tracker.behind() for _ in range(3)] == [40, 5, 0]
    assert tracker.ready
    assert tracker.behind() == 0, "an edit being indexed later is not a catch-up"


def test_search_is_asked_at_most_once_a_second() -> None:
    tracker = SearchCatchUp(_Projection([40, 0]), every_s=60)
    assert tracker.behind() == 40
    assert tracker.behind() == 40
