"""Rooms near a place that hold enough people, have the facilities asked for and are free."""

from __future__ import annotations

from typing import Any

from services.bookings.model import Slot
from services.runtime import Lettings


def free_rooms_near(
    lettings: Lettings,
    lat: float,
    lon: float,
    slot: Slot,
    *,
    capacity: int = 1,
    radius_km: float = 5.0,
    facilities: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Nearest first: each room with its venue and the distance in kilometres."""
    wanted = {f.strip().lower() for f in facilities if f.strip()}
    found: list[dict[str, Any]] = []
    for venue_id, km in lettings.places.near(lat, lon, radius_km):
        venue = lettings.venues.get_venue(venue_id)
        for room in venue.rooms.values():
            if room.details.capacity < capacity:
                continue
            if not wanted <= {f.lower() for f in room.details.facilities}:
                continue
            if lettings.bookings.slot_is_free(venue, room.id, slot):
                found.append(
                    {
                        "venue_id": str(venue.id),
                        "venue_name": venue.details.name,
                        "room_id": str(room.id),
                        "room_name": room.details.name,
                        "capacity": room.details.capacity,
                        "facilities": list(room.details.facilities),
                        "distance_km": round(km, 2),
                    }
                )
    return sorted(found, key=lambda r: r["distance_km"])
