"""Offline UK place names ("Stratford", "Camden") to a position, from GeoNames and our areas."""

from __future__ import annotations

import csv
import re
from functools import cached_property
from pathlib import Path

import msgspec

from search.areas import areas

DATA = Path(__file__).parent / "data"
# "Stratford" is also what people near Stratford-upon-Avon call it: a name followed by one of
# these joins is offered for the bare name too.
_JOINS = re.compile(r"^ (upon|on|under|in|by) ")
MAX_CHOICES = 8


class Place(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    country: str
    lat: float
    lon: float
    population: int
    district: str  # the nearest postcode district, to tell same-named places apart ("" if none)

    @property
    def label(self) -> str:
        """The place as a family would pick it from a list: "Newport, Wales (NP20)"."""
        where = ", ".join(p for p in (self.name, self.country) if p)
        return f"{where} ({self.district})" if self.district else where

    @property
    def choice(self) -> str:
        """What to search for to mean this place and no other: "Newport (NP20)"."""
        return f"{self.name} ({self.district})" if self.district else self.name


def _key(text: str) -> str:
    plain = re.sub(r"[\u2019'`.]", "", text.lower())
    return re.sub(r"[\s,-]+", " ", plain).strip()


class PlaceNames:
    """The United Kingdom's places of 500 people or more (GeoNames' cities500, CC BY 4.0, see
    search/data/ATTRIBUTION.md) and the named areas of `search/data/areas.toml`, loaded on first
    use. Each area stands at the mean of its postcode districts' centres."""

    def __init__(
        self, district_centres: dict[str, tuple[float, float]], data_dir: Path = DATA
    ) -> None:
        self.data_dir = data_dir
        self.district_centres = district_centres

    def load(self) -> None:
        """Reads the place names now rather than on the first lookup."""
        _ = self._by_name  # reading the cached property loads it

    @cached_property
    def _by_name(self) -> dict[str, list[Place]]:
        by_name: dict[str, list[Place]] = {}
        with open(self.data_dir / "gb_places.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                place = Place(
                    name=row["name"],
                    country=row["country"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    population=int(row["population"] or 0),
                    district=row["district"],
                )
                by_name.setdefault(_key(place.name), []).append(place)
        for area in areas():
            centres = [
                self.district_centres[d] for d in area.districts if d in self.district_centres
            ]
            if not centres or _key(area.name) in by_name:
                continue
            lat = sum(c[0] for c in centres) / len(centres)
            lon = sum(c[1] for c in centres) / len(centres)
            district = min(
                area.districts,
                key=lambda d: sum(
                    (a - b) ** 2
                    for a, b in zip(self.district_centres.get(d, (0, 0)), (lat, lon), strict=True)
                ),
            )
            by_name[_key(area.name)] = [
                Place(
                    name=area.name,
                    country="England",
                    lat=lat,
                    lon=lon,
                    population=0,
                    district=district,
                )
            ]
        return by_name

    def find(self, text: str) -> list[Place]:
        """The places the text may name, most populous first: one when it is plain which, several
        when the family must choose, none when it names no place we know. "Newport (NP20)" (a
        `Place.choice`) names exactly one."""
        key = _key(text)
        if not key:
            return []
        if m := re.fullmatch(r"(.+?) ?\(([a-z0-9]{2,4})\)", key):
            district = m.group(2).upper()
            return [p for p in self._by_name.get(m.group(1), []) if p.district == district][:1]
        exact = self._by_name.get(key, [])
        longer = [
            p
            for name, places in self._by_name.items()
            if name.startswith(key) and _JOINS.match(name[len(key) :])
            for p in places
        ]
        found = sorted(exact + longer, key=lambda p: -p.population)
        return found[:MAX_CHOICES]
