"""A fixed clock for booking tests whose school year is 2026: every date they use is ahead of it."""

from __future__ import annotations

import datetime as dt


def new_year_2026() -> dt.datetime:
    return dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
