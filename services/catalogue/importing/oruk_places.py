"""Where and when an ORUK service runs: its service-at-locations to catalogue Locations and its
schedules to Schedules. Pure (no file, no network); what cannot be used is dropped or repaired
and put in the report against the record."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid5

import msgspec

from services.catalogue.importing.extension import LOCATIONS
from services.catalogue.importing.fields import amount, clip, clock, objects
from services.catalogue.importing.report import DataQualityReport
from services.catalogue.model import Location, Position, Schedule

_BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")


def locations(
    raw: dict[str, Any], rid: str, report: DataQualityReport
) -> tuple[list[Location], dict[str, UUID]]:
    """The service's places, and each service-at-location's id to its place's id (for the
    schedules that name one)."""
    found: list[Location] = []
    at: dict[str, UUID] = {}
    for sal in objects(raw, "service_at_locations", rid, report):
        if loc := location(sal, rid, report):
            found.append(loc)
            at[str(sal.get("id"))] = loc.id
    return found, at


def location(raw: dict[str, Any], rid: str, report: DataQualityReport) -> Location | None:
    """A service-at-location's place (or a bare location); None without an id."""
    loc = raw.get("location") or raw
    if not isinstance(loc, dict) or not loc.get("id"):
        return None
    addresses = objects(loc, "addresses", rid, report) or objects(
        loc, "physical_addresses", rid, report
    )
    address = addresses[0] if addresses else {}
    position = _position(loc, rid, report)
    line = ", ".join(str(address.get(k)) for k in ("address_1", "city") if address.get(k))
    access = [
        clip(a.get("description"), 500, rid, "accessibility", report)
        for a in objects(loc, "accessibility", rid, report)
        if a.get("description")
    ]
    return Location(
        id=uuid5(LOCATIONS, str(loc["id"])),
        accessibility=access,
        name=clip(loc.get("name"), 500, rid, "location name", report),
        address=clip(line, 500, rid, "address", report),
        postcode=clip(str(address.get("postal_code", "")).upper(), 500, rid, "postcode", report),
        position=position,
    )


def _position(loc: dict[str, Any], rid: str, report: DataQualityReport) -> Position | None:
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        return msgspec.convert({"lat": amount(lat), "lon": amount(lon)}, Position)
    except msgspec.ValidationError:
        report.repair("impossible coordinates dropped", rid)
        return None


def schedules(
    raw: dict[str, Any],
    at: dict[str, UUID],
    first_location: UUID | None,
    rid: str,
    report: DataQualityReport,
) -> list[Schedule]:
    """The service's readable schedules, each at the place its service-at-location names (or
    the service's first place)."""
    read = (
        schedule(r, at.get(str(r.get("service_at_location_id")), first_location), rid, report)
        for r in objects(raw, "schedules", rid, report)
    )
    return [s for s in read if s]


def schedule(
    raw: dict[str, Any], location_id: UUID | None, rid: str, report: DataQualityReport
) -> Schedule | None:
    """One schedule: weekly on its days, or monthly on one day ("2WE": the second Wednesday);
    opening hours that end before they start are dropped; None if it cannot be read."""
    byday = [_BYDAY.match(d.strip().upper()) for d in str(raw.get("byday") or "").split(",")]
    days = [m.group(2) for m in byday if m]
    ordinal = next((int(m.group(1)) for m in byday if m and m.group(1)), None)
    freq = str(raw.get("freq") or "WEEKLY").lower()
    monthly = freq == "monthly" and len(days) == 1
    opens, closes = (
        clock(raw.get("opens_at"), rid, report),
        clock(raw.get("closes_at"), rid, report),
    )
    if opens and closes and opens >= closes:
        opens = closes = None
    try:
        return msgspec.convert(
            {
                "frequency": "monthly" if monthly else "weekly",
                "days": days,
                "week_of_month": (ordinal or 1) if monthly else None,
                "opens_at": opens.isoformat() if opens else None,
                "closes_at": closes.isoformat() if closes else None,
                "location_id": str(location_id) if location_id else None,
                "description": str(raw.get("description") or "")[:500],
            },
            Schedule,
        )
    except msgspec.ValidationError:
        return None
