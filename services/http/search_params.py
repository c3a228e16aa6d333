"""Reads /api/search's query string into a validated search, naming any bad parameter."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar.datastructures import MultiDict

from search.port import SearchQuery
from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.catalogue import taxonomy
from services.catalogue.model import Delivery, ReferralRoute
from services.http.errors import BadRequestError, from_validation
from services.shared.errors import RuleViolationError

_DAY_NAMES = {
    "MO": "MONDAY",
    "TU": "TUESDAY",
    "WE": "WEDNESDAY",
    "TH": "THURSDAY",
    "FR": "FRIDAY",
    "SA": "SATURDAY",
    "SU": "SUNDAY",
}
DAYS = {alias: code for code, name in _DAY_NAMES.items() for alias in (code, name, name[:3])}

DEFAULT_RADIUS_KM = 10.0


class SearchParams(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    q: Annotated[str, msgspec.Meta(max_length=200)] = ""
    postcode: Annotated[str, msgspec.Meta(max_length=60)] = ""
    radius_km: Annotated[float, msgspec.Meta(gt=0, le=200)] | None = None
    age: Annotated[int, msgspec.Meta(ge=0, le=120)] | None = None
    category: list[str] = []
    free_only: bool = False
    delivery: list[Delivery] = []
    self_referral: bool = False
    referral_route: ReferralRoute | None = None
    day: str = ""
    language: Annotated[str, msgspec.Meta(max_length=50)] = ""
    page: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    per_page: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20
    sort: Literal["relevance", "distance"] = "relevance"


_LISTS = {"category", "delivery"}


def parse_search_params(
    query: MultiDict[str], postcodes: PostcodeDirectory, *, places: bool = False
) -> tuple[SearchQuery, SearchParams]:
    """The search the parameters ask for. With `places`, the postcode may be a place's name
    ("Stratford"): a name of several places is refused with the places in the error's detail."""
    raw: dict[str, object] = {}
    for key in query:
        values = query.getall(key)
        if key in _LISTS:
            raw[key] = [v for value in values for v in value.split(",") if v]
        elif len(values) > 1:
            raise BadRequestError(f"Give '{key}' once, not {len(values)} times.", field=key)
        else:
            raw[key] = values[0].strip()
    for key in ("radius_km", "age"):
        if raw.get(key) == "":
            raw.pop(key)
    try:
        params = msgspec.convert(raw, SearchParams, strict=False)
    except msgspec.ValidationError as e:
        error = from_validation(e)
        error.field = (error.field or "").split("[", 1)[0] or None  # the parameter as typed
        raise error from None
    unknown = [c for c in params.category if c not in taxonomy.TERMS]
    if unknown:
        raise RuleViolationError(f"Unknown category {unknown[0]!r}.", field="category")
    day = None
    if params.day:
        day = DAYS.get(params.day.upper())
        if day is None:
            raise RuleViolationError(
                f"Unknown day {params.day!r}: use MO, TU ... SU or a day's name.", field="day"
            )
    position, district = None, None
    if params.postcode:
        position, district = _position(params.postcode, postcodes, places=places)
    elif params.sort == "distance":
        raise RuleViolationError("Sorting by distance needs a postcode.", field="sort")
    elif params.radius_km is not None:
        raise RuleViolationError("A radius needs a postcode.", field="radius_km")
    radius = (
        params.radius_km
        if params.radius_km is not None
        else (DEFAULT_RADIUS_KM if position else None)
    )
    return (
        SearchQuery(
            text=params.q,
            position=position,
            radius_km=radius,
            age=params.age,
            categories=params.category,
            free_only=params.free_only,
            delivery=[d.value for d in params.delivery],
            self_referral=params.self_referral,
            referral_route=params.referral_route.value if params.referral_route else None,
            day=day,
            language=params.language or None,
            page=params.page,
            per_page=params.per_page,
            sort=params.sort,
            district=district,
        ),
        params,
    )


def _position(
    text: str, postcodes: PostcodeDirectory, *, places: bool
) -> tuple[tuple[float, float], str | None]:
    """The point a postcode (or, with `places`, a place's name) stands for, and its district."""
    try:
        place = postcodes.resolve(text)
    except UnknownPostcodeError as e:
        if not places:
            raise RuleViolationError(str(e), field="postcode") from None
    else:
        return (place.lat, place.lon), place.district
    found = postcodes.places.find(text)
    shown = text.strip()[:30]
    if not found:
        raise RuleViolationError(
            f"We could not find the postcode or place '{shown}'. Check it, or enter a postcode "
            "such as E15 4BQ or just its first part, such as E15.",
            field="postcode",
        )
    if len(found) > 1:
        raise RuleViolationError(
            f"There is more than one place called '{shown}': choose the one you mean.",
            field="postcode",
            detail=found,
        )
    return (found[0].lat, found[0].lon), found[0].district or None
