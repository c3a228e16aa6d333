"""The venue manager's pages: their venues, rooms and availability, requests, and calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from services.accounts.domain import Role
from services.bookings.model import SlotState
from services.http.auth import csrf_protected
from services.http.guards import VENUE_MANAGERS
from services.http.lettings_access import acting, feed_url
from services.http.pages.lettings.calendar import Period, lets_by_day, period_of
from services.http.pages.lettings.setup_forms import describe_rule
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.state import Injected
from services.runtime import Lettings
from services.settings import Settings
from services.shared.dates import check_day
from services.shared.errors import SignpostError
from services.venues.domain import Venue


def _venue(request: AnyRequest, lettings: Lettings, venue_id: UUID) -> Venue:
    """Blocking: the venue (404 if unknown) if the signed-in account manages it (else 403)."""
    return lettings.venues.managed_venue(venue_id, by=acting(request))


def _feeds(request: AnyRequest, base: str, secret: str, venue: Venue) -> dict[str, str]:
    """The calendar-app addresses of the venue and its rooms, keyed for this account."""
    me = principal(request)
    if me.account_id is None:
        return {}
    path = f"/api/venues/{venue.id}/calendar.ics"
    feeds = {"Whole venue": base + feed_url(secret, me.account_id, path)}
    for room in venue.rooms.values():
        path = f"/api/venues/{venue.id}/rooms/{room.id}/calendar.ics"
        feeds[room.details.name] = base + feed_url(secret, me.account_id, path)
    return feeds


def _requests(lettings: Lettings, venue: Venue) -> dict[str, Any]:
    """Blocking: every request, newest first, each with what the manager weighs before
    deciding (who, for what, declarations, clashes in words)."""
    bookings = sorted(
        lettings.view.bookings(venue_id=venue.id), key=lambda b: b.created_on, reverse=True
    )
    live = (SlotState.PENDING, SlotState.CONFIRMED)
    reviews = {
        b.id: lettings.bookings.review(b) for b in bookings if any(s in live for s in b.states)
    }
    return {"venue": venue, "bookings": bookings, "reviews": reviews, "rooms": _rooms(venue)}


def _rooms(venue: Venue) -> dict[UUID, str]:
    return {r.id: r.details.name for r in venue.rooms.values()}


class ManagerPages(Controller):
    path = "/staff/venues"
    include_in_schema = False
    guards = (VENUE_MANAGERS,)

    @get("/", sync_to_thread=True)
    def mine(
        self, request: AnyRequest, lettings: Injected[Lettings], message: str | None = None
    ) -> Template:
        me = principal(request)
        ids = lettings.places.venue_ids() if Role.ADMIN in me.roles else list(me.venues)
        venues = []
        for venue_id in ids:
            try:
                venues.append(lettings.venues.get_venue(venue_id))
            except SignpostError:
                continue  # linked to a venue not registered (yet)
        context = {"venues": venues, "is_admin": Role.ADMIN in me.roles, "message": message}
        return page(request, "lettings/venues.html", context)

    @get("/{venue_id:uuid}", sync_to_thread=True)
    def venue(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        settings: Injected[Settings],
        feed_secret: Injected[str],
        venue_id: UUID,
        message: str | None = None,
    ) -> Template:
        venue = _venue(request, lettings, venue_id)
        names = _rooms(venue)
        rooms = [
            {
                "room": r,
                "parent": names.get(r.details.part_of) if r.details.part_of else None,
                "rules": [describe_rule(rule) for rule in r.availability],
            }
            for r in venue.rooms.values()
        ]
        context = {
            "venue": venue,
            "rooms": rooms,
            "feeds": _feeds(request, settings.link_base(), feed_secret, venue),
        }
        context["message"] = message
        return page(request, "lettings/venue.html", context)

    @get("/{venue_id:uuid}/requests", sync_to_thread=True)
    def requests(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        venue_id: UUID,
        message: str | None = None,
        failed: bool = False,
    ) -> Template:
        context = _requests(lettings, _venue(request, lettings, venue_id))
        context.update(message=message, failed=failed)
        return page(request, "lettings/requests.html", context)

    @post("/{venue_id:uuid}/bookings/{booking_id:uuid}/confirm", guards=[csrf_protected])
    async def confirm(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID, booking_id: UUID
    ) -> Redirect:
        await sync_to_thread(_venue, request, lettings, venue_id)
        booking = await sync_to_thread(lettings.bookings.get_booking, booking_id)
        if booking.details.venue_id != venue_id:
            return _back(venue_id, "That request is for another venue.", failed=True)
        by = await sync_to_thread(acting, request)
        try:
            await sync_to_thread(lambda: lettings.bookings.confirm(booking_id, None, by=by))
        except SignpostError as e:
            return _back(venue_id, e.message, failed=True)
        await sync_to_thread(lettings.settle)
        clashing = await sync_to_thread(lettings.view.pending_clashes, booking_id)
        note = "Confirmed."
        if clashing:
            note += f" {len(clashing)} other pending request(s) now clash with it: decline them."
        return _back(venue_id, note)

    @post("/{venue_id:uuid}/bookings/{booking_id:uuid}/decline", guards=[csrf_protected])
    async def decline(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID, booking_id: UUID
    ) -> Redirect:
        await sync_to_thread(_venue, request, lettings, venue_id)
        form = await request.form()
        bookings = lettings.bookings
        booking = await sync_to_thread(bookings.get_booking, booking_id)
        if booking.details.venue_id != venue_id:
            return _back(venue_id, "That request is for another venue.", failed=True)
        reason = str(form.get("reason") or "").strip()[:300]
        if not reason:
            return _back(venue_id, "Give a reason for declining.", failed=True)
        by = await sync_to_thread(acting, request)
        try:
            await sync_to_thread(lambda: bookings.decline(booking_id, None, reason, by=by))
        except SignpostError as e:
            return _back(venue_id, e.message, failed=True)
        await sync_to_thread(lettings.settle)
        return _back(venue_id, "Declined.")

    @post("/{venue_id:uuid}/bookings/{booking_id:uuid}/cancel", guards=[csrf_protected])
    async def cancel(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID, booking_id: UUID
    ) -> Redirect:
        """Cancels the chosen confirmed sessions (all, if none is chosen), with a reason."""
        await sync_to_thread(_venue, request, lettings, venue_id)
        form = await request.form()
        bookings = lettings.bookings
        booking = await sync_to_thread(bookings.get_booking, booking_id)
        if booking.details.venue_id != venue_id:
            return _back(venue_id, "That booking is for another venue.", failed=True)
        reason = str(form.get("reason") or "").strip()[:300]
        if not reason:
            return _back(venue_id, "Give the hirer a reason for cancelling.", failed=True)
        try:
            chosen = [int(str(v)) for v in form.getall("slots", [])] or None
        except ValueError:
            return _back(venue_id, "Choose the sessions to cancel.", failed=True)
        by = await sync_to_thread(acting, request)
        try:
            done = await sync_to_thread(lambda: bookings.cancel(booking_id, chosen, reason, by=by))
        except SignpostError as e:
            return _back(venue_id, e.message, failed=True)
        await sync_to_thread(lettings.settle)
        return _back(
            venue_id, f"Cancelled {len(done.slots)} session(s). The hirer sees your reason."
        )

    @get("/{venue_id:uuid}/calendar", sync_to_thread=True)
    def calendar(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        venue_id: UUID,
        view: str = "week",
        start: dt.date | None = None,
    ) -> Template:
        venue = _venue(request, lettings, venue_id)
        period: Period = period_of(view, check_day(start, "start") if start else dt.date.today())
        found = lettings.view.bookings(venue_id=venue_id)
        rooms = _rooms(venue)
        days = lets_by_day(found, period, rooms, venue.calendar, venue.details.nation)
        context = {"venue": venue, "period": period, "days": days, "rooms": rooms}
        return page(request, "lettings/calendar.html", context)


def _back(venue_id: UUID, message: str, *, failed: bool = False) -> Redirect:
    url = f"/staff/venues/{venue_id}/requests?message={quote(message)}"
    return Redirect(url + ("&failed=true" if failed else ""), status_code=303)
