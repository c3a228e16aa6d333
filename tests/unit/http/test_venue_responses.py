"""The lettings API's response structs encode to the very bytes its dicts did."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import uuid4

import msgspec
from litestar import Litestar
from litestar.testing import TestClient

from services.bookings.domain import Booking
from services.bookings.model import Slot
from services.http.venue_responses import (
    BookingConfirmedView,
    FreeRoomView,
    booking_requested_view,
    booking_view,
    free_time_view,
    session_views,
    venue_view,
    venue_with_room_view,
)
from services.venues.domain import Venue
from services.venues.model import Room
from tests.unit.bookings.school import School, T, bookings_view

TUE = dt.date(2026, 7, 28)


# The dicts the API answered with before it had response structs, as they were built then.
def _old_room(room: Room) -> dict[str, Any]:
    view: dict[str, Any] = {"id": str(room.id), **msgspec.to_builtins(room.details)}
    view["availability"] = msgspec.to_builtins(room.availability)
    return view


def _old_venue(venue: Venue) -> dict[str, Any]:
    return {
        "id": str(venue.id),
        "version": venue.version,
        **msgspec.to_builtins(venue.details),
        "calendar": msgspec.to_builtins(venue.calendar),
        "rooms": [_old_room(r) for r in venue.rooms.values()],
    }


def _old_booking(booking: Booking) -> dict[str, Any]:
    return {
        "id": str(booking.id),
        "version": booking.version,
        **msgspec.to_builtins(booking.details),
        "slots": [
            {
                **msgspec.to_builtins(s),
                "index": i,
                "state": str(st),
                "reason": booking.reasons.get(i),
            }
            for i, (s, st) in enumerate(zip(booking.slots, booking.states, strict=True))
        ],
        "requested_by": booking.actor_of_request,
        "requested_at": booking.created_on.isoformat(),
    }


def _same_bytes(old: object, new: object) -> None:
    assert msgspec.json.encode(new) == msgspec.json.encode(old)


def test_a_venue_and_its_rooms_encode_as_they_did(school: School) -> None:
    venue = school.venues.get_venue(school.venue_id)
    _same_bytes(_old_venue(venue), venue_view(venue))
    old_with_room = _old_venue(venue) | {"room_id": str(school.hall_a)}
    _same_bytes(old_with_room, venue_with_room_view(venue, school.hall_a))


def test_a_single_booking_with_a_declined_slot_encodes_as_it_did(school: School) -> None:
    slots = [Slot(day=TUE, starts=T(10), ends=T(12)), Slot(day=TUE, starts=T(14), ends=T(15))]
    outcome = school.bookings.request_booking(school.details(school.hall), slots, actor="b")
    school.bookings.decline_booking(outcome.booking_id, [1], "Hall in use", actor="m")
    booking = school.bookings.get_booking(outcome.booking_id)
    assert booking.reasons  # the declined slot's reason is in the view
    _same_bytes(_old_booking(booking), booking_view(booking))
    confirmed = school.bookings.confirm_booking(outcome.booking_id, actor="m")
    booking = school.bookings.get_booking(outcome.booking_id)
    clashing = [str(uuid4())]
    old = {
        "booking": _old_booking(booking),
        "confirmed": confirmed,
        "pending_requests_now_clashing": clashing,
    }
    new = BookingConfirmedView(
        booking=booking_view(booking), confirmed=confirmed, pending_requests_now_clashing=clashing
    )
    _same_bytes(old, new)


def test_a_series_with_skipped_weeks_and_a_clash_encodes_as_it_did(school: School) -> None:
    taken = school.request(school.hall_a, dt.date(2026, 8, 3), T(11), T(13))
    school.bookings.confirm_booking(taken, actor="m")
    first = Slot(day=dt.date(2026, 7, 27), starts=T(10), ends=T(12))
    details = school.details(school.hall, service_id=uuid4())
    outcome = school.bookings.request_series(details, first, dt.date(2026, 9, 7), actor="b")
    assert outcome.skipped and outcome.conflicts  # the bank holiday, and the half hall's let
    booking = school.bookings.get_booking(outcome.booking_id)
    old = {
        "booking": _old_booking(booking),
        "conflicts": [msgspec.to_builtins(c) for c in outcome.conflicts],
        "skipped": [d.isoformat() for d in outcome.skipped],
        "skipped_because": [{"day": k.day.isoformat(), "reason": k.reason} for k in outcome.skips],
        "clashes": outcome.clashes,
    }
    _same_bytes(old, booking_requested_view(booking, outcome))


def test_free_times_free_rooms_and_sessions_encode_as_they_did(school: School) -> None:
    free = school.bookings.free_times(school.venue_id, school.hall, TUE, TUE + dt.timedelta(5))
    assert free
    old_free = [
        {"day": f.day.isoformat(), "starts": f"{f.starts:%H:%M}", "ends": f"{f.ends:%H:%M}"}
        for f in free
    ]
    _same_bytes(old_free, [free_time_view(f) for f in free])

    room: dict[str, Any] = {
        "venue_id": str(school.venue_id),
        "venue_name": "Ridgeway Primary",
        "room_id": str(school.counselling),
        "room_name": "Counselling room",
        "capacity": 4,
        "facilities": ["private counselling room"],
        "distance_km": 1.25,
    }
    _same_bytes([room], [FreeRoomView(**room)])

    service_id = uuid4()
    first = Slot(day=dt.date(2026, 7, 27), starts=T(10), ends=T(12))
    details = school.details(school.hall, service_id=service_id)
    series = school.bookings.request_series(details, first, dt.date(2026, 8, 24), actor="b")
    school.bookings.confirm_booking(series.booking_id, actor="m")
    sessions = bookings_view(school).sessions_for_service(service_id, since=dt.date(2026, 7, 1))
    assert sessions
    _same_bytes([msgspec.to_builtins(s) for s in sessions], session_views(sessions))


def test_every_lettings_json_response_names_its_fields_in_the_openapi_document(
    app: Litestar,
) -> None:
    with TestClient(app) as client:
        document: dict[str, Any] = client.get("/schema/openapi.json").json()
    components = document["components"]["schemas"]
    unnamed = []
    for path, item in document["paths"].items():
        if not path.startswith(("/api/venues", "/api/bookings")) or path.endswith(".ics"):
            continue
        for method, operation in item.items():
            for code, response in operation.get("responses", {}).items():
                if not code.startswith("2"):
                    continue
                schema = response["content"]["application/json"]["schema"]
                ref = schema.get("items", schema).get("$ref", "")
                if not components.get(ref.rsplit("/", 1)[-1], {}).get("properties"):
                    unnamed.append((method, path))
    assert unnamed == []


def test_the_lettings_answers_nested_parts_are_the_apis_own_shapes_not_the_domains(
    app: Litestar,
) -> None:
    """Every schema a lettings answer reaches is one of the API's views, so changing a domain
    struct (a venue's contact, a booking's declarations) cannot change the API unnoticed."""
    with TestClient(app) as client:
        document: dict[str, Any] = client.get("/schema/openapi.json").json()
    components = document["components"]["schemas"]

    def reached(schema: Any, seen: set[str]) -> set[str]:
        if isinstance(schema, dict):
            if ref := schema.get("$ref"):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    reached(components[name], seen)
            for value in schema.values():
                reached(value, seen)
        elif isinstance(schema, list):
            for value in schema:
                reached(value, seen)
        return seen

    names: set[str] = set()
    for path, item in document["paths"].items():
        if path.startswith(("/api/venues", "/api/bookings")):
            for operation in item.values():
                for code, response in operation.get("responses", {}).items():
                    if code.startswith("2"):
                        reached(response, names)
    assert names and all(n.endswith("View") for n in names), sorted(names)
