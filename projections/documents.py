"""Turns a service's current state into its public and staff search documents."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from search.areas import area_of
from search.documents import (
    ContactView,
    GeoPoint,
    LocationView,
    ServiceDocument,
    SessionView,
    StaffServiceDocument,
)
from search.query import is_training
from services.catalogue import taxonomy
from services.catalogue.domain import Service
from services.catalogue.model import (
    Audience,
    Contact,
    Cost,
    Frequency,
    Location,
    ReferralRoute,
    Schedule,
    ServiceDetails,
)
from services.shared.days import DAY_NAMES

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _clock(time: dt.time) -> str:
    """A time as families read it: "9am", "6:30pm", "midday", "midnight"."""
    if time.minute == 0 and time.hour in (0, 12):
        return "midnight" if time.hour == 0 else "midday"
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


# What a schedule's own words already say when its days and times are given: a description of
# nothing more ("Tuesdays, 6:30pm to 8:30pm, term time only") is not repeated after them.
_SAID = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|first|second|third|fourth|fifth|last"
    r"|the|of|month|every|each|weekly|from|to|until|till|and|midday|noon|midnight|term|time|"
    r"school|holidays?|only|am|pm|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)\b"
)


def _adds_something(description: str) -> bool:
    return bool(re.search(r"[a-z0-9]", _SAID.sub(" ", description.lower())))


def describe_schedule(schedule: Schedule) -> str:
    """A schedule in plain words, e.g. "Thursdays and Fridays, 9am to midday, term time only"."""
    days = [DAY_NAMES[d.value] for d in schedule.days]
    if schedule.frequency == Frequency.MONTHLY and days and schedule.week_of_month:
        when = f"The {_ORDINALS.get(schedule.week_of_month, '')} {days[0]} of the month"
    elif days:
        when = _join([d + "s" for d in days])
    else:
        when = schedule.description or "By arrangement"
    parts = [when]
    if schedule.opens_at and schedule.closes_at:
        parts.append(f"{_clock(schedule.opens_at)} to {_clock(schedule.closes_at)}")
    if schedule.term_time_only:
        parts.append("term time only")
    if schedule.holidays_only:
        parts.append("school holidays only")
    text = ", ".join(parts)
    if schedule.description and days and _adds_something(schedule.description):
        text += f" ({schedule.description})"
    return text


def _contact(c: Contact) -> ContactView:
    return ContactView(name=c.name, phone=c.phone, email=c.email, url=c.url)


def public_document(service: Service, organisation_name: str) -> ServiceDocument:
    return ServiceDocument(**_public_fields(service, organisation_name))


def staff_document(service: Service, organisation_name: str) -> StaffServiceDocument:
    d = service.details
    return StaffServiceDocument(
        **_public_fields(service, organisation_name),
        staff_contact=_contact(d.staff_contact),
        staff_notes=d.staff_notes,
        thresholds=d.thresholds,
        waiting_time=d.waiting_time,
    )


def _public_fields(service: Service, organisation_name: str) -> dict[str, Any]:
    """The fields of both documents, group by group."""
    categories = taxonomy.with_ancestors(service.categories)
    return {
        **_record_fields(service, organisation_name),
        **_audience_fields(service, categories),
        **_cost_fields(service.details.cost),
        **_access_fields(service.details),
        **_time_fields(service),
        **_place_fields(service),
        **_trust_fields(service),
    }


def _record_fields(service: Service, organisation_name: str) -> dict[str, Any]:
    """What the service is, who runs it and which version of it this is."""
    d = service.details
    return {
        "id": str(service.id),
        "name": d.name,
        "organisation_id": str(service.organisation_id),
        "organisation": organisation_name,
        "summary": d.summary or _summarise(d.description),
        "description": d.description,
        "url": d.url,
        "status": service.status.value,
        "updated_at": service.modified_on.isoformat(),
        "version": service.version,
    }


def _audience_fields(service: Service, categories: list[str]) -> dict[str, Any]:
    """Who the service is for: its categories (with their ancestors), needs and ages."""
    d = service.details
    return {
        "categories": categories,
        "category_names": [taxonomy.TERMS[c].name for c in categories],
        "audience": [a.value for a in d.audience],
        "needs": list(d.needs),
        "eligibility": d.eligibility,
        "min_age_months": d.ages.minimum_months if d.ages else 0,
        "max_age_months": d.ages.maximum_months if d.ages else 1500,
        **_children(service),
        "for_families": _for_families(d.audience, categories),
    }


def _cost_fields(cost: Cost) -> dict[str, Any]:
    return {
        "free": cost.free,
        "cost": "free" if cost.free else "charge",
        "cost_description": cost.description,
    }


def _access_fields(d: ServiceDetails) -> dict[str, Any]:
    """How a family gets to use it: referral, delivery, languages, accessibility."""
    routes = [r.value for r in d.referral_routes]
    return {
        "referral_routes": routes,
        "self_referral": ReferralRoute.SELF.value in routes
        or ReferralRoute.DROP_IN.value in routes,
        "delivery": [m.value for m in d.delivery],
        "languages": list(d.languages),
        "accessibility": list(d.accessibility),
    }


def _time_fields(service: Service) -> dict[str, Any]:
    """When it runs: its days (Monday first) and each session in words."""
    return {
        "days": sorted(
            {day.value for s in service.schedules for day in s.days}, key=list(DAY_NAMES).index
        ),
        "sessions": [
            SessionView(
                text=describe_schedule(s),
                days=[day.value for day in s.days],
                location_id=str(s.location_id) if s.location_id else "",
            )
            for s in service.schedules
        ],
    }


def _place_fields(service: Service) -> dict[str, Any]:
    """Where it is: its places, its point on the map and the area it covers."""
    locations = list(service.locations.values())
    position = service.position
    area = area_of(service.details.service_area)
    return {
        "locations": [_location(loc) for loc in locations],
        "postcodes": [loc.postcode for loc in locations if loc.postcode],
        "_geo": GeoPoint(lat=position.lat, lng=position.lon) if position else None,
        "service_area": service.details.service_area,
        "area_name": area.name if area else "",
        "area_districts": list(area.districts) if area else [],
    }


def _location(loc: Location) -> LocationView:
    return LocationView(
        id=str(loc.id),
        name=loc.name,
        address=loc.address,
        postcode=loc.postcode,
        lat=loc.position.lat if loc.position else None,
        lon=loc.position.lon if loc.position else None,
    )


def _trust_fields(service: Service) -> dict[str, Any]:
    """How to reach it, what to know first, and when it was last checked and by whom."""
    d, checked = service.details, service.verification
    closed = service.status.value == "temporarily_closed"
    return {
        "alert": d.alert or (service.status_reason if closed else ""),
        "contact": _contact(d.public_contact),
        "last_verified": checked.on.isoformat() if checked else "",
        "verified_by": checked.by if checked else "",
        "checked_at": _epoch(checked.on) if checked else 0,
    }


_PROFESSIONALS = {Audience.SCHOOL_STAFF, Audience.PROFESSIONALS}
_GROWN_UPS = {Audience.PARENTS, Audience.FAMILIES}
_YEARS = r"(\d{1,2})\s*(?:to|-|\u2013|and)\s*(\d{1,2})"
_CHILD_AGES = (
    re.compile(rf"\b(?:aged|ages)\s+{_YEARS}\b"),
    re.compile(rf"\b{_YEARS}[\s-]*(?:year|yr)s?[\s-]*olds?\b"),
)
_UNDER = re.compile(r"\b(?:under|under-)\s*(\d{1,2})s?\b|\bup to (\d{1,2})\b")


def _for_families(audience: list[Audience], categories: list[str]) -> bool:
    """False for training and for services only for school staff or other professionals."""
    if any(is_training(c) for c in categories):
        return False
    return not audience or not set(audience) <= _PROFESSIONALS


def _children(service: Service) -> dict[str, int]:
    """The ages of the children a service concerns, in months: a child's service's own ages;
    for a service for parents or families, the children's ages its words give ("parents of 3 to
    11 year olds", "children under 5"), or every age when they give none."""
    d = service.details
    own = (d.ages.minimum_months, d.ages.maximum_months) if d.ages else (0, 1500)
    parenting = any(c.split(".")[0] == "parenting" for c in service.categories)
    for_grown_ups = own[0] >= 16 * 12 and (bool(set(d.audience) & _GROWN_UPS) or parenting)
    if not for_grown_ups:
        return {"child_min_age_months": 1501, "child_max_age_months": -1}
    text = " ".join((d.name, d.summary, d.eligibility, d.description)).lower()
    low, high = 0, 1500
    for pattern in _CHILD_AGES:
        if m := pattern.search(text):
            low, high = sorted((int(m.group(1)), int(m.group(2))))
            low, high = low * 12, high * 12 + 11
            break
    else:
        if m := _UNDER.search(text):  # "under 5s" ends at 4; "up to 11" includes 11
            high = int(m.group(1)) * 12 - 1 if m.group(1) else int(m.group(2)) * 12 + 11
    return {"child_min_age_months": low, "child_max_age_months": high}


def _summarise(text: str, limit: int = 160) -> str:
    first = text.strip().split("\n", 1)[0]
    end = first.find(". ")
    if 0 < end < limit:
        return first[: end + 1]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _epoch(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())
