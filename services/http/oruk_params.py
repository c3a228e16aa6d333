"""Reads an ORUK 3.0 listing's query string into a validated query, naming any bad parameter."""

from __future__ import annotations

import datetime as dt
import math
from uuid import UUID

from litestar.datastructures import MultiDict

from search.oruk import OrukQuery
from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.http.errors import BadRequestError
from services.http.search_params import DAYS

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 50
DEFAULT_PROXIMITY_M = 10_000.0


def _one(query: MultiDict[str], key: str) -> str | None:
    values = query.getall(key, [])
    if len(values) > 1:
        raise BadRequestError(f"Give '{key}' once, not {len(values)} times.", field=key)
    if not values or not values[0].strip():
        return None
    return values[0].strip()


def _int(query: MultiDict[str], key: str, default: int, low: int, high: int) -> int:
    text = _one(query, key)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequestError(f"'{text[:40]}' is not a whole number.", field=key) from None
    if not low <= value <= high:
        raise BadRequestError(f"Must be between {low} and {high}.", field=key)
    return value


def _number(query: MultiDict[str], key: str, low: float, high: float) -> float | None:
    text = _one(query, key)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadRequestError(f"'{text[:40]}' is not a number.", field=key) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRequestError(f"Must be a number between {low:g} and {high:g}.", field=key)
    return value


def _uuid(query: MultiDict[str], key: str) -> str | None:
    text = _one(query, key)
    if text is None:
        return None
    try:
        return str(UUID(text))
    except ValueError:
        raise BadRequestError(f"'{text[:40]}' is not a UUID.", field=key) from None


def _minutes(query: MultiDict[str], key: str) -> int | None:
    text = _one(query, key)
    if text is None:
        return None
    try:
        when = dt.time.fromisoformat(text)
    except ValueError:
        raise BadRequestError(f"'{text[:40]}' is not a time such as 09:30.", field=key) from None
    return when.hour * 60 + when.minute


def _since(query: MultiDict[str], key: str) -> float | None:
    text = _one(query, key)
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace(" ", "+"))
        return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()
    except (ValueError, OverflowError):
        raise BadRequestError(
            f"'{text[:40]}' is not an ISO 8601 date or date-time.", field=key
        ) from None


def parse_page(query: MultiDict[str]) -> tuple[int, int]:
    page = _int(query, "page", 1, 1, 1_000_000)
    per_page = _int(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return page, per_page


def parse_oruk_query(
    query: MultiDict[str], postcodes: PostcodeDirectory | None = None
) -> OrukQuery:
    """The listing filters; `postcodes` enables `postcode` and `proximity` (in metres)."""
    page, per_page = parse_page(query)
    text = _one(query, "search") or ""
    if len(text) > 200:
        raise BadRequestError("At most 200 characters.", field="search")
    day = _one(query, "day")
    day_code = DAYS.get(day.upper()) if day else None
    if day and day_code is None:
        raise BadRequestError(f"Unknown day {day[:20]!r}: use MO, TU ... SU.", field="day")
    position, radius = None, None
    if postcodes is not None:
        postcode = _one(query, "postcode")
        radius = _number(query, "proximity", 0, 1_000_000)
        if postcode:
            try:
                place = postcodes.resolve(postcode[:10])
            except UnknownPostcodeError as e:
                raise BadRequestError(str(e), field="postcode") from None
            position = (place.lat, place.lon)
            radius = radius if radius is not None else DEFAULT_PROXIMITY_M
        elif radius is not None:
            raise BadRequestError("A proximity needs a postcode.", field="proximity")
    return OrukQuery(
        text=text,
        page=page,
        per_page=per_page,
        taxonomy_term_id=_uuid(query, "taxonomy_term_id"),
        taxonomy_id=_uuid(query, "taxonomy_id"),
        minimum_age=_number(query, "minimum_age", 0, 200),
        maximum_age=_number(query, "maximum_age", 0, 200),
        start_minutes=_minutes(query, "start_time"),
        end_minutes=_minutes(query, "end_time"),
        day=day_code,
        modified_after=_since(query, "modified_after"),
        position=position,
        radius_m=radius,
    )
