"""Which postcode districts a service reaches: those of its places and those within a set
distance of them (by the districts' centroids), and the districts of the area it covers."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterable

from search.areas import area_of
from search.postcodes import DATA, district_of

REACH_KM = 3.0
"""A service reaches a district whose centre is this close to one of its places."""
_CELL = 0.1  # degrees: the grid the centroids are filed under
_EARTH_KM = 6371.0


@functools.cache
def _grid() -> dict[tuple[int, int], list[tuple[str, float, float]]]:
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    with open(DATA / "gb_postcode_districts_centroids.csv", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon = float(row["lat"]), float(row["lon"])
            grid.setdefault(_cell(lat, lon), []).append((row["code"], lat, lon))
    return grid


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL), math.floor(lon / _CELL)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return _EARTH_KM * 2 * math.asin(math.sqrt(a))


def districts_near(lat: float, lon: float, km: float = REACH_KM) -> set[str]:
    row, col = _cell(lat, lon)
    span_lat = math.ceil(km / 111.0 / _CELL)
    span_lon = math.ceil(km / (111.0 * max(math.cos(math.radians(lat)), 0.01)) / _CELL)
    grid = _grid()
    return {
        code
        for r in range(row - span_lat, row + span_lat + 1)
        for c in range(col - span_lon, col + span_lon + 1)
        for code, dlat, dlon in grid.get((r, c), ())
        if _km(lat, lon, dlat, dlon) <= km
    }


def reached(
    places: Iterable[tuple[str, float | None, float | None]], service_area: str
) -> frozenset[str]:
    """The districts of places given as (postcode, lat, lon), of those near them, and of the
    known area the service covers."""
    return _reached(tuple(places), service_area)


@functools.lru_cache(maxsize=4096)
def _reached(
    places: tuple[tuple[str, float | None, float | None], ...], service_area: str
) -> frozenset[str]:
    found: set[str] = set()
    for postcode, lat, lon in places:
        if district := district_of(postcode):
            found.add(district)
        if lat is not None and lon is not None:
            found |= districts_near(lat, lon)
    area = area_of(service_area) if service_area else None
    if area is not None:
        found |= set(area.districts)
    return frozenset(found)
