"""Which postcode districts a service reaches: those of its places and those within a set
distance of them (by the districts' centroids), and the districts of the area it covers."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterable

from search.areas import area_of
from search.geo import degrees_within, distance_km, district_of
from search.postcodes import DATA

REACH_KM = 3.0
"""A service reaches a district whose centre is this close to one of its places."""
_CELL = 0.1  # degrees: the grid the centroids are filed under


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


def districts_near(lat: float, lon: float, km: float = REACH_KM) -> set[str]:
    row, col = _cell(lat, lon)
    dlat, dlon = degrees_within(lat, km)
    span_lat, span_lon = math.ceil(dlat / _CELL), math.ceil(dlon / _CELL)
    grid = _grid()
    return {
        code
        for r in range(row - span_lat, row + span_lat + 1)
        for c in range(col - span_lon, col + span_lon + 1)
        for code, clat, clon in grid.get((r, c), ())
        if distance_km((lat, lon), (clat, clon)) <= km
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
