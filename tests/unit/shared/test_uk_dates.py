"""Dates as people in the UK write them are read; anything else is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from services.shared.dates import parse_day


@pytest.mark.parametrize(
    "text",
    [
        "31/01/2026",
        "31/1/26",
        "31-01-2026",
        "31.01.2026",
        "31 January 2026",
        "31 jan 2026",
        "31st January 2026",
        "2026-01-31",
        "  31 / 01 / 2026 ".replace(" / ", "/"),
    ],
)
def test_uk_forms_of_a_date_are_read(text: str) -> None:
    assert parse_day(text) == dt.date(2026, 1, 31)


@pytest.mark.parametrize("text", ["31/02/2026", "last week", "2026/01/31", "01/31/2026", ""])
def test_what_is_not_a_real_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)
