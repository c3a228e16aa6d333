"""The JSON API for school venues and room bookings, and their iCalendar feeds."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post, put
from litestar.concurrency import sync_to_thread
from litestar.exceptions import NotAuthorizedException
from litestar.params import Parameter

from projections.ical import feed
from search.postcodes import UnknownPostcodeError
from services.bookings.domain import Booking
from services.bookings.model import Slot
from services.http import venue_dto as dto
from services.http.api import read_body
from services.http.auth import is_admin, require_admin
from services.http.errors import BadRequestError
from services.runtime import Lettings, Runtime
from services.shared.errors import NotFoundError, RuleViolationError
from services.venues.model import Position

MAX_DAYS = 400
ICS = "text/calendar; charset=utf-8"


def runtime_of(request: Request[Any, Any, Any]) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def lettings_of(request: Request[Any, Any, Any]) -> Lettings:
    lettings = runtime_of(request).lettings
    if lettings is None:
        raise NotFoundError("Venues are not enabled on this server.")
    return lettings


def _actor(request: Request[Any, Any, Any]) -> str:
    return request.headers.get("x-signpost-actor", "admin")[:100] or "admin"


def _position(request: Request[Any, Any, Any], body: dto.VenueIn) -> Position | None:
    if body.position is not None:
        return Position(lat=body.position.lat, lon=body.position.lon)
    if not body.postcode:
        return None
    try:
        found = runtime_of(request).postcodes.resolve(body.postcode)
    except UnknownPostcodeError as e:
        raise RuleViolationError(str(e), field="postcode") from None
    return Position(lat=found.lat, lon=found.lon)


def _span(first: dt.date, last: dt.date) -> None:
    if last < first or (last - first).days > MAX_DAYS:
        raise BadRequestError(f"Ask for 0 to {MAX_DAYS} days, from before to.", field="to")


def _clock(text: str, field: str) -> dt.time:
    try:
        return dto.clock(text)
    except ValueError:
        raise BadRequestError(f"'{text[:10]}' is not a time such as 15:30.", field=field) from None


def _feed_guard(request: Request[Any, Any, Any], token: str | None) -> None:
    """Calendar apps cannot send headers: the admin token may come as ?token=."""
    expected = runtime_of(request).admin_token
    if is_admin(request) or (token and secrets.compare_digest(token.encode(), expected.encode())):
        return
    raise NotAuthorizedException("This feed needs the admin token (?token=... or a bearer).")


def _ics(lettings: Lettings, name: str, bookings: list[Booking]) -> Response[bytes]:
    def venue_of(b: Booking) -> Any:
        return lettings.venues.get_venue(b.details.venue_id)

    return Response(feed(name, bookings, venue_of), media_type=ICS)


class VenueController(Controller):
    path = "/api/venues"

    @post("/", guards=[require_admin], status_code=201)
    async def register(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        body = await read_body(request, dto.VenueIn)
        details = dto.venue_details_from(body, _position(request, body))
        venues = lettings_of(request).venues
        venue_id = await sync_to_thread(venues.register_venue, details, actor=_actor(request))
        return dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))

    @get("/{venue_id:uuid}", sync_to_thread=True)
    def get_venue(self, request: Request[Any, Any, Any], venue_id: UUID) -> dict[str, Any]:
        return dto.venue_view(lettings_of(request).venues.get_venue(venue_id))

    @put("/{venue_id:uuid}", guards=[require_admin])
    async def update(self, request: Request[Any, Any, Any], venue_id: UUID) -> dict[str, Any]:
        body = await read_body(request, dto.VenueIn)
        details = dto.venue_details_from(body, _position(request, body))
        venues = lettings_of(request).venues
        await sync_to_thread(venues.update_venue, venue_id, details, actor=_actor(request))
        return dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))

    @put("/{venue_id:uuid}/rooms/{room_id:uuid}", guards=[require_admin])
    async def update_room(
        self, request: Request[Any, Any, Any], venue_id: UUID, room_id: UUID
    ) -> dict[str, Any]:
        body = await read_body(request, dto.RoomIn)
        venues = lettings_of(request).venues
        details = dto.room_details_from(body)
        await sync_to_thread(venues.update_room, venue_id, room_id, details, actor=_actor(request))
        return dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))

    @put("/{venue_id:uuid}/calendar", guards=[require_admin])
    async def set_calendar(self, request: Request[Any, Any, Any], venue_id: UUID) -> dict[str, Any]:
        body = await read_body(request, dto.CalendarIn)
        venues = lettings_of(request).venues
        calendar = dto.calendar_from(body)
        await sync_to_thread(venues.set_calendar, venue_id, calendar, actor=_actor(request))
        return dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))

    @post("/{venue_id:uuid}/calendar/import", guards=[require_admin], status_code=200)
    async def import_calendar(
        self, request: Request[Any, Any, Any], venue_id: UUID
    ) -> dict[str, Any]:
        """Term dates from an iCalendar file (send it as text/calendar)."""
        body = await request.body()
        venues = lettings_of(request).venues
        try:
            await sync_to_thread(venues.import_calendar, venue_id, body, actor=_actor(request))
        except ValueError as e:
            raise BadRequestError(f"Not an iCalendar file: {e}") from None
        return dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))

    @post("/{venue_id:uuid}/rooms", guards=[require_admin], status_code=201)
    async def add_room(self, request: Request[Any, Any, Any], venue_id: UUID) -> dict[str, Any]:
        body = await read_body(request, dto.RoomIn)
        venues = lettings_of(request).venues
        details = dto.room_details_from(body)
        room_id = await sync_to_thread(venues.add_room, venue_id, details, actor=_actor(request))
        view = dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))
        view["room_id"] = str(room_id)
        return view

    @put("/{venue_id:uuid}/rooms/{room_id:uuid}/availability", guards=[require_admin])
    async def set_availability(
        self, request: Request[Any, Any, Any], venue_id: UUID, room_id: UUID
    ) -> dict[str, Any]:
        body = await read_body(request, dto.AvailabilityIn)
        venues = lettings_of(request).venues
        rules = dto.rules_from(body)
        await sync_to_thread(
            venues.set_availability, venue_id, room_id, rules, actor=_actor(request)
        )
        return dto.venue_view(await sync_to_thread(venues.get_venue, venue_id))

    @get("/{venue_id:uuid}/rooms/{room_id:uuid}/free", sync_to_thread=True)
    def free(
        self,
        request: Request[Any, Any, Any],
        venue_id: UUID,
        room_id: UUID,
        first: Annotated[dt.date, Parameter(query="from")],
        last: Annotated[dt.date, Parameter(query="to")],
    ) -> list[dict[str, Any]]:
        """When the room may be let and nothing confirmed is in the way, day by day."""
        _span(first, last)
        free = lettings_of(request).bookings.free_times(venue_id, room_id, first, last)
        return [
            {"day": f.day.isoformat(), "starts": f"{f.starts:%H:%M}", "ends": f"{f.ends:%H:%M}"}
            for f in free
        ]

    @get("/free-rooms", sync_to_thread=True)
    def free_rooms(
        self,
        request: Request[Any, Any, Any],
        postcode: str,
        day: dt.date,
        starts: str,
        ends: str,
        capacity: Annotated[int, Parameter(ge=1)] = 1,
        radius_km: Annotated[float, Parameter(gt=0, le=50)] = 5.0,
    ) -> list[dict[str, Any]]:
        """Rooms near a postcode that hold `capacity` people and are free for the slot."""
        try:
            where = runtime_of(request).postcodes.resolve(postcode)
        except UnknownPostcodeError as e:
            raise BadRequestError(str(e), field="postcode") from None
        lettings = lettings_of(request)
        slot = Slot(day=day, starts=_clock(starts, "starts"), ends=_clock(ends, "ends"))
        found: list[dict[str, Any]] = []
        for venue, km in lettings.venues.venues_near(where.lat, where.lon, radius_km):
            for room in venue.rooms.values():
                if room.details.capacity < capacity:
                    continue
                if lettings.bookings.slot_is_free(venue, room.id, slot):
                    found.append(
                        {
                            "venue_id": str(venue.id),
                            "venue_name": venue.details.name,
                            "room_id": str(room.id),
                            "room_name": room.details.name,
                            "capacity": room.details.capacity,
                            "distance_km": round(km, 2),
                        }
                    )
        return found

    @get("/{venue_id:uuid}/bookings", guards=[require_admin], sync_to_thread=True)
    def bookings(self, request: Request[Any, Any, Any], venue_id: UUID) -> list[dict[str, Any]]:
        lettings = lettings_of(request)
        lettings.venues.get_venue(venue_id)
        return [dto.booking_view(b) for b in lettings.view.bookings(venue_id=venue_id)]

    @get("/{venue_id:uuid}/calendar.ics", sync_to_thread=True)
    def venue_feed(
        self, request: Request[Any, Any, Any], venue_id: UUID, token: str | None = None
    ) -> Response[bytes]:
        _feed_guard(request, token)
        lettings = lettings_of(request)
        venue = lettings.venues.get_venue(venue_id)
        return _ics(lettings, venue.details.name, lettings.view.bookings(venue_id=venue_id))

    @get("/{venue_id:uuid}/rooms/{room_id:uuid}/calendar.ics", sync_to_thread=True)
    def room_feed(
        self,
        request: Request[Any, Any, Any],
        venue_id: UUID,
        room_id: UUID,
        token: str | None = None,
    ) -> Response[bytes]:
        """The room's own bookings and those of the spaces that block it (its hall, halves)."""
        _feed_guard(request, token)
        lettings = lettings_of(request)
        venue = lettings.venues.get_venue(venue_id)
        name = f"{venue.room(room_id).details.name}, {venue.details.name}"
        spaces = venue.clashing_spaces(room_id)
        return _ics(lettings, name, lettings.view.bookings(venue_id=venue_id, room_ids=spaces))


