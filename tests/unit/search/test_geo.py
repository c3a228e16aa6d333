"""One distance and one postcode district for the whole directory (search.geo)."""

from __future__ import annotations

import math

import msgspec
import pytest

from search.geo import EARTH_RADIUS_KM, Position, degrees_within, distance_km, district_of

# The districts' centres (search/data/gb_postcode_districts_centroids.csv).
E15 = (51.53823, 0.00023)  # Stratford, London
CV37 = (52.18622, -1.71566)  # Stratford-upon-Avon


def test_stratford_to_stratford_upon_avon_is_about_86_miles() -> None:
    km = distance_km(E15, CV37)
    assert km == pytest.approx(138.11, abs=0.01)
    assert km / 1.609344 == pytest.approx(85.8, abs=0.05)
    assert distance_km(CV37, E15) == pytest.approx(km)
    assert distance_km(E15, E15) == 0


def test_distance_is_measured_on_the_mean_earth_radius() -> None:
    assert EARTH_RADIUS_KM == 6371.0088
    assert distance_km((0, 0), (90, 0)) == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM)
    assert distance_km((51.5, 0), (52.5, 0)) == pytest.approx(111.195, abs=0.001)


def test_the_box_around_a_point_holds_everything_within_the_distance() -> None:
    dlat, dlon = degrees_within(E15[0], 3)
    assert distance_km(E15, (E15[0] + dlat, E15[1])) == pytest.approx(3)
    assert distance_km(E15, (E15[0], E15[1] + dlon)) == pytest.approx(3)
    assert dlon > dlat  # a degree of longitude is shorter away from the equator


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("e15 4bq", "E15"),
        ("E154BQ", "E15"),
        ("  sw1a  1aa ", "SW1A"),
        ("E15 4", "E15"),
        ("M1", "M1"),
        ("cv37", "CV37"),
        ("", None),
        ("Stratford", None),
        ("020 7946 0000", None),
    ],
)
def test_the_district_of_a_postcode_sector_or_district_and_of_nothing_else(
    text: str, district: str | None
) -> None:
    assert district_of(text) == district


def test_a_position_out_of_range_is_refused_and_stored_as_lat_and_lon() -> None:
    position = Position(51.5, -0.1)
    assert msgspec.json.encode(position) == b'{"lat":51.5,"lon":-0.1}'
    assert msgspec.json.decode(b'{"lat":51.5,"lon":-0.1}', type=Position) == position
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"lat":91,"lon":0}', type=Position)
