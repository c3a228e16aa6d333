"""Server-rendered pages for venue managers: the venue with free times, and its requests."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import UUID

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Controller, Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.exceptions import NotAuthorizedException
from litestar.response import Redirect

from services.bookings.model import SlotState
from services.http.auth import is_admin
from services.http.venues_api import lettings_of, runtime_of
from services.shared.errors import ConflictError, RuleViolationError

_jinja = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
DAYS_SHOWN = 14


def _html(template: str, **context: Any) -> Response[str]:
    return Response(_jinja.get_template(template).render(**context), media_type="text/html")


def _manager(request: Request[Any, Any, Any], token: str | None) -> str:
    """The interim admin token, from the bearer header or the page's ?token= / form field."""
    expected = runtime_of(request).admin_token
    if is_admin(request) or (token and secrets.compare_digest(token.encode(), expected.encode())):
        return expected
    raise NotAuthorizedException("This page needs the admin token.")


class VenuePages(Controller):
    path = "/venues"

    @get("/{venue_id:uuid}", sync_to_thread=True)
    def venue(
        self, request: Request[Any, Any, Any], venue_id: UUID, start: dt.date | None = None
    ) -> Response[str]:
        lettings = lettings_of(request)
        venue = lettings.venues.get_venue(venue_id)
        first = start or dt.date.today()
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
        return _html("venues/venue.html", venue=venue, rooms=rooms, first=first, last=last)

    @get("/{venue_id:uuid}/requests", sync_to_thread=True)
    def requests(
        self,
        request: Request[Any, Any, Any],
        venue_id: UUID,
        token: str | None = None,
        message: str | None = None,
        failed: bool = False,
    ) -> Response[str]:
        """Every request, newest first; pending slots show the confirmed booking they meet."""
        key = _manager(request, token)
        lettings = lettings_of(request)
        venue = lettings.venues.get_venue(venue_id)
        bookings = sorted(
            lettings.view.bookings(venue_id=venue_id), key=lambda b: b.created_on, reverse=True
        )
        clashes: dict[tuple[UUID, int], UUID] = {}
        for b in bookings:
            pending = [i for i, st in enumerate(b.states) if st == SlotState.PENDING]
            if not pending:
                continue
            found = lettings.bookings.conflicts(venue, b.details.room_id, b.slots)
            for c in found:
                if c.slot in pending:
                    clashes[(b.id, c.slot)] = c.conflicting_booking_id
        rooms = {r.id: r.details.name for r in venue.rooms.values()}
        return _html(
            "venues/manage.html",
            venue=venue,
            bookings=bookings,
            rooms=rooms,
            clashes=clashes,
            token=key,
            message=message,
            failed=failed,
        )

    @post("/{venue_id:uuid}/bookings/{booking_id:uuid}/confirm")
    async def confirm(
        self, request: Request[Any, Any, Any], venue_id: UUID, booking_id: UUID
    ) -> Redirect:
        form = await request.form()
        key = _manager(request, form.get("token"))
        lettings = lettings_of(request)
        try:
            await sync_to_thread(lettings.bookings.confirm_booking, booking_id, actor="manager")
        except (ConflictError, RuleViolationError) as e:
            return _back(venue_id, key, e.message, failed=True)
        clashing = await sync_to_thread(lettings.view.pending_clashes, booking_id)
        note = "Confirmed."
        if clashing:
            note += f" {len(clashing)} other pending request(s) now clash with it: decline them."
        return _back(venue_id, key, note)

    @post("/{venue_id:uuid}/bookings/{booking_id:uuid}/decline")
    async def decline(
        self, request: Request[Any, Any, Any], venue_id: UUID, booking_id: UUID
    ) -> Redirect:
        form = await request.form()
        key = _manager(request, form.get("token"))
        bookings = lettings_of(request).bookings
        reason = str(form.get("reason") or "").strip()[:300]
        try:
            await sync_to_thread(
                bookings.decline_booking, booking_id, None, reason, actor="manager"
            )
        except RuleViolationError as e:
            return _back(venue_id, key, e.message, failed=True)
        return _back(venue_id, key, "Declined.")


def _back(venue_id: UUID, token: str, message: str, *, failed: bool = False) -> Redirect:
    url = f"/venues/{venue_id}/requests?token={quote(token)}&message={quote(message)}"
    return Redirect(url + ("&failed=true" if failed else ""), status_code=303)
