"""Where things are, spelt once for every layer: a position (latitude and longitude), the
great-circle distance between two, and the postcode district a postcode is in.

Pure (the standard library and msgspec): the catalogue and venue domains, the projections,
search and the pages all import it, and it imports nothing of theirs (see the import contracts).
Meilisearch alone spells a point `lat`/`lng` (`search.documents.GeoPoint`, its `_geo` field).
"""

from __future__ import annotations

import math
import re
from typing import Annotated

import msgspec

EARTH_RADIUS_KM = 6371.0088
"""The Earth's mean radius (IUGG), in kilometres: what every distance here is measured on."""

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
"""A postcode's outward code, its district: "E15", "SW1A", "M1"."""
FULL_POSTCODE = re.compile(rf"^({OUTWARD}) ?([0-9])([A-Z]{{2}})$")
SECTOR = re.compile(rf"^({OUTWARD}) ([0-9])$")
DISTRICT = re.compile(rf"^({OUTWARD})$")


class Position(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A point on the map in decimal degrees (WGS84), as events store it: {"lat", "lon"}."""

    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance (haversine) between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def degrees_within(lat: float, km: float) -> tuple[float, float]:
    """How many degrees of latitude and of longitude `km` spans at latitude `lat`: the half
    sides of a box holding every point within `km` (to narrow a search before `distance_km`)."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    return dlat, dlat / max(math.cos(math.radians(lat)), 1e-6)


def normalise(text: str) -> str:
    """Upper case, trimmed, one space between words: how postcodes are compared."""
    return re.sub(r"\s+", " ", text.strip().upper())


def district_of(text: str) -> str | None:
    """The district (outward code: "E15" of "e15 4bq", of "E15 4" and of "E15") of a postcode,
    sector or district, or None for anything else (a place's name, a phone number): coarse
    enough to name no household, so what anonymous counts keep."""
    t = normalise(text)
    for pattern in (FULL_POSTCODE, SECTOR, DISTRICT):
        if m := pattern.match(t):
            return m.group(1)
    if m := FULL_POSTCODE.match(t.replace(" ", "")):
        return m.group(1)
    return None
