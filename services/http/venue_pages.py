"""The public page of a school venue: its lettings conditions, rooms and free times."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from litestar import Controller, get
from litestar.response import Template

from services.http.state import Injected
from services.runtime import Lettings
from services.shared.dates import check_day
from services.venues.opening import day_note

DAYS_SHOWN = 14


class VenuePages(Controller):
    path = "/venues"
    include_in_schema = False

    @get("/{venue_id:uuid}", sync_to_thread=True)
    def venue(
        self, lettings: Injected[Lettings], venue_id: UUID, start: dt.date | None = None
    ) -> Template:
        venue = lettings.venues.get_venue(venue_id)
        first = check_day(start, "start") if start else dt.date.today()
        last = first + dt.timedelta(days=DAYS_SHOWN - 1)
        names = {r.id: r.details.name for r in venue.rooms.values()}
        rooms = [
            {
                "details": r.details,
                "parent": names.get(r.details.part_of) if r.details.part_of else None,
            }
            for r in venue.rooms.values()
        ]
        free = {
            r.id: lettings.bookings.free_times(venue_id, r.id, first, last)
            for r in venue.rooms.values()
        }
        days = []
        for n in range(DAYS_SHOWN):
            on = first + dt.timedelta(days=n)
            times = [
                (names[room_id], [f for f in found if f.day == on])
                for room_id, found in free.items()
            ]
            days.append(
                {
                    "day": on,
                    "note": day_note(on, venue.calendar, venue.details.nation),
                    "rooms": [(name, f) for name, f in times if f],
                }
            )
        context = {
            "venue": venue,
            "rooms": rooms,
            "days": days,
            "first": first,
            "last": last,
            "earlier": first - dt.timedelta(days=DAYS_SHOWN),
            "later": last + dt.timedelta(days=1),
            "errors": {},
        }
        return Template("venues/venue.html", context=context)
