"""The postcode directory reads its files once, at start: later lookups never touch the disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from search.postcodes import DATA, PostcodeDirectory

_FILES = (
    "gb_postcode_districts_centroids.csv",
    "gb_postcode_sectors_centroids.csv",
    "gb_places.csv",
)


def test_a_loaded_directory_answers_postcodes_and_places_without_its_files(
    tmp_path: Path,
) -> None:
    for name in _FILES:
        shutil.copy(DATA / name, tmp_path / name)
    postcodes = PostcodeDirectory(tmp_path).load()
    for name in _FILES:
        (tmp_path / name).unlink()
    assert postcodes.resolve("E15 4BQ").district == "E15"
    assert postcodes.resolve("E15 4").kind == "sector"
    assert postcodes.resolve("SK1").kind == "district"
    assert any(place.district for place in postcodes.places.find("Stratford"))
