"""Setting a venue up from pages: the admin registers it; its manager edits the details and
conditions, term dates, holidays and closures (by form or .ics), rooms and availability."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.http.auth import csrf_protected
from services.http.guards import ADMINS, VENUE_MANAGERS
from services.http.lettings_access import acting
from services.http.pages.lettings import setup_forms as forms
from services.http.pages.staff.common import AnyRequest, page
from services.http.state import Injected
from services.runtime import Lettings
from services.shared.days import SHORT_DAY_NAMES
from services.shared.errors import ForbiddenError, NotFoundError, SignpostError
from services.venues.domain import Venue
from services.venues.model import Position

MAX_ICS_BYTES = 1_000_000
PREVIEW_DAYS = 14
SEASONS = {"any": "All year", "term": "Term time only", "holiday": "School holidays only"}
# A use case's refusals that are the 404 or 403 page, not a mistake shown on the form.
REFUSED = (NotFoundError, ForbiddenError)


def _venue(request: AnyRequest, lettings: Lettings, venue_id: UUID) -> Venue:
    """Blocking: the venue (404 if unknown) if the signed-in account manages it (else 403)."""
    return lettings.venues.managed_venue(venue_id, by=acting(request))


def _position(
    postcodes: PostcodeDirectory, postcode: str, errors: dict[str, str]
) -> Position | None:
    if not postcode.strip():
        return None
    try:
        found = postcodes.resolve(postcode)
    except UnknownPostcodeError:
        errors["postcode"] = "Enter a full UK postcode, like E15 1AA, or leave it blank"
        return None
    return Position(lat=found.lat, lon=found.lon)


def _values(form: Any) -> dict[str, str]:
    return {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}


def _lists(form: Any) -> dict[str, list[str]]:
    return {k: [str(v) for v in form.getall(k)] for k in form if k != "csrf_token"}


def _field(error: SignpostError, default: str) -> str:
    return (error.field or default).split(".")[-1]


def _to(url: str, message: str) -> Redirect:
    return Redirect(f"{url}?message={quote(message)}", status_code=303)


class VenueRegistrationPages(Controller):
    """The admin registers a venue; its manager is linked from the accounts page."""

    path = "/staff/venues"
    include_in_schema = False
    guards = (ADMINS,)

    @get("/new", sync_to_thread=True)
    def new_venue(self, request: AnyRequest) -> Template:
        return page(request, "lettings/venue_new.html", {"values": {}, "errors": {}})

    @post("/new", guards=[csrf_protected])
    async def register(
        self,
        request: AnyRequest,
        postcodes: Injected[PostcodeDirectory],
        lettings: Injected[Lettings],
    ) -> Redirect | Template:
        values = _values(await request.form())
        errors: dict[str, str] = {}
        position = await sync_to_thread(_position, postcodes, values.get("postcode", ""), errors)
        details = forms.venue_details(values, position, errors)
        if not errors:
            try:
                venue = await sync_to_thread(
                    lambda: lettings.venues.register_venue(details, by=acting(request))
                )
            except SignpostError as e:
                errors[_field(e, "name")] = e.message.rstrip(".")
            else:
                await sync_to_thread(lettings.settle)
                note = "Registered. Invite its manager from Accounts: choose this venue there."
                return _to(f"/staff/venues/{venue.id}", note)
        context = {"values": values, "errors": errors}
        return page(request, "lettings/venue_new.html", context, status_code=400)


class VenueSetupPages(Controller):
    path = "/staff/venues"
    include_in_schema = False
    guards = (VENUE_MANAGERS,)

    # -- details, contact and lettings conditions ------------------------------------------

    @get("/{venue_id:uuid}/details", sync_to_thread=True)
    def details_form(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID
    ) -> Template:
        venue = _venue(request, lettings, venue_id)
        values = forms.venue_values(venue.details)
        return page(request, "lettings/venue_details.html", _details(venue, values, {}))

    @post("/{venue_id:uuid}/details", guards=[csrf_protected])
    async def save_details(
        self,
        request: AnyRequest,
        postcodes: Injected[PostcodeDirectory],
        lettings: Injected[Lettings],
        venue_id: UUID,
    ) -> Redirect | Template:
        venue = await sync_to_thread(_venue, request, lettings, venue_id)
        values = _values(await request.form())
        errors: dict[str, str] = {}
        postcode = values.get("postcode", "").strip().upper()
        if postcode and postcode == venue.details.postcode:
            position = venue.details.position
        else:
            position = await sync_to_thread(_position, postcodes, postcode, errors)
        details = forms.venue_details(values, position, errors)
        if not errors:
            try:
                await sync_to_thread(
                    lambda: lettings.venues.update_venue(venue_id, details, by=acting(request))
                )
            except SignpostError as e:
                errors[_field(e, "name")] = e.message.rstrip(".")
            else:
                await sync_to_thread(lettings.settle)
                return _to(f"/staff/venues/{venue_id}", "Details saved.")
        return page(
            request, "lettings/venue_details.html", _details(venue, values, errors), status_code=400
        )

    # -- term dates, holidays and closures -------------------------------------------------

    @get("/{venue_id:uuid}/dates", sync_to_thread=True)
    def dates(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        venue_id: UUID,
        message: str | None = None,
    ) -> Template:
        venue = _venue(request, lettings, venue_id)
        return page(request, "lettings/dates.html", _dates(venue, {}, {}, message))

    @post("/{venue_id:uuid}/dates", guards=[csrf_protected])
    async def add_date(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID
    ) -> Redirect | Template:
        values = _values(await request.form())
        errors: dict[str, str] = {}
        kind, period = forms.period(values, errors)
        if period is not None:
            venues = lettings.venues
            try:
                await sync_to_thread(
                    lambda: venues.add_period(venue_id, kind, period, by=acting(request))
                )
            except REFUSED:
                raise
            except SignpostError as e:
                errors[_field(e, "starts")] = e.message.rstrip(".")
            else:
                label = forms.KIND_LABELS[kind].lower()
                return _to(f"/staff/venues/{venue_id}/dates", f"Added the {label} {period.name}.")
        venue = await sync_to_thread(_venue, request, lettings, venue_id)  # to show the form again
        context = _dates(venue, values, errors, None)
        return page(request, "lettings/dates.html", context, status_code=400)

    @post("/{venue_id:uuid}/dates/remove", guards=[csrf_protected])
    async def remove_date(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID
    ) -> Redirect:
        values = _values(await request.form())
        kind, _, index = values.get("period", "").partition(":")
        venues = lettings.venues
        try:
            number = int(index) if index.isdigit() else -1
            await sync_to_thread(
                lambda: venues.remove_period(venue_id, kind, number, by=acting(request))
            )
        except REFUSED:
            raise
        except SignpostError:
            return _to(f"/staff/venues/{venue_id}/dates", "That date was not on the calendar.")
        return _to(f"/staff/venues/{venue_id}/dates", "Removed.")

    @post("/{venue_id:uuid}/dates/upload", guards=[csrf_protected])
    async def upload(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID
    ) -> Redirect | Template:
        form = await request.form()
        upload = form.get("ics")
        errors: dict[str, str] = {}
        data = await upload.read(MAX_ICS_BYTES + 1) if isinstance(upload, UploadFile) else b""
        if not data:
            errors["ics"] = "Choose the school's calendar file (.ics) to upload"
        elif len(data) > MAX_ICS_BYTES:
            errors["ics"] = "The file is larger than 1 MB: upload the term-dates calendar only"
        else:
            venues = lettings.venues
            try:
                imported = await sync_to_thread(
                    lambda: venues.import_calendar(venue_id, data, by=acting(request))
                )
            except ValueError as e:
                errors["ics"] = f"This is not a calendar file we can read: {e}"
            except REFUSED:
                raise
            except SignpostError as e:
                errors["ics"] = e.message.rstrip(".")
            else:
                calendar = imported.calendar
                counts = (len(calendar.terms), len(calendar.holidays), len(calendar.closures))
                note = "Read {} terms, {} holidays and {} closures from the file.".format(*counts)
                return _to(f"/staff/venues/{venue_id}/dates", note)
        venue = await sync_to_thread(_venue, request, lettings, venue_id)  # to show the form again
        context = _dates(venue, {}, errors, None)
        return page(request, "lettings/dates.html", context, status_code=400)

    # -- rooms and their availability ------------------------------------------------------

    @get("/{venue_id:uuid}/rooms/new", sync_to_thread=True)
    def new_room(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID
    ) -> Template:
        venue = _venue(request, lettings, venue_id)
        return page(request, "lettings/room_new.html", _room_form(venue, None, {}, {}))

    @post("/{venue_id:uuid}/rooms/new", guards=[csrf_protected])
    async def add_room(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID
    ) -> Redirect | Template:
        values = _values(await request.form())
        errors: dict[str, str] = {}
        details = forms.room_details(values, None, errors)  # the venue checks `part_of`
        if not errors:
            venues = lettings.venues
            try:
                room_id = await sync_to_thread(
                    lambda: venues.add_room(venue_id, details, by=acting(request)).room_id
                )
            except REFUSED:
                raise
            except SignpostError as e:
                errors[_field(e, "room_name")] = e.message.rstrip(".")
            else:
                note = f"Added {details.name}. Now say when it may be let."
                return _to(f"/staff/venues/{venue_id}/rooms/{room_id}", note)
        venue = await sync_to_thread(_venue, request, lettings, venue_id)  # to show the form again
        context = _room_form(venue, None, values, errors)
        return page(request, "lettings/room_new.html", context, status_code=400)

    @get("/{venue_id:uuid}/rooms/{room_id:uuid}", sync_to_thread=True)
    def room(
        self,
        request: AnyRequest,
        lettings: Injected[Lettings],
        venue_id: UUID,
        room_id: UUID,
        message: str | None = None,
    ) -> Template:
        venue = _venue(request, lettings, venue_id)
        saved = venue.room(room_id)
        context = _room_form(venue, room_id, forms.room_values(saved.details), {})
        context |= _rules_context(forms.rule_rows(saved.availability))
        context["message"] = message
        return page(request, "lettings/room.html", context)

    @post("/{venue_id:uuid}/rooms/{room_id:uuid}", guards=[csrf_protected])
    async def save_room(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID, room_id: UUID
    ) -> Redirect | Template:
        values = _values(await request.form())
        errors: dict[str, str] = {}
        details = forms.room_details(values, None, errors)  # the venue checks `part_of`
        if not errors:
            venues = lettings.venues
            try:
                await sync_to_thread(
                    lambda: venues.update_room(venue_id, room_id, details, by=acting(request))
                )
            except REFUSED:
                raise
            except SignpostError as e:
                errors[_field(e, "room_name")] = e.message.rstrip(".")
            else:
                return _to(f"/staff/venues/{venue_id}/rooms/{room_id}", "Room saved.")
        venue = await sync_to_thread(_venue, request, lettings, venue_id)  # to show the form again
        saved = venue.room(room_id)
        context = _room_form(venue, room_id, values, errors)
        context |= _rules_context(forms.rule_rows(saved.availability))
        return page(request, "lettings/room.html", context, status_code=400)

    @post("/{venue_id:uuid}/rooms/{room_id:uuid}/availability", guards=[csrf_protected])
    async def availability(
        self, request: AnyRequest, lettings: Injected[Lettings], venue_id: UUID, room_id: UUID
    ) -> Redirect | Template:
        """Previews the free times the rules give (action=preview) or saves them."""
        form = _lists(await request.form())
        errors: dict[str, str] = {}
        rules = forms.rules(form, errors)
        action = (form.get("action") or ["preview"])[0]
        first = dt.date.today()
        text = (form.get("preview_from") or [""])[0].strip()
        if text:
            first = (
                forms.day({"preview_from": text}, "preview_from", errors, "the first day") or first
            )
        venues = lettings.venues
        preview = None
        if not errors:
            try:
                if action == "save":
                    await sync_to_thread(
                        lambda: venues.set_availability(
                            venue_id, room_id, rules, by=acting(request)
                        )
                    )
                    await sync_to_thread(lettings.settle)
                    note = "Availability saved." if rules else "Saved: the room is not let."
                    return _to(f"/staff/venues/{venue_id}/rooms/{room_id}", note)
                preview = await sync_to_thread(
                    lambda: venues.preview_opening(
                        venue_id, room_id, rules, first, PREVIEW_DAYS, by=acting(request)
                    )
                )
            except REFUSED:
                raise
            except SignpostError as e:
                errors[_rule_field(e.field)] = e.message.rstrip(".")
        venue = await sync_to_thread(_venue, request, lettings, venue_id)  # to show the rules
        saved = venue.room(room_id)
        context = _room_form(venue, room_id, forms.room_values(saved.details), {})
        context |= _rules_context(forms.rows_from(form), preview)
        context["errors"] = errors
        context["preview_from"] = first.isoformat()
        return page(request, "lettings/room.html", context, status_code=400 if errors else 200)


def _rule_field(field: str | None) -> str:
    """availability[1].closes -> closes_1, where the form shows it."""
    if field and field.startswith("availability["):
        index, _, name = field.removeprefix("availability[").partition("].")
        return f"{name}_{index}"
    return "opens_0"


def _names(venue: Venue) -> dict[UUID, str]:
    return {r.id: r.details.name for r in venue.rooms.values()}


def _details(venue: Venue, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {"venue": venue, "values": values, "errors": errors, "nations": forms.NATIONS}


def _dates(
    venue: Venue, values: dict[str, str], errors: dict[str, str], message: str | None
) -> dict[str, Any]:
    cal = venue.calendar
    groups = [
        ("terms", "Terms", cal.terms),
        ("holidays", "Holidays", cal.holidays),
        ("closures", "Closures", cal.closures),
    ]
    return {
        "venue": venue,
        "groups": groups,
        "values": values,
        "errors": errors,
        "kinds": forms.KIND_LABELS,
        "message": message,
    }


def _room_form(
    venue: Venue, room_id: UUID | None, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    parents = [(str(k), v) for k, v in _names(venue).items() if k != room_id]
    room = venue.rooms.get(room_id) if room_id else None
    return {"venue": venue, "room": room, "values": values, "errors": errors, "parents": parents}


def _rules_context(rows: list[dict[str, object]], preview: Any = None) -> dict[str, Any]:
    return {
        "rows": rows,
        "day_names": SHORT_DAY_NAMES,
        "seasons": SEASONS,
        "preview": preview,
        "preview_from": dt.date.today().isoformat(),
    }
