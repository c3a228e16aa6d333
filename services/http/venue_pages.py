"""The public page of a school venue: its lettings conditions, rooms and free times."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.response import Template

from services.http.state import lettings_of
from services.shared.dates import check_day

DAYS_SHOWN = 14


class VenuePages(Controller):
    path = "/venues"
    include_in_schema = False

    @get("/{venue_id:uuid}", sync_to_thread=True)
    def venue(
        self, request: Request[Any, Any, Any], venue_id: UUID, start: dt.date | None = None
    ) -> Template:
        lettings = lettings_of(request)
        venue = lettings.venues.get_venue(venue_id)
        first = check_day(start, "start") if start else dt.date.today()
        last = first + dt.timedelta(days=DAYS_SHOWN - 1)
        rooms = []
        for room in venue.rooms.values():
            part_of = room.details.part_of
            rooms.append(
                {
                    "details": room.details,
                    "parent": venue.rooms[part_of].details.name if part_of else None,
                    "free": lettings.bookings.free_times(venue_id, room.id, first, last),
                }
            )
        context = {"venue": venue, "rooms": rooms, "first": first, "last": last, "errors": {}}
        return Template("venues/venue.html", context=context)
