"""Offline UK postcode lookup: a full postcode, sector or district to a centre point."""

from __future__ import annotations

import csv
from functools import cached_property
from pathlib import Path

import msgspec

from search.geo import DISTRICT, FULL_POSTCODE, SECTOR, normalise
from search.places import PlaceNames

DATA = Path(__file__).parent / "data"


class UnknownPostcodeError(ValueError):
    """The text is not a postcode we know."""


class Resolved(msgspec.Struct, frozen=True):
    code: str
    kind: str  # "postcode", "sector" or "district"
    lat: float
    lon: float
    district: str


class PostcodeDirectory:
    """District and sector centroids (ONS-derived) and place names: read by `load()` at start,
    or else on first use."""

    def __init__(self, data_dir: Path = DATA) -> None:
        self.data_dir = data_dir

    def load(self) -> PostcodeDirectory:
        """Reads every file now, so no lookup later waits on the disk (the web process calls
        this before it serves: a request must not block the event loop reading a CSV)."""
        _ = self._districts, self._sectors  # reading the cached properties loads them
        self.places.load()
        return self

    @cached_property
    def _districts(self) -> dict[str, tuple[float, float]]:
        return self._load("gb_postcode_districts_centroids.csv")

    @cached_property
    def places(self) -> PlaceNames:
        """Place names ("Stratford") for the families' pages, beside the postcodes."""
        return PlaceNames(self._districts, self.data_dir)

    @cached_property
    def _sectors(self) -> dict[str, tuple[float, float]]:
        return self._load("gb_postcode_sectors_centroids.csv")

    def _load(self, name: str) -> dict[str, tuple[float, float]]:
        with open(self.data_dir / name, newline="") as f:
            return {
                row["code"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(f)
            }

    def resolve(self, text: str) -> Resolved:
        t = normalise(text)
        compact = t.replace(" ", "")
        full = FULL_POSTCODE.match(t) or FULL_POSTCODE.match(compact)
        if full:
            outward, sector_digit = full.group(1), full.group(2)
            code = f"{outward} {sector_digit}{full.group(3)}"
            sector = f"{outward} {sector_digit}"
            if sector in self._sectors:
                return Resolved(code, "postcode", *self._sectors[sector], district=outward)
            if outward in self._districts:
                return Resolved(code, "postcode", *self._districts[outward], district=outward)
        elif m := SECTOR.match(t):
            if t in self._sectors:
                return Resolved(t, "sector", *self._sectors[t], district=m.group(1))
        elif DISTRICT.match(t) and t in self._districts:
            return Resolved(t, "district", *self._districts[t], district=t)
        shown = text.strip()[:12]
        raise UnknownPostcodeError(
            f"We could not find the postcode '{shown}'. "
            "Check it, or try just the first part, such as 'E15'."
        )
