"""The iCalendar feeds' answer: a venue's, a room's and an agency's bookings for calendar apps."""

from __future__ import annotations

from typing import Any

from litestar import Response

from projections.ical import feed
from services.bookings.domain import Booking
from services.runtime import Lettings


def ics_response(lettings: Lettings, name: str, bookings: list[Booking]) -> Response[bytes]:
    """An iCalendar feed of the bookings (the venues' and agencies' calendars)."""

    def venue_of(b: Booking) -> Any:
        return lettings.venues.get_venue(b.details.venue_id)

    def organisation_of(b: Booking) -> str:
        return lettings.bookings.organisation_name(b.details.organisation_id)

    body = feed(name, bookings, venue_of, organisation_of=organisation_of)
    return Response(body, media_type="text/calendar")  # Litestar adds "; charset=utf-8"
