"""Unmet searches are kept without personal data and counted for the commissioners."""

from __future__ import annotations

import datetime as dt

import pytest

from services.insights.application import Insights, postcode_district, words_of


@pytest.fixture
def insights() -> Insights:
    return Insights(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})


def test_only_the_postcode_district_is_kept() -> None:
    assert postcode_district("e15 4bq") == "E15"
    assert postcode_district("SW1A 1AA") == "SW1A"
    assert postcode_district("M1") == "M1"
    assert postcode_district("") == ""


def test_query_words_are_lower_cased_without_repeats_or_filler() -> None:
    words = words_of("Help for my DAD, dad's anxiety and Anxiety")
    assert words[0] == "help" and words.count("anxiety") == 1 and "dad" in words
    assert "for" not in words and "and" not in words


def test_the_gap_report_counts_words_filters_and_districts(insights: Insights) -> None:
    insights.record_unmet_search("autism dads group", {"free_only": "yes"}, "E15 4BQ")
    insights.record_unmet_search("dads group", {}, "E15 1AA")
    insights.record_unmet_search("sign language", {"language": "BSL"}, "SK1 3XE")
    report = insights.gap_report()
    assert report.searches == 3
    assert dict(report.words)["dads"] == 2
    assert dict(report.districts) == {"E15": 2, "SK1": 1}
    assert dict(report.filters) == {"free_only=yes": 1, "language=BSL": 1}
    later = insights.gap_report(since=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    assert later.searches == 0


def test_nothing_personal_is_stored(insights: Insights) -> None:
    insights.record_unmet_search("help", {}, "E15 4BQ")
    stored = list(insights.recorder.select_notifications(1, 10))
    assert b"4BQ" not in stored[0].state and b"E15" in stored[0].state
