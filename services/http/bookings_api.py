"""The JSON API for room bookings: agencies request and cancel, venues confirm, decline and
cancel; an agency's iCalendar feed and a catalogue service's sessions at venues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import JSONBody

from services.bookings.access import may_book_for
from services.bookings.application import Decided
from services.http import venue_dto as dto
from services.http import venue_responses as views
from services.http.bodies import JsonBodyController
from services.http.calendar_feeds import ics_response
from services.http.guards import AGENCY_BOOKERS, VENUE_MANAGERS, VENUE_MANAGERS_OR_AGENCY_BOOKERS
from services.http.lettings_access import acting, check_feed_reader
from services.http.query_params import refuse_unknown_query
from services.http.state import Injected
from services.runtime import Lettings


class BookingController(JsonBodyController):
    """Agency bookers request and cancel for their organisations; venue managers confirm,
    decline and cancel at their venues; admins may do both."""

    path = "/api/bookings"

    @post("/", guards=[AGENCY_BOOKERS], status_code=201)
    async def request_booking(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.BookingIn],
        lettings: Injected[Lettings],
    ) -> views.BookingRequestedView:
        details, slots = dto.booking_from(data)
        by = await sync_to_thread(acting, request)
        outcome = await sync_to_thread(
            lambda: lettings.bookings.request(details, slots, data.weekly_until, by=by)
        )
        await sync_to_thread(lettings.settle)
        booking = await sync_to_thread(lettings.bookings.get_booking, outcome.booking_id)
        return views.booking_requested_view(booking, outcome)

    @get(
        "/{booking_id:uuid}",
        guards=[VENUE_MANAGERS_OR_AGENCY_BOOKERS],
        sync_to_thread=True,
        before_request=refuse_unknown_query,
    )
    def get_booking(
        self, request: Request[Any, Any, Any], lettings: Injected[Lettings], booking_id: UUID
    ) -> views.BookingView:
        """For the booking organisation's bookers and the venue's managers."""
        return views.booking_view(lettings.bookings.booking_for(booking_id, by=acting(request)))

    @post(
        "/{booking_id:uuid}/confirm",
        guards=[VENUE_MANAGERS],
        status_code=200,
    )
    async def confirm(
        self,
        request: Request[Any, Any, Any],
        lettings: Injected[Lettings],
        booking_id: UUID,
        data: JSONBody[dto.SlotsIn | None] = None,
    ) -> views.BookingConfirmedView:
        """Confirms all pending slots (or the ones named) together; a clash is a 409 naming
        each clashing slot and the confirmed booking in its way. No body: every pending slot."""
        slots = data.slots if data else None
        by = await sync_to_thread(acting, request)
        decided = await sync_to_thread(lambda: lettings.bookings.confirm(booking_id, slots, by=by))
        await sync_to_thread(lettings.settle)
        clashing = await sync_to_thread(lettings.view.pending_clashes, booking_id)
        return views.BookingConfirmedView(
            booking=views.booking_view(decided.booking),
            confirmed=decided.slots,
            pending_requests_now_clashing=[str(b) for b in clashing],
        )

    @post("/{booking_id:uuid}/decline", guards=[VENUE_MANAGERS], status_code=200)
    async def decline(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.DeclineIn],
        lettings: Injected[Lettings],
        booking_id: UUID,
    ) -> views.BookingView:
        by = await sync_to_thread(acting, request)
        decline = lettings.bookings.decline
        return await sync_to_thread(
            _changed,
            lettings,
            lambda: decline(booking_id, data.slots, data.reason, by=by),
        )

    @post("/{booking_id:uuid}/cancel", guards=[VENUE_MANAGERS_OR_AGENCY_BOOKERS], status_code=200)
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.CancelIn],
        lettings: Injected[Lettings],
        booking_id: UUID,
    ) -> views.BookingView:
        """The venue's manager cancels for the venue; the organisation's booker for itself."""
        by = await sync_to_thread(acting, request)
        cancel = lettings.bookings.cancel
        return await sync_to_thread(
            _changed,
            lettings,
            lambda: cancel(booking_id, data.slots, data.reason, by=by),
        )

    @get("/organisations/{organisation_id:uuid}/calendar.ics", sync_to_thread=True)
    def organisation_feed(
        self,
        request: Request[Any, Any, Any],
        lettings: Injected[Lettings],
        organisation_id: UUID,
        account: UUID | None = None,
        key: str | None = None,
    ) -> Response[bytes]:
        """An agency's bookings at every venue, for its bookers (signed in or by feed key)."""
        check_feed_reader(
            request, account, key, lambda reader: may_book_for(reader, organisation_id)
        )
        found = lettings.view.bookings(organisation_id=organisation_id)
        return ics_response(lettings, "Room bookings", found)

    @get(
        "/services/{service_id:uuid}/sessions",
        sync_to_thread=True,
        before_request=refuse_unknown_query,
    )
    def sessions(
        self, lettings: Injected[Lettings], service_id: UUID
    ) -> list[views.VenueSessionView]:
        """A catalogue service's confirmed sessions at venues, for its public page."""
        return views.session_views(lettings.view.sessions_for_service(service_id))


def _changed(lettings: Lettings, change: Callable[[], Decided]) -> views.BookingView:
    """Blocking: makes the change, waits for the read models to have it, and shows the booking
    as the change saved it."""
    decided = change()
    lettings.settle()
    return views.booking_view(decided.booking)
