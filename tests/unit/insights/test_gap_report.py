"""Unmet searches are kept without personal data (projections/insights.py counts them)."""

from __future__ import annotations

import pytest

from services.insights.application import Insights, words_of


@pytest.fixture
def insights() -> Insights:
    return Insights(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("e15 4bq", "E15"),
        ("SW1A 1AA", "SW1A"),
        ("E15 4", "E15"),
        ("M1", "M1"),
        ("", ""),
        ("Stratford", ""),
    ],
)
def test_only_the_postcode_district_is_kept(insights: Insights, typed: str, kept: str) -> None:
    search = insights.record_search("help", {}, typed, found=True)
    signposting = insights.record_signposting("help", [], typed, [])
    assert insights.repository.get(search).district == kept
    assert insights.repository.get(signposting).district == kept


def test_query_words_are_lower_cased_without_repeats_or_filler() -> None:
    words = words_of("Help for my DAD, dad's anxiety and Anxiety")
    assert words[0] == "help" and words.count("anxiety") == 1 and "dad" in words
    assert "for" not in words and "and" not in words


def test_nothing_personal_is_stored(insights: Insights) -> None:
    insights.record_unmet_search("help", {}, "E15 4BQ")
    stored = list(insights.recorder.select_notifications(1, 10))
    assert b"4BQ" not in stored[0].state and b"E15" in stored[0].state
