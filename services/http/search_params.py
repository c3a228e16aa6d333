"""Reads a search's query string (/api/search, the families' and staff search pages) into a
validated search: a pure read of the parameters, then the postcode's lookup, then the mapping."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar.datastructures import MultiDict

from search.port import SearchQuery
from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.catalogue import taxonomy
from services.catalogue.model import Delivery, ReferralRoute
from services.http.errors import BadRequestError, from_validation
from services.shared.days import DAY_NAMES

DAYS = {
    alias: code
    for code, name in DAY_NAMES.items()
    for alias in (code, name.upper(), name[:3].upper())
}

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


class _Where(msgspec.Struct, frozen=True):
    """The point a search is around and that point's postcode district (if it has one)."""

    position: tuple[float, float]
    district: str | None


def parse_search_params(
    query: MultiDict[str], postcodes: PostcodeDirectory, *, places: bool = False
) -> tuple[SearchQuery, SearchParams]:
    """The search the parameters ask for. With `places`, the postcode may be a place's name
    ("Stratford"): a name of several places is refused with the places in the error's detail.

    Every bad parameter is a BadRequestError (400) naming it and the reason, as on /oruk: one
    that is unknown, repeated, of the wrong type or out of range, a category or day that does
    not exist, a postcode or place not found, and a radius or distance sort without a postcode."""
    params = read_params(query)
    where = _where(params.postcode, postcodes, places=places) if params.postcode else None
    return search_query(params, where), params


def read_params(query: MultiDict[str]) -> SearchParams:
    """The parameters, each read and checked on its own and against the others (no lookup)."""
    params = _decoded(_plain(query))
    unknown = [c for c in params.category if c not in taxonomy.TERMS]
    if unknown:
        raise BadRequestError(f"Unknown category {unknown[0]!r}.", field="category")
    if params.day and params.day.upper() not in DAYS:
        raise BadRequestError(
            f"Unknown day {params.day!r}: use MO, TU ... SU or a day's name.", field="day"
        )
    if not params.postcode and params.sort == "distance":
        raise BadRequestError("Sorting by distance needs a postcode.", field="sort")
    if not params.postcode and params.radius_km is not None:
        raise BadRequestError("A radius needs a postcode.", field="radius_km")
    return params


def _plain(query: MultiDict[str]) -> dict[str, object]:
    """The query string as plain values: lists split at commas, a repeated single value refused,
    an empty number left out."""
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
    return raw


def _decoded(raw: dict[str, object]) -> SearchParams:
    try:
        return msgspec.convert(raw, SearchParams, strict=False)
    except msgspec.ValidationError as e:
        error = from_validation(e)
        error.field = (error.field or "").split("[", 1)[0] or None  # the parameter as typed
        raise error from None


def search_query(params: SearchParams, where: _Where | None) -> SearchQuery:
    """The search for checked parameters around `where` (10 km unless a radius is given)."""
    radius = params.radius_km if params.radius_km is not None else DEFAULT_RADIUS_KM
    return SearchQuery(
        text=params.q,
        position=where.position if where else None,
        radius_km=radius if where else None,
        age=params.age,
        categories=params.category,
        free_only=params.free_only,
        delivery=[d.value for d in params.delivery],
        self_referral=params.self_referral,
        referral_route=params.referral_route.value if params.referral_route else None,
        day=DAYS[params.day.upper()] if params.day else None,
        language=params.language or None,
        page=params.page,
        per_page=params.per_page,
        sort=params.sort,
        district=where.district if where else None,
    )


def _where(text: str, postcodes: PostcodeDirectory, *, places: bool) -> _Where:
    """The point a postcode (or, with `places`, a place's name) stands for, and its district."""
    try:
        place = postcodes.resolve(text)
    except UnknownPostcodeError as e:
        if not places:
            raise BadRequestError(str(e), field="postcode") from None
    else:
        return _Where((place.lat, place.lon), place.district)
    found = postcodes.places.find(text)
    shown = text.strip()[:30]
    if not found:
        raise BadRequestError(
            f"We could not find the postcode or place '{shown}'. Check it, or enter a postcode "
            "such as E15 4BQ or just its first part, such as E15.",
            field="postcode",
        )
    if len(found) > 1:
        raise BadRequestError(
            f"There is more than one place called '{shown}': choose the one you mean.",
            field="postcode",
            detail=found,
        )
    return _Where((found[0].lat, found[0].lon), found[0].district or None)
