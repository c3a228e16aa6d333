"""The agency booker's pages: find a free room, request it, and follow or cancel bookings."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from search.port import SearchIndex
from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.bookings.model import SlotState
from services.http.auth import csrf_protected
from services.http.guards import AGENCY_BOOKERS
from services.http.lettings_access import acting, feed_url
from services.http.pages.lettings.request_form import RequestForm, parse_request
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.room_finder import free_rooms_near
from services.http.state import Injected
from services.runtime import Lettings
from services.settings import Settings
from services.shared.errors import ForbiddenError, NotFoundError, SignpostError

FIND_FIELDS = ("postcode", "day", "starts", "ends", "capacity", "facilities")


def _find(
    lettings: Lettings, postcodes: PostcodeDirectory, query: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Blocking: the free rooms for the search, or the errors naming its fields."""
    errors: dict[str, str] = {}
    postcode = query["postcode"].strip()
    where = None
    if not postcode:
        errors["postcode"] = "Enter a postcode, like E15 1AA"
    else:
        try:
            where = postcodes.resolve(postcode)
        except UnknownPostcodeError:
            errors["postcode"] = "Enter a postcode in the area, like E15 1AA"
    form = RequestForm.of({**query, "attendees": query["capacity"] or "1"})
    slot = form.slot(errors)
    capacity = form.attendees(errors, field="capacity")
    if errors or where is None or slot is None:
        return [], errors
    facilities = tuple(query["facilities"].replace(";", ",").split(","))
    found = free_rooms_near(
        lettings,
        where.lat,
        where.lon,
        slot,
        capacity=capacity,
        radius_km=10.0,
        facilities=facilities,
    )
    return found, errors


class BookerPages(Controller):
    path = "/staff/rooms"
    include_in_schema = False
    guards = (AGENCY_BOOKERS,)

    @get("/", sync_to_thread=True)
    def find(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        postcodes: Injected[PostcodeDirectory],
        postcode: str = "",
        day: str = "",
        starts: str = "",
        ends: str = "",
        capacity: str = "",
        facilities: str = "",
    ) -> Template:
        query = dict(
            zip(FIND_FIELDS, (postcode, day, starts, ends, capacity, facilities), strict=True)
        )
        searched = bool(postcode or day)
        found, errors = _find(lettings, postcodes, query) if searched else ([], {})
        for room in found:
            link = {
                "venue": room["venue_id"],
                "room": room["room_id"],
                "day": day,
                "starts": starts,
                "ends": ends,
                "attendees": capacity,
            }
            room["request_url"] = "/staff/rooms/request?" + urlencode(link)
        context = {"query": query, "searched": searched, "found": found, "errors": errors}
        return page(request, "lettings/find.html", context, status_code=400 if errors else 200)

    @get("/request", sync_to_thread=True)
    def request_form(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        index: Injected[SearchIndex],
        venue: UUID,
        room: UUID,
        day: str = "",
        starts: str = "",
        ends: str = "",
        attendees: str = "",
    ) -> Template:
        values = {"day": day, "starts": starts, "ends": ends, "attendees": attendees}
        return _form(request, lettings, index, venue, room, values, {})

    @post("/request", guards=[csrf_protected])
    async def send_request(
        self, request: AnyRequest, lettings: Injected[Lettings], index: Injected[SearchIndex]
    ) -> Redirect | Template:
        form = await request.form()
        values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
        try:
            venue, room = UUID(values.get("venue", "")), UUID(values.get("room", ""))
        except ValueError:
            return Redirect("/staff/rooms", status_code=303)
        me = principal(request)
        errors: dict[str, str] = {}
        parsed = parse_request(values, venue, room, me.organisations, errors)
        if parsed is not None:
            details, slot, until = parsed
            by = await sync_to_thread(acting, request)
            bookings = lettings.bookings
            try:
                outcome = await sync_to_thread(
                    lambda: bookings.request(details, [slot], until, by=by)
                )
            except ForbiddenError:
                raise  # the 403 page, not a form error
            except SignpostError as e:
                errors.update(_errors_of(e))
            else:
                await sync_to_thread(lettings.settle)
                note = _requested(len(outcome.slots), len(outcome.skips), len(outcome.conflicts))
                return Redirect(
                    f"/staff/bookings?message={quote(note)}#booking-{outcome.booking_id}",
                    status_code=303,
                )
        return await sync_to_thread(_form, request, lettings, index, venue, room, values, errors)


def _requested(sessions: int, skipped: int, clashing: int) -> str:
    note = f"Requested {sessions} session{'s' if sessions != 1 else ''}, waiting for the venue."
    if skipped:
        note += f" {skipped} week{'s' if skipped != 1 else ''} left out: see why below."
    if clashing:
        note += f" {clashing} already clash with a confirmed let."
    return note


