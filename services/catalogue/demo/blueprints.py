"""The shapes of the hand-written demo data: places, venues, providers and service templates."""

from __future__ import annotations

import msgspec

from services.catalogue.model import Audience, Delivery, ReferralRoute, Weekday

SCHOOL_KINDS = frozenset({"primary", "secondary", "special"})
KINDS = (
    "counselling",
    "relationship",
    "nhs",
    "housing",
    "advice",
    "parents",
    "parenting",
    "send",
    "hub",
    "community",
)

STEP_FREE = "Step-free access"
TOILET = "Accessible toilet"
LOOP = "Hearing loop"
CHANGING = "Baby changing"
PARKING = "Blue badge parking"
LIFT = "Lift to all floors"
STAIRS = "First floor, no lift: ground-floor room on request"
QUIET = "Quiet room available"
BUGGY = "Buggy park"


class Venue(msgspec.Struct, frozen=True):
    """A building where services are held; `kind` is primary, secondary, special, hub, clinic,
    community or office."""

    key: str
    name: str
    kind: str
    street: str
    postcode: str
    access: tuple[str, ...] = ()

    @property
    def district(self) -> str:
        return self.postcode.split()[0]

    def fits(self, wanted: str) -> bool:
        return self.kind == wanted or (wanted == "school" and self.kind in SCHOOL_KINDS)


class Place(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    name: str
    area: str
    town: str
    landline: str  # an Ofcom drama-range prefix: three digits follow
    districts: dict[str, tuple[float, float]]  # real postcode-district centroids
    venues: tuple[Venue, ...]
    languages: tuple[str, ...]


class Provider(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    name: str
    description: str
    domain: str
    office: Venue


class ScheduleBlueprint(msgspec.Struct, frozen=True, kw_only=True):
    """What the demo makes a catalogue `Schedule` of: a recurring session, monthly when
    `week_of_month` is set. `at` indexes the template's venues (None for sessions held online
    or by phone)."""

    days: tuple[Weekday, ...]
    opens: str
    closes: str
    week_of_month: int | None = None
    term_time: bool = False
    holidays: bool = False
    at: int | None = 0
    note: str = ""


class Template(msgspec.Struct, frozen=True, kw_only=True):
    """One kind of service, offered in every place. `names` are used one per place and
    `descriptions` in turn; texts may use {venue}, {place} and {area}. The first `ages` range
    is the catalogue's, the others are used by generated variations."""

    key: str
    kind: str
    names: tuple[str, ...]
    summary: str
    descriptions: tuple[str, ...]
    categories: tuple[str, ...]
    audience: tuple[Audience, ...]
    ages: tuple[tuple[int, int], ...] = ()
    needs: tuple[str, ...] = ()
    eligibility: str = ""
    cost: str = ""  # empty means free
    routes: tuple[ReferralRoute, ...]
    local_routes: dict[str, tuple[ReferralRoute, ...]] = {}
    delivery: tuple[Delivery, ...]
    venues: tuple[str, ...] = ()
    sessions: tuple[ScheduleBlueprint, ...] = ()
    fixed_days: bool = False
    languages: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    thresholds: str = ""
    waiting: str = ""
    staff_notes: str = ""


ADULTS = (216, 1500)  # 18 and over, in months


def provider(
    kind: str,
    name: str,
    domain: str,
    description: str,
    street: str,
    postcode: str,
    access: tuple[str, ...] = (STEP_FREE, TOILET),
) -> Provider:
    office = Venue(f"office-{domain}", name, "office", street, postcode, access)
    return Provider(
        kind=kind,
        name=name,
        description=description,
        domain=f"{domain}.example.org",
        office=office,
    )
