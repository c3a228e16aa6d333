"""Every field of a service in one form: read from the posted form into an edit, checked, and
written back from a service (or an edit) so the form shows it again."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from uuid import UUID, uuid4

import msgspec

from search.postcodes import PostcodeDirectory, UnknownPostcodeError
from services.catalogue.domain import Service
from services.catalogue.history import FIELD_LABELS
from services.catalogue.model import (
    Audience,
    Contact,
    Cost,
    Frequency,
    Location,
    Position,
    ReferralRoute,
    Schedule,
    ServiceDetails,
    ServiceEdit,
    Weekday,
)
from services.catalogue.proposals import EDITABLE_FIELDS, LONG_FIELDS, NOT_PROPOSABLE
from services.http.pages import views
from services.http.pages.staff.profile import category_groups, profile_from, profile_values
from services.shared.days import DAY_NAMES

Raw = dict[str, list[str]]
CONTACTS = ("public_contact", "staff_contact")
CONTACT_PARTS = {
    "name": "Person or team to ask for",
    "phone": "Phone",
    "email": "Email",
    "url": "Web address",
}
LINE_FIELDS = {
    "languages": "Languages spoken, one a line",
    "accessibility": "Accessibility, one a line",
    "needs": "Needs and circumstances it helps with, one a line",
}
AUDIENCE_LABELS = {a.value: views.AUDIENCE_LABELS.get(a.value, a.value) for a in Audience}
WHEN = {"all_year": "All year", "term_time": "Term time only", "holidays": "School holidays only"}
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


SHORT_MAX, LONG_MAX = 500, 20_000
_ROUTES = {r.value for r in ReferralRoute}


def validate(form: Any, names: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The submitted values of the text fields, and what is wrong with them."""
    values: dict[str, Any] = {name: str(form.get(name) or "").strip() for name in names}
    errors: dict[str, str] = {}
    if "name" in values and not values["name"]:
        errors["name"] = "Enter the service's name"
    for name, value in values.items():
        limit = LONG_MAX if name in LONG_FIELDS else SHORT_MAX
        if len(value) > limit:
            errors[name] = f"{EDITABLE_FIELDS[name]} must be {limit} characters or fewer"
    if values.get("url") and not values["url"].startswith(("http://", "https://")):
        errors["url"] = "Enter the website address starting with https://"
    return values, errors


def access_values(form: Any, errors: dict[str, str]) -> dict[str, Any]:
    """Ways in and cost from the form, as the catalogue's values."""
    routes = [ReferralRoute(v) for v in form.getall("referral_routes", []) if v in _ROUTES]
    free = str(form.get("free") or "yes") == "yes"
    description = str(form.get("cost_description") or "").strip()
    if not free and not description:
        errors["cost_description"] = "Say what it costs, for example £5 a session"
    if len(description) > SHORT_MAX:
        errors["cost_description"] = f"Describe the cost in {SHORT_MAX} characters or fewer"
    return {"referral_routes": routes, "cost": Cost(free=free, description=description)}


class FormData:
    """The posted form as lists of values by name (a multi-dict without the framework)."""

    def __init__(self, raw: Raw) -> None:
        self.raw = raw

    def get(self, name: str, default: Any = None) -> str | None:
        values = self.raw.get(name)
        return values[0] if values else default

    def getall(self, name: str, default: Any = None) -> list[str]:
        return list(self.raw.get(name, default or []))


def raw_of(form: Any) -> Raw:
    """A framework's multi-dict form as plain lists."""
    raw: Raw = {}
    for key, value in form.multi_items():
        raw.setdefault(key, []).append(str(value))
    return raw


def form_field(domain_field: str | None) -> str:
    """The form's input for a field the catalogue names (schedules[0].closes_at and the like)."""
    if not domain_field:
        return "name"
    if domain_field.startswith("ages."):
        return "min_age"
    name = re.sub(r"\[(\d+)\]\.?", r"-\1-", domain_field).replace(".", "-").rstrip("-")
    return name if name not in ("location-id", "location_id", "status") else "locations"


def _text(form: FormData, name: str) -> str:
    return str(form.get(name) or "").strip()


def _time(raw: str, field: str, label: str, errors: dict[str, str]) -> dt.time | None:
    if not raw:
        return None
    m = _TIME.match(raw.strip())
    hour, minute = (int(m.group(1)), int(m.group(2) or 0)) if m else (99, 0)
    if m and m.group(3):
        afternoon = m.group(3).lower() == "pm"
        hour = hour % 12 + (12 if afternoon else 0) if 1 <= hour <= 12 else 99
    if hour > 23 or minute > 59:
        errors[field] = f"Enter the time it {label} as a clock time, like 09:30 or 2pm"
        return None
    return dt.time(hour, minute)


