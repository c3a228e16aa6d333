"""The booker's request form: each field read from text, with an error naming the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from services.bookings.model import BookingDetails, Declarations, Slot

MAX_PEOPLE = 10_000


@dataclass(frozen=True)
class RequestForm:
    values: dict[str, str]

    @classmethod
    def of(cls, values: dict[str, str]) -> RequestForm:
        return cls({k: str(v).strip() for k, v in values.items()})

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def date(
        self, name: str, errors: dict[str, str], label: str, *, needed: bool
    ) -> dt.date | None:
        text = self.get(name)
        if not text:
            if needed:
                errors[name] = f"Enter {label}"
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = f"Enter {label} as a date, like 2026-07-27"
            return None

    def time(self, name: str, errors: dict[str, str], label: str) -> dt.time | None:
        text = self.get(name)
        try:
            return dt.time.fromisoformat(text)
        except ValueError:
            errors[name] = f"Enter {label} as a time, like 15:30"
            return None

    def slot(self, errors: dict[str, str]) -> Slot | None:
        day = self.date("day", errors, "the date", needed=True)
        starts = self.time("starts", errors, "the start time")
        ends = self.time("ends", errors, "the end time")
        if starts and ends and ends <= starts:
            errors["ends"] = "The end time must be after the start time"
        if day is None or starts is None or ends is None or "ends" in errors:
            return None
        return Slot(day=day, starts=starts, ends=ends)

    def attendees(self, errors: dict[str, str], *, field: str = "attendees") -> int:
        try:
            people = int(self.get(field) or self.get("attendees"))
        except ValueError:
            people = 0
        if not 1 <= people <= MAX_PEOPLE:
            errors[field] = "Enter how many people, as a number like 20"
        return people

    def uuid(self, name: str, errors: dict[str, str], label: str) -> UUID | None:
        text = self.get(name)
        if not text:
            return None
        try:
            return UUID(text)
        except ValueError:
            errors[name] = f"Enter {label} as an id, like 3f2a…-…, or leave it blank"
            return None


def parse_request(
    values: dict[str, str],
    venue_id: UUID,
    room_id: UUID,
    organisations: tuple[UUID, ...],
    errors: dict[str, str],
) -> tuple[BookingDetails, Slot, dt.date | None] | None:
    """The booking to request, its first slot and the last day of a weekly series; or None."""
    form = RequestForm.of(values)
    organisation = form.uuid("organisation_id", errors, "the organisation")
    if organisation is None and len(organisations) == 1:
        organisation = organisations[0]
    if organisation is None or organisation not in organisations:
        errors["organisation_id"] = "Choose the organisation you are booking for"
    slot = form.slot(errors)
    until = None
    if form.get("repeat") == "weekly":
        until = form.date("weekly_until", errors, "the last date of the series", needed=True)
    purpose = form.get("purpose")
    if not purpose:
        errors["purpose"] = "Enter what the room is for"
    elif len(purpose) > 200:
        errors["purpose"] = "Describe the purpose in 200 characters or fewer"
    people = form.attendees(errors)
    service = form.uuid("service_id", errors, "the catalogue service")
    dbs = form.get("dbs_checked") == "yes"
    dbs_expires = form.date("dbs_expires", errors, "when the DBS checks expire", needed=dbs)
    cover_text = form.get("insurance_cover_pounds").replace(",", "").replace("£", "")
    cover = None
    if cover_text:
        try:
            cover = int(cover_text)
        except ValueError:
            errors["insurance_cover_pounds"] = "Enter the insurance cover in pounds, like 5000000"
    insurance_expires = form.date(
        "insurance_expires", errors, "when the insurance expires", needed=cover is not None
    )
    if errors or slot is None or organisation is None:
        return None
    details = BookingDetails(
        venue_id=venue_id,
        room_id=room_id,
        organisation_id=organisation,
        purpose=purpose,
        attendees=people,
        declarations=Declarations(
            dbs_checked=dbs,
            dbs_expires=dbs_expires,
            insurance_cover_pounds=cover,
            insurance_expires=insurance_expires,
        ),
        service_id=service,
    )
    return details, slot, until
