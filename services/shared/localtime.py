"""Europe/London wall-clock times and the UTC instants they name, across the clock changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def instant(day: dt.date, at: dt.time) -> dt.datetime:
    """The UTC instant of a Europe/London wall-clock time (the earlier one when clocks go back)."""
    return dt.datetime.combine(day, at, LONDON).astimezone(dt.UTC)


def exists_locally(day: dt.date, at: dt.time) -> bool:
    """False for the hour skipped when the clocks go forward."""
    local = dt.datetime.combine(day, at, LONDON)
    back = local.astimezone(dt.UTC).astimezone(LONDON)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)
