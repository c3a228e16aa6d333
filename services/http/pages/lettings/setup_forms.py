"""The venue manager's set-up forms read from text: each value, or an error naming its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from uuid import UUID

from services.shared.days import DAY_CODES, SHORT_DAY_NAMES
from services.venues.model import (
    AvailabilityRule,
    Contact,
    LettingsConditions,
    Period,
    Position,
    RoomDetails,
    Season,
    VenueDetails,
)

NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
KIND_LABELS = {"terms": "Term", "holidays": "Holiday", "closures": "Closure"}
RULE_ROWS = 4
MAX_TEXT = 300


def _text(values: Mapping[str, str], name: str) -> str:
    return str(values.get(name, "")).strip()


def whole(
    values: Mapping[str, str],
    name: str,
    errors: dict[str, str],
    label: str,
    *,
    lowest: int = 0,
    highest: int = 1_000_000_000,
) -> int | None:
    text = _text(values, name).replace(",", "").replace("£", "")
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        number = lowest - 1
    if not lowest <= number <= highest:
        errors[name] = f"Enter {label} as a whole number from {lowest:,} to {highest:,}"
        return None
    return number


def day(values: Mapping[str, str], name: str, errors: dict[str, str], label: str) -> dt.date | None:
    text = _text(values, name)
    try:
        found = dt.date.fromisoformat(text)
    except ValueError:
        errors[name] = f"Enter {label} as a date, like 2027-03-29"
        return None
    if not dt.date(2000, 1, 1) <= found <= dt.date(2100, 12, 31):
        errors[name] = f"Enter {label} between 2000 and 2100"
        return None
    return found


def clock(values: Mapping[str, str], name: str, errors: dict[str, str], label: str) -> dt.time:
    try:
        return dt.time.fromisoformat(_text(values, name))
    except ValueError:
        errors[name] = f"Enter {label} as a time, like 15:30"
        return dt.time.min


def listed(values: Mapping[str, str], name: str) -> list[str]:
    """A comma-separated list, like "kitchen, projector"."""
    return [p.strip()[:100] for p in _text(values, name).split(",") if p.strip()][:30]


def named(values: Mapping[str, str], name: str, errors: dict[str, str], label: str) -> str:
    text = _text(values, name)
    if not text:
        errors[name] = f"Enter {label}"
    elif len(text) > MAX_TEXT:
        errors[name] = f"Enter {label} in {MAX_TEXT} characters or fewer"
    return text[:MAX_TEXT]


def venue_details(
    values: Mapping[str, str], position: Position | None, errors: dict[str, str]
) -> VenueDetails:
    """The details form: name, address, contact, lettings conditions and the nation."""
    nation = _text(values, "nation") or "ENG"
    if nation not in NATIONS:
        errors["nation"] = "Choose England, Wales, Scotland or Northern Ireland"
        nation = "ENG"
    email = _text(values, "contact_email")
    if email and "@" not in email:
        errors["contact_email"] = "Enter an email address like lettings@school.example"
    conditions = _text(values, "conditions_text")
    if len(conditions) > 5000:
        errors["conditions_text"] = "Enter the conditions in 5,000 characters or fewer"
    return VenueDetails(
        name=named(values, "name", errors, "the venue's name"),
        address=_text(values, "address")[:MAX_TEXT],
        postcode=_text(values, "postcode").upper(),
        position=position,
        contact=Contact(
            name=_text(values, "contact_name")[:MAX_TEXT],
            email=email[:254],
            phone=_text(values, "contact_phone")[:50],
        ),
        conditions=LettingsConditions(
            text=conditions[:5000],
            requires_dbs=_text(values, "requires_dbs") == "yes",
            min_insurance_cover_pounds=whole(
                values, "min_insurance", errors, "the insurance cover in pounds"
            ),
            buffer_minutes=whole(
                values, "buffer_minutes", errors, "the minutes between lets", highest=24 * 60
            )
            or 0,
        ),
        nation=nation,
    )


def venue_values(details: VenueDetails) -> dict[str, str]:
    """The details form filled in from what is saved."""
    c = details.conditions
    return {
        "name": details.name,
        "address": details.address,
        "postcode": details.postcode,
        "contact_name": details.contact.name,
        "contact_email": details.contact.email,
        "contact_phone": details.contact.phone,
        "conditions_text": c.text,
        "requires_dbs": "yes" if c.requires_dbs else "",
        "min_insurance": str(c.min_insurance_cover_pounds or ""),
        "buffer_minutes": str(c.buffer_minutes or ""),
        "nation": details.nation,
    }


def period(values: Mapping[str, str], errors: dict[str, str]) -> tuple[str, Period | None]:
    """A term, holiday or closure: its kind, and the named run of days."""
    kind = _text(values, "kind")
    if kind not in KIND_LABELS:
        errors["kind"] = "Choose a term, a holiday or a closure"
    name = named(values, "period_name", errors, "a name, like Easter holiday")
    starts = day(values, "starts", errors, "the first day")
    ends = day(values, "ends", errors, "the last day")
    if starts and ends and ends < starts:
        errors["ends"] = "The last day must be the same as or after the first day"
    if errors or starts is None or ends is None:
        return kind, None
    return kind, Period(name=name, starts=starts, ends=ends)


def room_details(
    values: Mapping[str, str], rooms: Mapping[UUID, str] | None, errors: dict[str, str]
) -> RoomDetails:
    """`rooms`: the venue's other rooms, or None to leave whether `part_of` is one of them to
    the venue itself (the set-up pages do, so a saved form loads the venue once)."""
    part_of = None
    chosen = _text(values, "part_of")
    if chosen:
        try:
            part_of = UUID(chosen)
        except ValueError:
            part_of = None
        if part_of is None or (rooms is not None and part_of not in rooms):
            errors["part_of"] = "Choose one of this venue's rooms, or none"
            part_of = None
    capacity = whole(
        values, "capacity", errors, "how many people it holds", lowest=1, highest=10_000
    )
    if capacity is None and "capacity" not in errors:
        errors["capacity"] = "Enter how many people it holds, like 60"
    return RoomDetails(
        name=named(values, "room_name", errors, "the room's name, like Hall"),
        capacity=capacity or 1,
        facilities=listed(values, "facilities"),
        accessibility=listed(values, "accessibility"),
        part_of=part_of,
    )


def room_values(details: RoomDetails) -> dict[str, str]:
    return {
        "room_name": details.name,
        "capacity": str(details.capacity),
        "facilities": ", ".join(details.facilities),
        "accessibility": ", ".join(details.accessibility),
        "part_of": str(details.part_of or ""),
    }


def rules(values: Mapping[str, list[str]], errors: dict[str, str]) -> list[AvailabilityRule]:
    """The rule rows that have times; a row left blank is no rule."""
    found: list[AvailabilityRule] = []
    for i in range(RULE_ROWS):
        row = {k: (values.get(f"{k}_{i}") or [""])[0] for k in ("opens", "closes", "season")}
        if not (row["opens"].strip() or row["closes"].strip()):
            continue
        single = {f"opens_{i}": row["opens"], f"closes_{i}": row["closes"]}
        opens = clock(single, f"opens_{i}", errors, "the opening time")
        closes = clock(single, f"closes_{i}", errors, "the closing time")
        if f"opens_{i}" not in errors and f"closes_{i}" not in errors and closes <= opens:
            errors[f"closes_{i}"] = "The closing time must be after the opening time"
        days = [d for d in values.get(f"days_{i}", []) if d in DAY_CODES]
        if not days:
            errors[f"days_{i}"] = "Choose at least one day"
        season = row["season"] if row["season"] in Season._value2member_map_ else "any"
        found.append(AvailabilityRule(days=days, season=Season(season), opens=opens, closes=closes))
    return found


def rule_rows(saved: list[AvailabilityRule]) -> list[dict[str, object]]:
    """The form's rows: the saved rules, then blank rows up to RULE_ROWS."""
    rows: list[dict[str, object]] = [
        {
            "days": list(r.days),
            "season": str(r.season),
            "opens": f"{r.opens:%H:%M}",
            "closes": f"{r.closes:%H:%M}",
        }
        for r in saved[:RULE_ROWS]
    ]
    while len(rows) < RULE_ROWS:
        rows.append({"days": [], "season": "any", "opens": "", "closes": ""})
    return rows


def rows_from(values: Mapping[str, list[str]]) -> list[dict[str, object]]:
    """The form's rows as they were sent, to show them again beside their errors."""
    return [
        {
            "days": list(values.get(f"days_{i}", [])),
            "season": (values.get(f"season_{i}") or ["any"])[0],
            "opens": (values.get(f"opens_{i}") or [""])[0],
            "closes": (values.get(f"closes_{i}") or [""])[0],
        }
        for i in range(RULE_ROWS)
    ]


def describe_rule(rule: AvailabilityRule) -> str:
    """In words: "Mon, Tue, Wed, Thu, Fri, term time only: 15:30-18:00"."""
    if list(rule.days) == list(DAY_CODES):
        days = "Every day"
    elif list(rule.days) == list(DAY_CODES[:5]):
        days = "Mon to Fri"
    else:
        days = ", ".join(SHORT_DAY_NAMES[d] for d in DAY_CODES if d in rule.days)
    season = {"any": "", "term": ", term time only", "holiday": ", school holidays only"}
    return f"{days}{season[str(rule.season)]}: {rule.opens:%H:%M} to {rule.closes:%H:%M}"