class BookingController(Controller):
    """Agencies request and cancel; the venue manager (admin token) confirms, declines, cancels.

    Interim, until accounts exist: a booker names its organisation id in the request body (or
    `organisation_id` on reads); nothing checks that the caller belongs to that organisation.
    """

    path = "/api/bookings"

    @post("/", status_code=201)
    async def request_booking(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        body = await read_body(request, dto.BookingIn)
        details, slots = dto.booking_from(body)
        lettings = lettings_of(request)
        actor = f"organisation:{body.organisation_id}"
        if body.weekly_until is not None:
            if len(slots) != 1:
                raise BadRequestError("A weekly series starts from one slot.", field="slots")
            outcome = await sync_to_thread(
                lettings.bookings.request_series, details, slots[0], body.weekly_until, actor=actor
            )
        else:
            outcome = await sync_to_thread(
                lettings.bookings.request_booking, details, slots, actor=actor
            )
        booking = await sync_to_thread(lettings.bookings.get_booking, outcome.booking_id)
        return {
            "booking": dto.booking_view(booking),
            "conflicts": dto.conflicts_view(outcome.conflicts),
            "skipped": [d.isoformat() for d in outcome.skipped],
        }

    @get("/{booking_id:uuid}", sync_to_thread=True)
    def get_booking(
        self,
        request: Request[Any, Any, Any],
        booking_id: UUID,
        organisation_id: UUID | None = None,
    ) -> dict[str, Any]:
        booking = lettings_of(request).bookings.get_booking(booking_id)
        if not is_admin(request) and booking.details.organisation_id != organisation_id:
            raise NotFoundError(f"No booking {booking_id} for this organisation.")
        return dto.booking_view(booking)

    @post("/{booking_id:uuid}/confirm", guards=[require_admin], status_code=200)
    async def confirm(self, request: Request[Any, Any, Any], booking_id: UUID) -> dict[str, Any]:
        """Confirms all pending slots (or the ones named) together; a clash is a 409 naming
        each clashing slot and the confirmed booking in its way."""
        body = await _optional_body(request, dto.SlotsIn)
        lettings = lettings_of(request)
        confirmed = await sync_to_thread(
            lettings.bookings.confirm_booking, booking_id, body.slots, actor=_actor(request)
        )
        clashing = await sync_to_thread(lettings.view.pending_clashes, booking_id)
        booking = await sync_to_thread(lettings.bookings.get_booking, booking_id)
        return {
            "booking": dto.booking_view(booking),
            "confirmed": confirmed,
            "pending_requests_now_clashing": [str(b) for b in clashing],
        }

    @post("/{booking_id:uuid}/decline", guards=[require_admin], status_code=200)
    async def decline(self, request: Request[Any, Any, Any], booking_id: UUID) -> dict[str, Any]:
        body = await read_body(request, dto.DeclineIn)
        bookings = lettings_of(request).bookings
        await sync_to_thread(
            bookings.decline_booking, booking_id, body.slots, body.reason, actor=_actor(request)
        )
        return dto.booking_view(await sync_to_thread(bookings.get_booking, booking_id))

    @post("/{booking_id:uuid}/cancel", status_code=200)
    async def cancel(self, request: Request[Any, Any, Any], booking_id: UUID) -> dict[str, Any]:
        """The venue manager (admin token) or the booking organisation (its id) cancels."""
        body = await read_body(request, dto.CancelIn)
        bookings = lettings_of(request).bookings
        if is_admin(request):
            await sync_to_thread(
                bookings.cancel_by_venue, booking_id, body.slots, body.reason, actor=_actor(request)
            )
        elif body.organisation_id is not None:
            org = body.organisation_id
            await sync_to_thread(
                bookings.cancel_by_booker,
                booking_id,
                org,
                body.slots,
                body.reason,
                actor=f"organisation:{org}",
            )
        else:
            raise NotAuthorizedException("Name the booking organisation, or use the admin token.")
        return dto.booking_view(await sync_to_thread(bookings.get_booking, booking_id))

    @get("/organisations/{organisation_id:uuid}/calendar.ics", sync_to_thread=True)
    def organisation_feed(
        self, request: Request[Any, Any, Any], organisation_id: UUID
    ) -> Response[bytes]:
        """An agency's bookings at every venue (interim: the organisation id is the key)."""
        lettings = lettings_of(request)
        found = lettings.view.bookings(organisation_id=organisation_id)
        return _ics(lettings, "Room bookings", found)

    @get("/services/{service_id:uuid}/sessions", sync_to_thread=True)
    def sessions(self, request: Request[Any, Any, Any], service_id: UUID) -> list[dict[str, Any]]:
        """A catalogue service's confirmed sessions at venues, for its public page."""
        return dto.sessions_view(lettings_of(request).view.sessions_for_service(service_id))


async def _optional_body(request: Request[Any, Any, Any], cls: type[dto.SlotsIn]) -> dto.SlotsIn:
    if not await request.body():
        return cls()
    return await read_body(request, cls)
