"""The days of the week, spelt once: iCalendar's two-letter codes (what events store, and the
catalogue's `Weekday` values), Monday first as `date.weekday()` counts, and their English names."""

from __future__ import annotations

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES: dict[str, str] = dict(
    zip(
        DAY_CODES,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
"""A day's name by its code: "Monday" for "MO"."""
SHORT_DAY_NAMES: dict[str, str] = {code: name[:3] for code, name in DAY_NAMES.items()}
"""A day's name in three letters by its code: "Mon" for "MO"."""
