"""The days of the week are spelt once: the catalogue's days, the venues' rules and the pages'
names agree."""

from __future__ import annotations

import datetime as dt

from services.catalogue.model import Weekday
from services.shared.days import DAY_CODES, DAY_NAMES, SHORT_DAY_NAMES


def test_the_catalogue_weekdays_are_the_day_codes_monday_first() -> None:
    assert [w.value for w in Weekday] == list(DAY_CODES)
    assert DAY_CODES[dt.date(2026, 11, 27).weekday()] == "FR"  # a Friday


def test_each_day_has_its_name_and_its_short_name() -> None:
    assert [DAY_NAMES[c] for c in DAY_CODES][::3] == ["Monday", "Thursday", "Sunday"]
    assert DAY_NAMES[Weekday.WE] == "Wednesday"
    assert [SHORT_DAY_NAMES[c] for c in DAY_CODES] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
