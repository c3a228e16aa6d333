"""The catalogue's aggregates: Organisation and Service, with past-tense nested events."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID, uuid5

import msgspec
from msgspec import UNSET, UnsetType

from services.catalogue import taxonomy
from services.catalogue.model import (
    DETAIL_FIELDS,
    UNORDERED_FIELDS,
    Location,
    OrganisationDetails,
    Position,
    Schedule,
    ServiceDetails,
    Status,
    Verification,
    edit_values,
)
from services.shared.dates import check_day
from services.shared.errors import RuleViolationError
from services.shared.events import Aggregate, DomainEvent
from services.shared.urls import is_safe_url

_fields = msgspec.structs.fields(ServiceDetails)
ServiceChanges: type[msgspec.Struct] = msgspec.defstruct(
    "ServiceChanges",
    [(f.name, f.type | UnsetType, UNSET) for f in _fields],
    kw_only=True,
    frozen=True,
    omit_defaults=True,
    forbid_unknown_fields=True,
    module=__name__,
)
"""Only the fields of ServiceDetails that changed; the others are left UNSET."""


def changed_fields(changes: msgspec.Struct) -> dict[str, Any]:
    return {
        name: value
        for name in changes.__struct_fields__
        if (value := getattr(changes, name)) is not UNSET
    }


def same_value(name: str, a: Any, b: Any) -> bool:
    """Whether two values of a field are the same; the order of an unordered list is no change."""
    if name in UNORDERED_FIELDS and isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def check_url(url: str, field: str, before: str | None = None) -> None:
    """A web address is http(s) with a host, mailto: or tel:. Only a changed one is checked,
    so an edit elsewhere never trips over an address stored before the rule."""
    if url and url != before and not is_safe_url(url):
        raise RuleViolationError(
            "Enter a web address starting with https:// (or a mailto: or tel: address).",
            field=field,
        )


def _check_details(details: ServiceDetails, before: ServiceDetails | None = None) -> None:
    if not details.name.strip():
        raise RuleViolationError("A service needs a name.", field="name")
    check_url(details.url, "url", before.url if before else None)
    for name in ("public_contact", "staff_contact"):
        old = getattr(before, name).url if before else None
        check_url(getattr(details, name).url, f"{name}.url", old)
    ages = details.ages
    if ages is not None and ages.minimum_months > ages.maximum_months:
        raise RuleViolationError(
            "The youngest age cannot be above the oldest age.", field="ages.minimum_months"
        )


def _check_categories(categories: list[str]) -> None:
    unknown = [c for c in categories if c not in taxonomy.TERMS]
    if unknown:
        raise RuleViolationError(f"Unknown category: {', '.join(unknown)}.", field="categories")


def _check_schedules(schedules: list[Schedule], location_ids: set[UUID]) -> None:
    for i, s in enumerate(schedules):
        where = f"schedules[{i}]"
        for name in ("opens_at", "closes_at"):
            if (getattr(s, name) or dt.time()).tzinfo is not None:
                raise RuleViolationError(
                    "Give the time as a local clock time such as 09:30, without a UTC offset.",
                    field=f"{where}.{name}",
                )
        if s.opens_at and s.closes_at and s.opens_at >= s.closes_at:
            raise RuleViolationError(
                "A session must close after it opens.", field=f"{where}.closes_at"
            )
        if s.term_time_only and s.holidays_only:
            raise RuleViolationError(
                "A session cannot be both term-time only and holidays only.", field=where
            )
        if s.frequency == "monthly" and (s.week_of_month is None or len(s.days) != 1):
            raise RuleViolationError(
                "A monthly session needs one day and the week of the month.", field=where
            )
        if s.location_id is not None and s.location_id not in location_ids:
            raise RuleViolationError(
                "A session can only be held at one of the service's locations.",
                field=f"{where}.location_id",
            )


class Organisation(Aggregate):
    """A provider: a charity, NHS trust, council team, school or housing association."""

    details: OrganisationDetails
    external_id: str | None

    class Registered(DomainEvent, frozen=True, kw_only=True):
        details: OrganisationDetails
        external_id: str | None = None

        def construct(self) -> Organisation:
            return Organisation(self.originator_id, self.timestamp)

        def apply(self, aggregate: Organisation) -> None:
            aggregate.details = self.details
            aggregate.external_id = self.external_id

    class DetailsUpdated(DomainEvent, frozen=True, kw_only=True):
        details: OrganisationDetails

        def apply(self, aggregate: Organisation) -> None:
            aggregate.details = self.details

    @classmethod
    def register(
        cls, details: OrganisationDetails, *, id: UUID, actor: str, external_id: str | None = None
    ) -> Organisation:
        if not details.name.strip():
            raise RuleViolationError("An organisation needs a name.", field="name")
        check_url(details.url, "url")
        return cls.start(
            cls.Registered, id=id, actor=actor, details=details, external_id=external_id
        )

    def update(self, details: OrganisationDetails, *, actor: str) -> bool:
        if details == self.details:
            return False
        check_url(details.url, "url", self.details.url)
        self.trigger(self.DetailsUpdated, actor=actor, details=details)
        return True


class Service(Aggregate):
    """Something a family or professional can use: who it is for, how to get in, when and where."""

    organisation_id: UUID
    external_id: str | None
    details: ServiceDetails
    categories: list[str]
    locations: dict[UUID, Location]
    schedules: list[Schedule]
    status: Status
    status_reason: str
    verification: Verification | None

    class Registered(DomainEvent, frozen=True, kw_only=True):
        organisation_id: UUID
        details: ServiceDetails
        external_id: str | None = None

        def construct(self) -> Service:
            return Service(self.originator_id, self.timestamp)

        def apply(self, aggregate: Service) -> None:
            aggregate.organisation_id = self.organisation_id
            aggregate.external_id = self.external_id
            aggregate.details = self.details
            aggregate.categories = []
            aggregate.locations = {}
            aggregate.schedules = []
            aggregate.status = Status.ACTIVE
            aggregate.status_reason = ""
            aggregate.verification = None

    class DetailsUpdated(DomainEvent, frozen=True, kw_only=True):
        changes: ServiceChanges  # type: ignore[valid-type]

        def apply(self, aggregate: Service) -> None:
            aggregate.details = msgspec.structs.replace(
                aggregate.details, **changed_fields(self.changes)
            )

    class Categorised(DomainEvent, frozen=True, kw_only=True):
        categories: list[str]

        def apply(self, aggregate: Service) -> None:
            aggregate.categories = list(self.categories)

    class SchedulesSet(DomainEvent, frozen=True, kw_only=True):
        schedules: list[Schedule]

        def apply(self, aggregate: Service) -> None:
            aggregate.schedules = list(self.schedules)

    class LocationAdded(DomainEvent, frozen=True, kw_only=True):
        location: Location

        def apply(self, aggregate: Service) -> None:
            aggregate.locations[self.location.id] = self.location

    class LocationMoved(DomainEvent, frozen=True, kw_only=True):
        location: Location

        def apply(self, aggregate: Service) -> None:
            aggregate.locations[self.location.id] = self.location

    class LocationRemoved(DomainEvent, frozen=True, kw_only=True):
        location_id: UUID

        def apply(self, aggregate: Service) -> None:
            aggregate.locations.pop(self.location_id, None)

    class TemporarilyClosed(DomainEvent, frozen=True, kw_only=True):
        reason: str

        def apply(self, aggregate: Service) -> None:
            aggregate.status = Status.TEMPORARILY_CLOSED
            aggregate.status_reason = self.reason

    class Reopened(DomainEvent, frozen=True, kw_only=True):
        def apply(self, aggregate: Service) -> None:
            aggregate.status = Status.ACTIVE
            aggregate.status_reason = ""

    class Withdrawn(DomainEvent, frozen=True, kw_only=True):
        reason: str

        def apply(self, aggregate: Service) -> None:
            aggregate.status = Status.WITHDRAWN
            aggregate.status_reason = self.reason

    class Verified(DomainEvent, frozen=True, kw_only=True):
        verification: Verification

        def apply(self, aggregate: Service) -> None:
            aggregate.verification = self.verification

    @classmethod
    def register(
        cls,
        organisation_id: UUID,
        details: ServiceDetails,
        *,
        id: UUID,
        actor: str,
        external_id: str | None = None,
    ) -> Service:
        _check_details(details)
        return cls.start(
            cls.Registered,
            id=id,
            actor=actor,
            organisation_id=organisation_id,
            details=details,
            external_id=external_id,
        )

    def _check_editable(self) -> None:
        if self.status == Status.WITHDRAWN:
            raise RuleViolationError("A withdrawn service cannot be changed.", field="status")

    def update(self, details: ServiceDetails, *, actor: str) -> list[str]:
        """Records only the fields that differ; returns their names."""
        self._check_editable()
        _check_details(details, self.details)
        changes = {
            name: getattr(details, name)
            for name in DETAIL_FIELDS
            if not same_value(name, getattr(details, name), getattr(self.details, name))
        }
        if changes:
            self.trigger(self.DetailsUpdated, actor=actor, changes=ServiceChanges(**changes))
        return list(changes)

    def edit(self, edit: msgspec.Struct, *, actor: str) -> list[str]:
        """Sets what the edit names (see model.ServiceEdit) and records only what differs:
        details, then places added or changed, types of help, session times, places removed
        (sessions may move to a new place before an old one goes). Returns the changed names."""
        self._check_editable()
        values = edit_values(edit)
        parts = {k: values.pop(k) for k in ("categories", "locations", "schedules") if k in values}
        changed = self.update(msgspec.structs.replace(self.details, **values), actor=actor)
        locations: list[Location] | None = parts.get("locations")  # type: ignore[assignment]
        moved = False
        for location in locations or []:
            if location.id not in self.locations:
                self.add_location(location, actor=actor)
                moved = True
            else:
                moved = self.move_location(location, actor=actor) or moved
        if "categories" in parts and self.categorise(parts["categories"], actor=actor):  # type: ignore[arg-type]
            changed.append("categories")
        if "schedules" in parts and self.set_schedules(parts["schedules"], actor=actor):  # type: ignore[arg-type]
            changed.append("schedules")
        if locations is not None:
            for location_id in set(self.locations) - {loc.id for loc in locations}:
                self.remove_location(location_id, actor=actor)
                moved = True
        if moved:
            changed.append("locations")
        return changed

    def categorise(self, categories: list[str], *, actor: str) -> bool:
        self._check_editable()
        _check_categories(categories)
        unique = list(dict.fromkeys(categories))
        if sorted(unique) == sorted(self.categories):
            return False
        self.trigger(self.Categorised, actor=actor, categories=unique)
        return True

    def set_schedules(self, schedules: list[Schedule], *, actor: str) -> bool:
        self._check_editable()
        _check_schedules(schedules, set(self.locations))
        if schedules == self.schedules:
            return False
        self.trigger(self.SchedulesSet, actor=actor, schedules=schedules)
        return True

    def add_location(self, location: Location, *, actor: str) -> None:
        self._check_editable()
        if location.id in self.locations:
            raise RuleViolationError("The service already has that location.", field="location.id")
        self.trigger(self.LocationAdded, actor=actor, location=location)

    def move_location(self, location: Location, *, actor: str) -> bool:
        self._check_editable()
        if location.id not in self.locations:
            raise RuleViolationError("The service has no such location.", field="location.id")
        if self.locations[location.id] == location:
            return False
        self.trigger(self.LocationMoved, actor=actor, location=location)
        return True

    def remove_location(self, location_id: UUID, *, actor: str) -> None:
        self._check_editable()
        if location_id not in self.locations:
            raise RuleViolationError("The service has no such location.", field="location_id")
        if any(s.location_id == location_id for s in self.schedules):
            raise RuleViolationError(
                "Sessions are still held at that location: move or remove them first.",
                field="location_id",
            )
        self.trigger(self.LocationRemoved, actor=actor, location_id=location_id)

    def temporarily_close(self, reason: str, *, actor: str) -> None:
        self._check_editable()
        if self.status == Status.TEMPORARILY_CLOSED:
            raise RuleViolationError("The service is already temporarily closed.", field="status")
        self.trigger(self.TemporarilyClosed, actor=actor, reason=reason)

    def reopen(self, *, actor: str) -> None:
        if self.status != Status.TEMPORARILY_CLOSED:
            raise RuleViolationError(
                "Only a temporarily closed service can reopen.", field="status"
            )
        self.trigger(self.Reopened, actor=actor)

    def withdraw(self, reason: str, *, actor: str) -> None:
        self._check_editable()
        self.trigger(self.Withdrawn, actor=actor, reason=reason)

    def verify(self, on: dt.date, *, actor: str) -> bool:
        self._check_editable()
        check_day(on, "on")
        if on > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
            raise RuleViolationError("A service cannot be verified in the future.", field="on")
        verification = Verification(on=on, by=actor)
        if verification == self.verification:
            return False
        self.trigger(self.Verified, actor=actor, verification=verification)
        return True

    def value_of(self, name: str) -> Any:
        """A field's value by the name an edit gives it (a detail, categories, places, times)."""
        if name == "categories":
            return self.categories
        if name == "locations":
            return list(self.locations.values())
        if name == "schedules":
            return self.schedules
        return getattr(self.details, name)

    @property
    def position(self) -> Position | None:
        return next((loc.position for loc in self.locations.values() if loc.position), None)


_EXTERNAL_IDS = UUID("5d1c8f4e-7a53-4a43-9f0e-2d7c1f3b9a61")


class ExternalId(Aggregate):
    """Claims one source id (e.g. a feed's service id) for one aggregate, so it stays unique."""

    target_id: UUID

    class Claimed(DomainEvent, frozen=True, kw_only=True):
        target_id: UUID
        key: str

        def construct(self) -> ExternalId:
            return ExternalId(self.originator_id, self.timestamp)

        def apply(self, aggregate: ExternalId) -> None:
            aggregate.target_id = self.target_id

    @staticmethod
    def id_for(kind: str, external_id: str) -> UUID:
        return uuid5(_EXTERNAL_IDS, f"{kind}:{external_id}")

    @classmethod
    def claim(cls, kind: str, external_id: str, target_id: UUID, *, actor: str) -> ExternalId:
        key = f"{kind}:{external_id}"
        return cls.start(
            cls.Claimed, id=cls.id_for(kind, external_id), actor=actor, target_id=target_id, key=key
        )