def _errors_of(error: SignpostError) -> dict[str, str]:
    """Each problem beside its field: a rule may name several (every declaration at once)."""
    if isinstance(error.detail, list) and all(isinstance(p, dict) for p in error.detail):
        found: dict[str, str] = {}
        for problem in error.detail:
            found.setdefault(_field(str(problem.get("field"))), str(problem["message"]).rstrip("."))
        if found:
            return found
    return {_field(error.field): error.message.rstrip(".")}


def _field(name: str | None) -> str:
    """Where a rule's error belongs on the form (a slot error goes beside the day)."""
    if not name:
        return "day"
    if name.startswith("slots"):
        return "ends" if name.endswith("ends") else "day"
    known = {"purpose", "attendees", "service_id", "weekly_until", "dbs_checked", "dbs_expires"}
    known |= {"insurance_cover_pounds", "insurance_expires", "organisation_id"}
    root = name.split(".")[-1]
    return root if root in known else "day"


def _form(
    request: AnyRequest,
    lettings: Lettings,
    index: SearchIndex,
    venue_id: UUID,
    room_id: UUID,
    values: dict[str, str],
    errors: dict[str, str],
) -> Template:
    """Blocking: the request form for one room, with the values and errors given."""
    venue = lettings.venues.get_venue(venue_id)
    room = venue.room(room_id)
    me = principal(request)
    names = {o: lettings.bookings.organisation_name(o) for o in me.organisations}
    context = {
        "venue": venue,
        "room": room,
        "values": values,
        "errors": errors,
        "organisations": [(str(o), name) for o, name in names.items()],
        "services": _services_of(index, names),
    }
    return page(request, "lettings/request.html", context, status_code=400 if errors else 200)


def _services_of(index: SearchIndex, organisations: dict[UUID, str]) -> list[tuple[str, str]]:
    """Blocking: the live catalogue services of the booker's organisations, by name."""
    found = []
    for org, org_name in organisations.items():
        for service_id in index.ids_for_organisation(str(org)):
            doc = index.get("staff", service_id) or {}
            name = str(doc.get("name") or "A service")
            found.append((service_id, f"{name} ({org_name})" if len(organisations) > 1 else name))
    return sorted(found, key=lambda s: s[1].lower())


class BookingPages(Controller):
    path = "/staff/bookings"
    include_in_schema = False
    guards = (AGENCY_BOOKERS,)

    @get("/", sync_to_thread=True)
    def mine(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        settings: Injected[Settings],
        feed_secret: Injected[str],
        message: str | None = None,
    ) -> Template:
        me = principal(request)
        found = []
        for org in me.organisations:
            found += lettings.view.bookings(organisation_id=org)
        found.sort(key=lambda b: b.created_on, reverse=True)
        names: dict[UUID, str] = {}
        for b in found:
            if b.details.venue_id not in names:
                venue = lettings.venues.get_venue(b.details.venue_id)
                names[venue.id] = venue.details.name
                names.update({r.id: r.details.name for r in venue.rooms.values()})
        feeds = {}
        if me.account_id is not None:
            base = settings.link_base()
            for org in me.organisations:
                path = f"/api/bookings/organisations/{org}/calendar.ics"
                feeds[str(org)] = base + feed_url(feed_secret, me.account_id, path)
        live = (SlotState.PENDING, SlotState.CONFIRMED)
        standings = {b.id: lettings.bookings.standing(b) for b in found}
        organisations = {o: lettings.bookings.organisation_name(o) for o in me.organisations}
        context: dict[str, Any] = {"bookings": found, "names": names, "feeds": feeds}
        context |= {"standings": standings, "organisations": organisations}
        context["organisation_names"] = {str(o): name for o, name in organisations.items()}
        context["message"] = message
        context["cancellable"] = {b.id for b in found if any(s in live for s in b.states)}
        return page(request, "lettings/bookings.html", context)

    @post("/{booking_id:uuid}/cancel", guards=[csrf_protected])
    async def cancel(
        self, request: AnyRequest, lettings: Injected[Lettings], booking_id: UUID
    ) -> Redirect:
        by = await sync_to_thread(acting, request)
        form = await request.form()
        reason = str(form.get("reason") or "").strip()[:300]
        bookings = lettings.bookings
        try:
            await sync_to_thread(lambda: bookings.cancel(booking_id, None, reason, by=by))
        except (NotFoundError, ForbiddenError):
            raise  # the 404 or 403 page, as for any page
        except SignpostError as e:
            return Redirect(f"/staff/bookings?message={quote(e.message)}", status_code=303)
        await sync_to_thread(lettings.settle)
        return Redirect(f"/staff/bookings?message={quote('Cancelled.')}", status_code=303)
