"""Where the venues are: a row per venue with its position, for "near a place" and the list."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.values import instant
from search.geo import degrees_within, distance_km
from services.venues.domain import Venue


class PlacesProjection(TableProjection):
    name = "places"
    tables = (
        Table(
            name="venues",
            columns={
                "id": "text",
                "name": "text",
                "lat": "real",
                "lon": "real",
                "registered_on": "text",
            },
            key=("id",),
            indexes=(("registered_on",), ("lat", "lon")),
        ),
    )
    events = (Venue.Registered, Venue.DetailsUpdated)

    def project(self, event: Any, changes: Changes) -> None:
        position = event.details.position
        row: dict[str, Any] = {
            "name": event.details.name,
            "lat": None if position is None else position.lat,
            "lon": None if position is None else position.lon,
        }
        if isinstance(event, Venue.Registered):
            row["registered_on"] = instant(event.timestamp)
        changes.upsert("venues", id=str(event.originator_id), **row)


class PlacesView:
    """Venue ids in the order they were registered, and those near a point, nearest first:
    a bounding box on the (lat, lon) index, then the exact distance for what is inside it."""

    def __init__(self, store: TableStore) -> None:
        self.store = store

    def venue_ids(self) -> list[UUID]:
        rows = self.store.rows("SELECT id FROM {venues} ORDER BY registered_on, id")
        return [UUID(id_) for (id_,) in rows]

    def venues(self) -> list[tuple[UUID, str]]:
        """Every venue's id and name, by name (for choosing one from a list)."""
        rows = self.store.rows("SELECT id, name FROM {venues} ORDER BY name, id")
        return [(UUID(id_), str(name)) for id_, name in rows]

    def near(self, lat: float, lon: float, radius_km: float) -> list[tuple[UUID, float]]:
        dlat, dlon = degrees_within(lat, radius_km)
        rows = self.store.rows(
            "SELECT id, lat, lon FROM {venues} WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            lat - dlat,
            lat + dlat,
            lon - dlon,
            lon + dlon,
        )
        found = [(UUID(id_), distance_km((lat, lon), (vlat, vlon))) for id_, vlat, vlon in rows]
        return sorted(((i, km) for i, km in found if km <= radius_km), key=lambda p: p[1])
