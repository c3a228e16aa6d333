"""Value objects of the catalogue: what a service is, aligned with Open Referral UK 3.0."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated
from uuid import UUID

import msgspec

from search.geo import Position as Position  # the one position, for every layer

Text = Annotated[str, msgspec.Meta(max_length=20_000)]
ShortText = Annotated[str, msgspec.Meta(max_length=500)]
Months = Annotated[int, msgspec.Meta(ge=0, le=1500)]


class Status(str, Enum):
    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily_closed"
    WITHDRAWN = "withdrawn"


class ReferralRoute(str, Enum):
    SELF = "self"
    SCHOOL = "school"
    GP = "gp"
    PROFESSIONAL = "professional"
    DROP_IN = "drop_in"


class Delivery(str, Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    HOME_VISIT = "home_visit"


class Weekday(str, Enum):
    MO = "MO"
    TU = "TU"
    WE = "WE"
    TH = "TH"
    FR = "FR"
    SA = "SA"
    SU = "SU"


class Frequency(str, Enum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class Audience(str, Enum):
    FAMILIES = "families"
    CHILDREN = "children"
    PARENTS = "parents"
    SCHOOL_STAFF = "school_staff"
    PROFESSIONALS = "professionals"


class Contact(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: ShortText = ""
    phone: ShortText = ""
    email: ShortText = ""
    url: ShortText = ""


class AgeRange(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Who the service is for by age, in whole months (ORUK counts years; months keep precision)."""

    minimum_months: Months = 0
    maximum_months: Months = 1500

    @property
    def minimum_years(self) -> int:
        return self.minimum_months // 12

    @property
    def maximum_years(self) -> int:
        return self.maximum_months // 12

    def includes_years(self, age: int) -> bool:
        return self.minimum_months <= age * 12 + 11 and age * 12 <= self.maximum_months


class Cost(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    free: bool = True
    description: ShortText = ""


class Location(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    id: UUID
    name: ShortText = ""
    address: ShortText = ""
    postcode: ShortText = ""
    position: Position | None = None
    accessibility: list[ShortText] = []


class Schedule(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A recurring session, as in iCalendar RRULE: weekly on days, or monthly on the Nth weekday."""

    frequency: Frequency = Frequency.WEEKLY
    days: list[Weekday] = []
    week_of_month: Annotated[int, msgspec.Meta(ge=-1, le=5)] | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    term_time_only: bool = False
    holidays_only: bool = False
    location_id: UUID | None = None
    description: ShortText = ""


class ServiceDetails(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The editable facts of a service; `update_service` compares these field by field."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    description: Text = ""
    summary: ShortText = ""
    url: ShortText = ""
    audience: list[Audience] = []
    ages: AgeRange | None = None
    needs: list[ShortText] = []
    eligibility: Text = ""
    cost: Cost = Cost()
    referral_routes: list[ReferralRoute] = []
    delivery: list[Delivery] = []
    languages: list[ShortText] = []
    accessibility: list[ShortText] = []
    public_contact: Contact = Contact()
    service_area: ShortText = ""
    alert: ShortText = ""
    # Staff-only: never in a public document or response.
    staff_contact: Contact = Contact()
    staff_notes: Text = ""
    thresholds: Text = ""
    waiting_time: ShortText = ""


STAFF_ONLY_FIELDS: frozenset[str] = frozenset(
    {"staff_contact", "staff_notes", "thresholds", "waiting_time"}
)
"""The details staff alone see: left out of public documents, pages, history and responses."""
DETAIL_FIELDS: tuple[str, ...] = ServiceDetails.__struct_fields__


class OrganisationDetails(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    description: Text = ""
    url: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""


class Verification(msgspec.Struct, frozen=True, kw_only=True):
    on: dt.date
    by: ShortText


# Lists whose order means nothing: the same items in another order are no change.
UNORDERED_FIELDS: frozenset[str] = frozenset(
    {"audience", "needs", "referral_routes", "delivery", "languages", "accessibility"}
)

_edit_fields: list[tuple[str, object, object]] = [
    (f.name, f.type | msgspec.UnsetType, msgspec.UNSET)
    for f in msgspec.structs.fields(ServiceDetails)
]
_edit_fields += [
    ("categories", list[str] | msgspec.UnsetType, msgspec.UNSET),
    ("locations", list[Location] | msgspec.UnsetType, msgspec.UNSET),
    ("schedules", list[Schedule] | msgspec.UnsetType, msgspec.UNSET),
]
ServiceEdit: type[msgspec.Struct] = msgspec.defstruct(
    "ServiceEdit",
    _edit_fields,
    kw_only=True,
    frozen=True,
    omit_defaults=True,
    forbid_unknown_fields=True,
    module=__name__,
)
"""An edit of a service: the fields it sets (any detail, and the whole list of types of help,
places or session times); a field left UNSET stays as it is."""

EDIT_PARTS: tuple[str, ...] = ("categories", "locations", "schedules")


def edit_values(edit: msgspec.Struct) -> dict[str, object]:
    """The fields an edit sets, by name."""
    return {
        name: value
        for name in edit.__struct_fields__
        if (value := getattr(edit, name)) is not msgspec.UNSET
    }
