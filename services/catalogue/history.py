"""A service's history in words: for each event, who, when, and each field's before and after."""

from __future__ import annotations

import copy
import datetime as dt
from enum import Enum
from typing import Any

import msgspec

from services.catalogue import taxonomy
from services.catalogue.domain import Service, changed_fields
from services.catalogue.model import (
    STAFF_ONLY_FIELDS,
    AgeRange,
    Contact,
    Cost,
    Location,
    Schedule,
)
from services.shared.events import DomainEvent

FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "summary": "Summary",
    "url": "Website",
    "audience": "Who it is for",
    "ages": "Ages",
    "needs": "Needs and circumstances",
    "eligibility": "Who can use it",
    "cost": "Cost",
    "referral_routes": "Ways in",
    "delivery": "How it is offered",
    "languages": "Languages",
    "accessibility": "Accessibility",
    "public_contact": "Public contact",
    "service_area": "Area served",
    "alert": "Temporary alert",
    "staff_contact": "Referral contact (staff only)",
    "staff_notes": "Staff notes (staff only)",
    "thresholds": "Thresholds and criteria (staff only)",
    "waiting_time": "Waiting time (staff only)",
    "categories": "Types of help",
    "locations": "Places",
    "schedules": "When it runs",
    "status": "Status",
    "verification": "Last checked",
}
_HEADLINES = {
    "Registered": "Added to the directory",
    "DetailsUpdated": "Details changed",
    "Categorised": "Types of help changed",
    "SchedulesSet": "Times changed",
    "LocationAdded": "Place added",
    "LocationMoved": "Place changed",
    "LocationRemoved": "Place removed",
    "TemporarilyClosed": "Temporarily closed",
    "Reopened": "Reopened",
    "Withdrawn": "Withdrawn from the directory",
    "Verified": "Checked and confirmed",
}


class FieldChange(msgspec.Struct, frozen=True, kw_only=True):
    field: str
    label: str
    before: str
    after: str


class Change(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    at: dt.datetime
    actor: str
    headline: str
    fields: list[FieldChange]


def readable(value: Any) -> str:
    """Any field's value as a person would write it."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, Contact):
        return " · ".join(v for v in (value.name, value.phone, value.email, value.url) if v)
    if isinstance(value, Cost):
        return "Free" if value.free else f"Paid: {value.description or 'ask the service'}"
    if isinstance(value, Schedule):
        from projections.documents import describe_schedule

        return describe_schedule(value)
    if isinstance(value, AgeRange):
        low, high = value.minimum_months // 12, value.maximum_months // 12
        return f"{low} to {high} years" if high < 100 else f"{low} years and over"
    if isinstance(value, Location):
        return ", ".join(v for v in (value.name, value.address, value.postcode) if v)
    if isinstance(value, list):
        return "; ".join(readable(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(readable(v) for v in value.values()) or "(none)"
    if isinstance(value, msgspec.Struct):
        builtins = msgspec.to_builtins(value)
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in builtins.items())
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    return str(value)


def _snapshot(service: Service | None) -> dict[str, Any]:
    if service is None:
        return {}
    state = {name: getattr(service.details, name) for name in service.details.__struct_fields__}
    state["categories"] = [
        taxonomy.TERMS[c].name if c in taxonomy.TERMS else c for c in service.categories
    ]
    state["locations"] = list(service.locations.values())
    state["schedules"] = list(service.schedules)
    state["status"] = service.status.value.replace("_", " ")
    if service.status_reason:
        state["status"] += f" ({service.status_reason})"
    v = service.verification
    state["verification"] = f"{v.on:%d %B %Y} by {v.by}" if v else None
    return state


def readable_history(events: list[Any], *, staff: bool = True) -> list[Change]:
    """Each event with the fields it changed, before and after; staff-only fields on request."""
    changes: list[Change] = []
    service: Service | None = None
    for event in events:
        if not isinstance(event, DomainEvent):
            continue
        before = _snapshot(service)
        service = event.mutate(copy.deepcopy(service) if service is not None else None)
        after = _snapshot(service)
        names = list(after) if not before else [n for n in after if after[n] != before.get(n)]
        if isinstance(event, Service.DetailsUpdated):
            names = list(changed_fields(event.changes))
        fields = [
            FieldChange(
                field=name,
                label=FIELD_LABELS.get(name, name),
                before=readable(before.get(name)) if before else "",
                after=readable(after.get(name)),
            )
            for name in names
            if (staff or name not in STAFF_ONLY_FIELDS)
            and (before or readable(after.get(name)) not in ("", "(none)"))
        ]
        changes.append(
            Change(
                version=event.originator_version,
                at=event.timestamp,
                actor=event.actor,
                headline=_HEADLINES.get(type(event).__name__, type(event).__name__),
                fields=fields,
            )
        )
    return changes
