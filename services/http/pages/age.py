"""A child's age as a family types it: "9", "nine", "9 years", "18 months", "6 mths"."""

from __future__ import annotations

import re

import msgspec

MAX_YEARS = 120

_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_WORDS += " fifteen sixteen seventeen eighteen nineteen twenty"
_NUMBERS = {word: n for n, word in enumerate(_WORDS.split(" "))}
_NUMBERS |= {"a": 1, "an": 1}
_YEARS = {"y", "yr", "yrs", "year", "years", "yo", "yrs old", "year old", "years old"}
_MONTHS = {"m", "mo", "mos", "mth", "mths", "mnth", "mnths", "month", "months", "months old"}
_WEEKS = {"w", "wk", "wks", "week", "weeks", "weeks old"}
_PART = re.compile(r"(\d+|[a-z]+)\s*([a-z]+(?: old)?)?")


class Age(msgspec.Struct, frozen=True):
    """In whole years, or in months when the family gave months (or weeks) for a young child."""

    years: int | None = None
    months: int | None = None

    @property
    def words(self) -> str:
        if self.months is not None:
            return f"{self.months} month{'s' if self.months != 1 else ''}"
        return f"{self.years}"


class AgeNotReadError(ValueError):
    """The age box holds something we cannot read as an age."""


def read_age(text: str) -> Age | None:
    """The age typed in the box, or None when it is empty. Raises AgeNotReadError with a message
    for the family naming what could not be read."""
    plain = re.sub(r",|\band\b", " ", text.strip().lower())
    plain = re.sub(r"\s+", " ", plain).strip()
    if not plain:
        return None
    if plain in ("newborn", "new born"):
        return Age(months=0)
    years = months = 0
    given_months = False
    rest = plain
    while rest:
        match = _PART.match(rest)
        if not match:
            raise _not_read(text)
        number_text, unit = match.group(1), (match.group(2) or "")
        if number_text.isdigit():
            number = int(number_text)
        elif number_text in _NUMBERS:
            number = _NUMBERS[number_text]
        else:
            raise _not_read(text)
        if unit in ("", *_YEARS):
            years += number
        elif unit in _MONTHS:
            months += number
            given_months = True
        elif unit in _WEEKS:
            months += number * 12 // 52
            given_months = True
        else:
            raise _not_read(text)
        rest = rest[match.end() :].strip()
    if years > MAX_YEARS or months > MAX_YEARS * 12:
        raise AgeNotReadError(
            f"Enter an age of {MAX_YEARS} years or under; '{_shown(text)}' is more than that"
        )
    if given_months:
        return Age(months=years * 12 + months)
    return Age(years=years)


def _shown(text: str) -> str:
    return text.strip()[:20]


def _not_read(text: str) -> AgeNotReadError:
    return AgeNotReadError(
        f"We could not read '{_shown(text)}' as an age. Enter it in years or months, "
        "for example 9, nine, 9 years or 18 months"
    )