def read_form(
    form: FormData,
    current: Service,
    postcodes: PostcodeDirectory,
    *,
    proposing: bool = False,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The values of every field (ServiceEdit's names) and what is wrong with them, by input."""
    names = [n for n in EDITABLE_FIELDS if not (proposing and n in NOT_PROPOSABLE)]
    values: dict[str, Any]
    values, errors = validate(form, names)
    values.update(access_values(form, errors))
    profile = profile_values(form, errors)
    values.update(ages=profile["ages"], delivery=profile["delivery"])
    values["categories"] = profile["categories"]
    values["audience"] = [Audience(a) for a in form.getall("audience") if a in AUDIENCE_LABELS]
    for name in LINE_FIELDS:
        lines = [line.strip() for line in str(form.get(name) or "").splitlines()]
        values[name] = list(dict.fromkeys(line for line in lines if line))
        if any(len(line) > 500 for line in values[name]):
            errors[name] = "Keep each line to 500 characters or fewer"
    for contact in CONTACTS:
        parts = {p: _text(form, f"{contact}-{p}")[:500] for p in CONTACT_PARTS}
        if parts["email"] and not _EMAIL.match(parts["email"]):
            errors[f"{contact}-email"] = "Enter an email address like name@example.org"
        if parts["url"] and not parts["url"].startswith(("http://", "https://")):
            errors[f"{contact}-url"] = "Enter the web address starting with https://"
        values[contact] = Contact(**parts)
    values["locations"] = _places(form, current, postcodes, errors)
    values["schedules"] = _sessions(form, {loc.id for loc in values["locations"]}, errors)
    return values, errors


def _places(
    form: FormData, current: Service, postcodes: PostcodeDirectory, errors: dict[str, str]
) -> list[Location]:
    places = []
    i = 0
    while f"locations-{i}-id" in form.raw:
        key = f"locations-{i}"
        name, address = _text(form, f"{key}-name"), _text(form, f"{key}-address")
        postcode = _text(form, f"{key}-postcode").upper()
        raw_id = _text(form, f"{key}-id")
        i += 1
        if form.get(f"{key}-remove") or not (raw_id or name or address or postcode):
            continue
        try:
            known = current.locations.get(UUID(raw_id)) if raw_id else None
        except ValueError:
            known = None
        if not (name or address):
            errors[f"{key}-name"] = "Give the place a name or an address"
            continue
        same_postcode = known is not None and known.postcode.upper() == postcode
        position = known.position if known and same_postcode else None
        if postcode and not same_postcode:
            try:
                found = postcodes.resolve(postcode)
            except UnknownPostcodeError:
                errors[f"{key}-postcode"] = "Enter a postcode we can find, for example E15 4BQ"
                continue
            position = Position(found.lat, found.lon)
        places.append(
            Location(
                id=known.id if known else uuid4(),
                name=name[:500],
                address=address[:500],
                postcode=known.postcode if known and same_postcode else postcode[:500],
                position=position,
                accessibility=list(known.accessibility) if known else [],
            )
        )
    return places


def _sessions(form: FormData, places: set[UUID], errors: dict[str, str]) -> list[Schedule]:
    sessions = []
    i = 0
    while f"schedules-{i}-present" in form.raw:
        key = f"schedules-{i}"
        i += 1
        days = [Weekday(d) for d in form.getall(f"{key}-days") if d in Weekday.__members__]
        opens, closes = _text(form, f"{key}-opens_at"), _text(form, f"{key}-closes_at")
        description = _text(form, f"{key}-description")[:500]
        if form.get(f"{key}-remove") or not (days or opens or closes or description):
            continue
        if not days:
            errors[f"{key}-days"] = "Choose the day or days the session runs"
        opens_at = _time(opens, f"{key}-opens_at", "opens", errors)
        closes_at = _time(closes, f"{key}-closes_at", "closes", errors)
        if opens_at and closes_at and opens_at >= closes_at:
            errors[f"{key}-closes_at"] = "The session must close after it opens"
        place = _text(form, f"{key}-location_id")
        location_id = UUID(place) if place and any(str(p) == place for p in places) else None
        when = _text(form, f"{key}-when")
        week = _text(form, f"{key}-week_of_month")
        monthly = _text(form, f"{key}-frequency") == Frequency.MONTHLY.value and week
        sessions.append(
            Schedule(
                frequency=Frequency.MONTHLY if monthly else Frequency.WEEKLY,
                week_of_month=int(week) if monthly and week.lstrip("-").isdigit() else None,
                days=days[:1] if monthly else days,
                opens_at=opens_at,
                closes_at=closes_at,
                term_time_only=when == "term_time",
                holidays_only=when == "holidays",
                location_id=location_id,
                description=description,
            )
        )
    return sessions


def edit_of(values: dict[str, Any], keep_theirs: set[str] = frozenset()) -> msgspec.Struct:  # type: ignore[assignment]
    """The catalogue's edit from the form's values, leaving out the fields the editor chose to
    take as they now are."""
    return ServiceEdit(**{k: v for k, v in values.items() if k not in keep_theirs})


def raw_from(
    details: ServiceDetails,
    categories: list[str],
    locations: list[Location],
    schedules: list[Schedule],
) -> Raw:
    """The form's inputs holding these values (how the form shows a service or a merged edit)."""
    raw: Raw = {n: [str(getattr(details, n))] for n in EDITABLE_FIELDS}
    raw["referral_routes"] = [getattr(r, "value", r) for r in details.referral_routes]
    raw["free"] = ["yes" if details.cost.free else "no"]
    raw["cost_description"] = [details.cost.description]
    profile = profile_from(details, categories)
    raw["min_age"], raw["max_age"] = [profile["min_age"]], [profile["max_age"]]
    raw["delivery"] = [getattr(d, "value", d) for d in details.delivery]
    raw["categories"] = list(categories)
    raw["audience"] = [getattr(a, "value", a) for a in details.audience]
    for name in LINE_FIELDS:
        raw[name] = ["\n".join(getattr(details, name))]
    for contact in CONTACTS:
        for part in CONTACT_PARTS:
            raw[f"{contact}-{part}"] = [getattr(getattr(details, contact), part)]
    for i, loc in enumerate(locations):
        raw[f"locations-{i}-id"] = [str(loc.id)]
        raw[f"locations-{i}-name"] = [loc.name]
        raw[f"locations-{i}-address"] = [loc.address]
        raw[f"locations-{i}-postcode"] = [loc.postcode]
    for i, s in enumerate(schedules):
        key = f"schedules-{i}"
        raw[f"{key}-present"] = ["1"]
        raw[f"{key}-days"] = [d.value for d in s.days]
        raw[f"{key}-opens_at"] = [f"{s.opens_at:%H:%M}" if s.opens_at else ""]
        raw[f"{key}-closes_at"] = [f"{s.closes_at:%H:%M}" if s.closes_at else ""]
        raw[f"{key}-location_id"] = [str(s.location_id) if s.location_id else ""]
        raw[f"{key}-description"] = [s.description]
        when = "term_time" if s.term_time_only else "holidays" if s.holidays_only else "all_year"
        raw[f"{key}-when"] = [when]
        raw[f"{key}-frequency"] = [s.frequency.value]
        raw[f"{key}-week_of_month"] = [str(s.week_of_month) if s.week_of_month else ""]
    return raw


def raw_of_service(service: Service) -> Raw:
    return raw_from(
        service.details,
        service.categories,
        list(service.locations.values()),
        service.schedules,
    )


def raw_of_edit(service: Service, edit: msgspec.Struct) -> Raw:
    """The form showing the service with the edit's values in place of its own."""
    values = {k: v for k in edit.__struct_fields__ if (v := getattr(edit, k)) is not msgspec.UNSET}
    parts = {k: values.pop(k) for k in ("categories", "locations", "schedules") if k in values}
    return raw_from(
        msgspec.structs.replace(service.details, **values),
        parts.get("categories", service.categories),
        parts.get("locations", list(service.locations.values())),
        parts.get("schedules", service.schedules),
    )


def form_context(raw: Raw, errors: dict[str, str], *, proposing: bool = False) -> dict[str, Any]:
    """What the service form's template needs to show these inputs and errors."""
    form = FormData(raw)
    places, place_options = _place_rows(form, errors)
    sessions = _session_rows(form, errors, place_options)
    hidden = NOT_PROPOSABLE if proposing else frozenset()
    return {
        **_text_groups(form, errors, hidden),
        **_choices(form),
        "lines": [
            {"name": n, "label": label, "value": _value(form, n), "error": errors.get(n)}
            for n, label in LINE_FIELDS.items()
        ],
        "contacts": [_contact_group(form, errors, c) for c in CONTACTS],
        "places": places,
        "sessions": sessions,
        "category_groups": category_groups(set(form.getall("categories"))),
        "labels": FIELD_LABELS,
    }


def _value(form: FormData, name: str) -> str:
    return str(form.get(name) or "")


def _text_groups(
    form: FormData, errors: dict[str, str], hidden: frozenset[str]
) -> dict[str, list[dict[str, Any]]]:
    """The text inputs by the form's sections; the staff-only ones less any left out."""

    def text(name: str) -> dict[str, Any]:
        return {
            "name": name,
            "label": EDITABLE_FIELDS[name],
            "value": _value(form, name),
            "long": name in LONG_FIELDS,
            "error": errors.get(name),
        }

    return {
        "about": [text(n) for n in ("name", "summary", "description", "url")],
        "who": [text(n) for n in ("eligibility", "service_area")],
        "notice": [text("alert")],
        "staff_only": [
            text(n) for n in ("waiting_time", "thresholds", "staff_notes") if n not in hidden
        ],
    }


def _checks(form: FormData, name: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    chosen = set(form.getall(name))
    return [{"value": v, "text": t, "checked": v in chosen} for v, t in labels.items()]


def _choices(form: FormData) -> dict[str, Any]:
    """Who it is for, how to get it, where, the cost and the ages."""
    free = _value(form, "free")
    return {
        "audience_items": _checks(form, "audience", AUDIENCE_LABELS),
        "route_items": _checks(form, "referral_routes", views.ROUTE_LABELS),
        "delivery_items": _checks(form, "delivery", views.DELIVERY_LABELS),
        "free_items": [
            {"value": "yes", "text": "Free", "checked": free != "no"},
            {"value": "no", "text": "There is a charge", "checked": free == "no"},
        ],
        "cost_description": _value(form, "cost_description"),
        "min_age": _value(form, "min_age"),
        "max_age": _value(form, "max_age"),
    }


def _contact_group(form: FormData, errors: dict[str, str], contact: str) -> dict[str, Any]:
    return {
        "name": contact,
        "legend": "Contact for families"
        if contact == "public_contact"
        else "Referral contact (staff only)",
        "parts": [
            {
                "id": f"{contact}-{p}",
                "label": label,
                "value": _value(form, f"{contact}-{p}"),
                "error": errors.get(f"{contact}-{p}"),
                "type": {"email": "email", "phone": "tel"}.get(p, "text"),
            }
            for p, label in CONTACT_PARTS.items()
        ],
    }


def _place_rows(
    form: FormData, errors: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """A row per place given and one blank; and the places a session can be at."""
    places = []
    i = 0
    while f"locations-{i}-id" in form.raw:
        places.append(_place_row(form, i, errors))
        i += 1
    places.append(_place_row(form, i, errors, new=True))
    options = [{"value": "", "text": "Not at one place (online, phone, home visits)"}] + [
        {
            "value": _value(form, f"locations-{j}-id"),
            "text": _value(form, f"locations-{j}-name") or _value(form, f"locations-{j}-address"),
        }
        for j in range(i)
        if _value(form, f"locations-{j}-id")
    ]
    return places, options


def _session_rows(
    form: FormData, errors: dict[str, str], place_options: list[dict[str, str]]
) -> list[dict[str, Any]]:
    """A row per session given and one blank."""
    sessions = []
    j = 0
    while f"schedules-{j}-present" in form.raw:
        sessions.append(_session_row(form, j, errors, place_options))
        j += 1
    sessions.append(_session_row(form, j, errors, place_options, new=True))
    return sessions


def _place_row(form: FormData, i: int, errors: dict[str, str], new: bool = False) -> dict[str, Any]:
    key = f"locations-{i}"
    return {
        "key": key,
        "number": i + 1,
        "new": new,
        "id": "" if new else str(form.get(f"{key}-id") or ""),
        "fields": [
            {
                "id": f"{key}-{p}",
                "label": label,
                "value": "" if new else str(form.get(f"{key}-{p}") or ""),
                "error": errors.get(f"{key}-{p}"),
                "width": "govuk-input--width-10" if p == "postcode" else "",
            }
            for p, label in (
                ("name", "Name of the place"),
                ("address", "Address"),
                ("postcode", "Postcode"),
            )
        ],
    }


def _session_row(
    form: FormData,
    i: int,
    errors: dict[str, str],
    place_options: list[dict[str, str]],
    new: bool = False,
) -> dict[str, Any]:
    key = f"schedules-{i}"

    def one(part: str) -> str:
        return "" if new else str(form.get(f"{key}-{part}") or "")

    days = set() if new else set(form.getall(f"{key}-days"))
    place = one("location_id")
    return {
        "key": key,
        "number": i + 1,
        "new": new,
        "frequency": one("frequency"),
        "week_of_month": one("week_of_month"),
        "day_items": [
            {"value": d.value, "text": DAY_NAMES[d.value], "checked": d.value in days}
            for d in Weekday
        ],
        "days_error": errors.get(f"{key}-days"),
        "opens_at": one("opens_at"),
        "closes_at": one("closes_at"),
        "times_error": errors.get(f"{key}-opens_at") or errors.get(f"{key}-closes_at"),
        "opens_error": errors.get(f"{key}-opens_at"),
        "closes_error": errors.get(f"{key}-closes_at"),
        "description": one("description"),
        "place_items": [{**o, "selected": o["value"] == place} for o in place_options],
        "when_items": [
            {"value": v, "text": t, "checked": (one("when") or "all_year") == v}
            for v, t in WHEN.items()
        ],
    }
