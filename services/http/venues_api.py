"""The JSON API for school venues, their rooms and free times, and their iCalendar feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get, post, put
from litestar.concurrency import sync_to_thread
from litestar.params import JSONBody, Parameter, QueryParameter

from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.bookings.model import Slot
from services.http import venue_dto as dto
from services.http import venue_responses as views
from services.http.bodies import JsonBodyController
from services.http.calendar_feeds import ics_response
from services.http.errors import BadRequestError
from services.http.guards import (
    ADMINS,
    VENUE_MANAGERS,
)
from services.http.lettings_access import acting, check_feed_reader
from services.http.query_params import refuse_unknown_query
from services.http.room_finder import free_rooms_near
from services.http.state import Injected
from services.runtime import Lettings
from services.shared.dates import check_day
from services.shared.errors import RuleViolationError
from services.venues.access import may_manage
from services.venues.domain import Venue
from services.venues.model import Position

MAX_DAYS = 400
ICS = "text/calendar; charset=utf-8"


def _position(postcodes: PostcodeDirectory, body: dto.VenueIn) -> Position | None:
    if body.position is not None:
        return Position(lat=body.position.lat, lon=body.position.lon)
    if not body.postcode:
        return None
    try:
        found = postcodes.resolve(body.postcode)
    except UnknownPostcodeError as e:
        raise RuleViolationError(str(e), field="postcode") from None
    return Position(lat=found.lat, lon=found.lon)


def _day(day: dt.date, field: str) -> dt.date:
    """A day asked for in a parameter: out of range (check_day's words) is a 400, not a 422."""
    try:
        return check_day(day, field)
    except RuleViolationError as e:
        raise BadRequestError(e.message, field=e.field) from None


def _span(first: dt.date, last: dt.date) -> None:
    _day(first, "from")
    _day(last, "to")
    if last < first or (last - first).days > MAX_DAYS:
        raise BadRequestError(f"Ask for 0 to {MAX_DAYS} days, from before to.", field="to")


def _slot(day: dt.date, starts: str, ends: str) -> Slot:
    slot = Slot(day=_day(day, "day"), starts=_clock(starts, "starts"), ends=_clock(ends, "ends"))
    if slot.ends <= slot.starts:
        raise BadRequestError("The slot must end after it starts.", field="ends")
    return slot


def _clock(text: str, field: str) -> dt.time:
    try:
        return dto.clock(text)
    except ValueError:
        raise BadRequestError(f"'{text[:10]}' is not a time such as 15:30.", field=field) from None


class VenueController(JsonBodyController):
    path = "/api/venues"

    @post("/", guards=[ADMINS], status_code=201)
    async def register(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.VenueIn],
        lettings: Injected[Lettings],
        postcodes: Injected[PostcodeDirectory],
    ) -> views.VenueView:
        details = dto.venue_details_from(data, _position(postcodes, data))
        venues = lettings.venues
        return await _settled(lettings, lambda: venues.register_venue(details, by=acting(request)))

    @get("/{venue_id:uuid}", sync_to_thread=True, before_request=refuse_unknown_query)
    def get_venue(self, lettings: Injected[Lettings], venue_id: UUID) -> views.VenueView:
        return views.venue_view(lettings.venues.get_venue(venue_id))

    @put("/{venue_id:uuid}", guards=[VENUE_MANAGERS])
    async def update(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.VenueIn],
        lettings: Injected[Lettings],
        postcodes: Injected[PostcodeDirectory],
        venue_id: UUID,
    ) -> views.VenueView:
        details = dto.venue_details_from(data, _position(postcodes, data))
        venues = lettings.venues
        return await _settled(
            lettings, lambda: venues.update_venue(venue_id, details, by=acting(request))
        )

    @put("/{venue_id:uuid}/rooms/{room_id:uuid}", guards=[VENUE_MANAGERS])
    async def update_room(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.RoomIn],
        lettings: Injected[Lettings],
        venue_id: UUID,
        room_id: UUID,
    ) -> views.VenueView:
        details = dto.room_details_from(data)
        venues = lettings.venues
        venue = await sync_to_thread(
            lambda: venues.update_room(venue_id, room_id, details, by=acting(request))
        )
        return views.venue_view(venue)

    @put("/{venue_id:uuid}/calendar", guards=[VENUE_MANAGERS])
    async def set_calendar(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.CalendarIn],
        lettings: Injected[Lettings],
        venue_id: UUID,
    ) -> views.VenueView:
        calendar = dto.calendar_from(data)
        venues = lettings.venues
        venue = await sync_to_thread(
            lambda: venues.set_calendar(venue_id, calendar, by=acting(request))
        )
        return views.venue_view(venue)

    @post(
        "/{venue_id:uuid}/calendar/import",
        guards=[VENUE_MANAGERS],
        status_code=200,
        opt={"body": ICS},
    )
    async def import_calendar(
        self, request: Request[Any, Any, Any], lettings: Injected[Lettings], venue_id: UUID
    ) -> views.VenueView:
        """Term dates from an iCalendar file (send it as text/calendar)."""
        body = await request.body()
        venues = lettings.venues
        try:
            venue = await sync_to_thread(
                lambda: venues.import_calendar(venue_id, body, by=acting(request))
            )
        except ValueError as e:
            raise BadRequestError(f"Not an iCalendar file: {e}", field="calendar") from None
        return views.venue_view(venue)

    @post("/{venue_id:uuid}/rooms", guards=[VENUE_MANAGERS], status_code=201)
    async def add_room(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.RoomIn],
        lettings: Injected[Lettings],
        venue_id: UUID,
    ) -> views.VenueWithRoomView:
        details = dto.room_details_from(data)
        venues = lettings.venues

        def add() -> views.VenueWithRoomView:
            return views.venue_with_room_view(
                *venues.add_room(venue_id, details, by=acting(request))
            )

        return await sync_to_thread(add)

    @put("/{venue_id:uuid}/rooms/{room_id:uuid}/availability", guards=[VENUE_MANAGERS])
    async def set_availability(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.AvailabilityIn],
        lettings: Injected[Lettings],
        venue_id: UUID,
        room_id: UUID,
    ) -> views.VenueView:
        rules = dto.rules_from(data)
        venues = lettings.venues
        venue = await sync_to_thread(
            lambda: venues.set_availability(venue_id, room_id, rules, by=acting(request))
        )
        return views.venue_view(venue)

    @get(
        "/{venue_id:uuid}/rooms/{room_id:uuid}/free",
        sync_to_thread=True,
        before_request=refuse_unknown_query,
    )
    def free(
        self,
        lettings: Injected[Lettings],
        venue_id: UUID,
        room_id: UUID,
        first: Annotated[dt.date, QueryParameter(name="from")],
        last: Annotated[dt.date, QueryParameter(name="to")],
    ) -> list[views.FreeTimeView]:
        """When the room may be let and nothing confirmed is in the way, day by day."""
        _span(first, last)
        free = lettings.bookings.free_times(venue_id, room_id, first, last)
        return [views.free_time_view(f) for f in free]

    @get("/free-rooms", sync_to_thread=True, before_request=refuse_unknown_query)
    def free_rooms(
        self,
        lettings: Injected[Lettings],
        postcodes: Injected[PostcodeDirectory],
        postcode: str,
        day: dt.date,
        starts: str,
        ends: str,
        capacity: Annotated[int, Parameter(ge=1)] = 1,
        radius_km: Annotated[float, Parameter(gt=0, le=50)] = 5.0,
        facilities: list[str] | None = None,
    ) -> list[views.FreeRoomView]:
        """Rooms near a postcode that hold `capacity` people and are free for the slot."""
        try:
            where = postcodes.resolve(postcode)
        except UnknownPostcodeError as e:
            raise BadRequestError(str(e), field="postcode") from None
        found = free_rooms_near(
            lettings,
            where.lat,
            where.lon,
            _slot(day, starts, ends),
            capacity=capacity,
            radius_km=radius_km,
            facilities=tuple(facilities or ()),
        )
        return [views.FreeRoomView(**room) for room in found]

    @get(
        "/{venue_id:uuid}/bookings",
        guards=[VENUE_MANAGERS],
        sync_to_thread=True,
        before_request=refuse_unknown_query,
    )
    def bookings(
        self, request: Request[Any, Any, Any], lettings: Injected[Lettings], venue_id: UUID
    ) -> list[views.BookingView]:
        lettings.venues.managed_venue(venue_id, by=acting(request))
        return [views.booking_view(b) for b in lettings.view.bookings(venue_id=venue_id)]

    @get("/{venue_id:uuid}/calendar.ics", sync_to_thread=True)
    def venue_feed(
        self,
        request: Request[Any, Any, Any],
        lettings: Injected[Lettings],
        venue_id: UUID,
        account: UUID | None = None,
        key: str | None = None,
    ) -> Response[bytes]:
        """For the venue's managers: signed in, or by the address with their feed key."""
        check_feed_reader(request, account, key, lambda reader: may_manage(reader, venue_id))
        venue = lettings.venues.get_venue(venue_id)
        return ics_response(lettings, venue.details.name, lettings.view.bookings(venue_id=venue_id))

    @get("/{venue_id:uuid}/rooms/{room_id:uuid}/calendar.ics", sync_to_thread=True)
    def room_feed(
        self,
        request: Request[Any, Any, Any],
        lettings: Injected[Lettings],
        venue_id: UUID,
        room_id: UUID,
        account: UUID | None = None,
        key: str | None = None,
    ) -> Response[bytes]:
        """The room's own bookings and those of the spaces that block it (its hall, halves)."""
        check_feed_reader(request, account, key, lambda reader: may_manage(reader, venue_id))
        venue = lettings.venues.get_venue(venue_id)
        name = f"{venue.room(room_id).details.name}, {venue.details.name}"
        spaces = venue.clashing_spaces(room_id)
        return ics_response(
            lettings, name, lettings.view.bookings(venue_id=venue_id, room_ids=spaces)
        )


async def _settled(lettings: Lettings, change: Callable[[], Venue]) -> views.VenueView:
    """Makes the change, waits for the read models to have it, and shows the venue as saved."""

    def blocking() -> views.VenueView:
        venue = change()
        lettings.settle()
        return views.venue_view(venue)

    return await sync_to_thread(blocking)
