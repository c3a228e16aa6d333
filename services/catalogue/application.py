"""The catalogue application: one method per use case, each loading, commanding and saving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from services.catalogue.domain import (
    ExternalId,
    Organisation,
    Service,
    changed_fields,
    same_value,
)
from services.catalogue.editorial import EditorialUseCases
from services.catalogue.history import Change, readable_history
from services.catalogue.model import (
    DETAIL_FIELDS,
    Location,
    OrganisationDetails,
    Schedule,
    ServiceDetails,
    ServiceEdit,
    Status,
    edit_values,
)
from services.catalogue.problems import ProblemKind, ProblemReport
from services.catalogue.records import OrganisationRecord, ServiceRecord
from services.shared.errors import ConflictError, NotFoundError, RuleViolationError
from services.shared.events import Aggregate, DomainEvent


class HistoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    event: str
    actor: str
    at: dt.datetime
    fields: list[str]


_EVENT_FIELDS: dict[str, list[str]] = {
    "Categorised": ["categories"],
    "SchedulesSet": ["schedules"],
    "LocationAdded": ["locations"],
    "LocationMoved": ["locations"],
    "LocationRemoved": ["locations"],
    "TemporarilyClosed": ["status"],
    "Reopened": ["status"],
    "Withdrawn": ["status"],
    "Verified": ["last_verified"],
}


def _fields_of(event: DomainEvent) -> list[str]:
    if isinstance(event, Service.DetailsUpdated):
        return list(changed_fields(event.changes))
    if isinstance(event, Service.Registered):
        return ["registered"]
    return _EVENT_FIELDS.get(event.name, [])


class StaleEditError(ConflictError):
    """The service changed since the editor opened it: `since` says what, by whom and when."""

    def __init__(self, version: int, expected: int, since: list[Change]) -> None:
        super().__init__(
            f"This record is now at version {version}, not {expected}: someone else changed it. "
            "Reload it and try again.",
            field="expected_version",
            detail={"version": version, "changed_meanwhile": msgspec.to_builtins(since)},
        )
        self.version = version
        self.since = since


def whole_details(details: ServiceDetails) -> msgspec.Struct:
    """An edit setting every detail field to these values."""
    return ServiceEdit(**{name: getattr(details, name) for name in DETAIL_FIELDS})


class MergedEdit(msgspec.Struct, frozen=True, kw_only=True):
    """An edit made on an older version, brought up to the current one: the editor's values
    where only they changed a field, the current ones where only others did. `conflicts` names
    the fields both changed (the editor's value kept, for them to choose)."""

    edit: msgspec.Struct
    conflicts: list[str]
    version: int
    since: list[Change]


class Catalogue(EditorialUseCases):
    """Organisations and the services they run; every change is an event with its actor."""

    name = "catalogue"
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "2000"}

    # -- organisations -------------------------------------------------------------------

    def register_organisation(
        self,
        details: OrganisationDetails,
        *,
        actor: str,
        external_id: str | None = None,
        id: UUID | None = None,
    ) -> UUID:
        org = Organisation.register(details, id=id or uuid4(), actor=actor, external_id=external_id)
        claim = (
            ExternalId.claim("organisation", external_id, org.id, actor=actor)
            if external_id
            else None
        )
        self._save(org, claim)
        return org.id

    def update_organisation(
        self,
        organisation_id: UUID,
        details: OrganisationDetails,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> bool:
        org = self.get_organisation(organisation_id)
        _check_version(org, expected_version)
        changed = org.update(details, actor=actor)
        self._save(org)
        return changed

    def get_organisation(self, organisation_id: UUID) -> Organisation:
        organisation: Organisation = self.load(organisation_id, Organisation, "organisation")
        return organisation

    # -- services ------------------------------------------------------------------------

    def register_service(
        self,
        organisation_id: UUID,
        details: ServiceDetails,
        *,
        actor: str,
        external_id: str | None = None,
        categories: list[str] | None = None,
        locations: list[Location] | None = None,
        schedules: list[Schedule] | None = None,
    ) -> UUID:
        self.get_organisation(organisation_id)
        service = Service.register(
            organisation_id, details, id=uuid4(), actor=actor, external_id=external_id
        )
        service.edit(
            ServiceEdit(
                categories=categories or [], locations=locations or [], schedules=schedules or []
            ),
            actor=actor,
        )
        claim = (
            ExternalId.claim("service", external_id, service.id, actor=actor)
            if external_id
            else None
        )
        self._save(service, claim)
        return service.id

    def edit_service(
        self,
        service_id: UUID,
        edit: msgspec.Struct,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> list[str]:
        """The one way a service's fields change (the API, the staff form, an approved proposal,
        an import): load once, record only the fields that differ, save once. A stale
        `expected_version` raises StaleEditError saying what changed meanwhile."""
        service = self.get_service(service_id)
        if expected_version is not None and expected_version != service.version:
            raise self._stale(service, expected_version)
        changed = service.edit(edit, actor=actor)
        self._save(service)
        return changed

    def merge_edit(
        self, service_id: UUID, edit: msgspec.Struct, *, base_version: int
    ) -> MergedEdit:
        """A three-way merge of an edit made on `base_version` with what changed since."""
        base = self.get_service_version(service_id, base_version)
        current = self.get_service(service_id)
        merged, conflicts = {}, []
        for name, mine in edit_values(edit).items():
            was, now = base.value_of(name), current.value_of(name)
            if same_value(name, was, now) or same_value(name, mine, now):
                merged[name] = mine
            elif same_value(name, mine, was):
                merged[name] = now
            else:
                merged[name] = mine
                conflicts.append(name)
        return MergedEdit(
            edit=ServiceEdit(**merged),
            conflicts=conflicts,
            version=current.version,
            since=self.changes_since(service_id, base_version),
        )

    def get_service_version(self, service_id: UUID, version: int) -> Service:
        """The service as it stood at that version."""
        try:
            service: Any = self.repository.get(service_id, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(f"No service {service_id}.") from None
        if not isinstance(service, Service):
            raise NotFoundError(f"No service {service_id}.")
        return service

    def changes_since(self, service_id: UUID, version: int) -> list[Change]:
        """Each change after `version`: who, when, and each field's before and after."""
        events = list(self.events.get(service_id))
        return [c for c in readable_history(events) if c.version > version]

    def update_service(
        self,
        service_id: UUID,
        details: ServiceDetails,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> list[str]:
        return self.edit_service(
            service_id, whole_details(details), actor=actor, expected_version=expected_version
        )

    def categorise_service(
        self,
        service_id: UUID,
        categories: list[str],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> bool:
        edit = ServiceEdit(categories=categories)
        return bool(
            self.edit_service(service_id, edit, actor=actor, expected_version=expected_version)
        )

    def set_service_schedules(
        self,
        service_id: UUID,
        schedules: list[Schedule],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> bool:
        edit = ServiceEdit(schedules=schedules)
        return bool(
            self.edit_service(service_id, edit, actor=actor, expected_version=expected_version)
        )

    def add_service_location(
        self,
        service_id: UUID,
        location: Location,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> None:
        with self._editing(service_id, expected_version) as service:
            service.add_location(location, actor=actor)

    def move_service_location(
        self,
        service_id: UUID,
        location: Location,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> bool:
        with self._editing(service_id, expected_version) as service:
            return service.move_location(location, actor=actor)

    def remove_service_location(
        self,
        service_id: UUID,
        location_id: UUID,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> None:
        with self._editing(service_id, expected_version) as service:
            service.remove_location(location_id, actor=actor)

    def temporarily_close_service(
        self, service_id: UUID, reason: str, *, actor: str, expected_version: int | None = None
    ) -> None:
        with self._editing(service_id, expected_version) as service:
            service.temporarily_close(reason, actor=actor)

    def reopen_service(
        self, service_id: UUID, *, actor: str, expected_version: int | None = None
    ) -> None:
        with self._editing(service_id, expected_version) as service:
            service.reopen(actor=actor)

    def organisation_of_service(self, service_id: UUID) -> UUID | None:
        """The service's organisation unless it is unknown or withdrawn (for bookings)."""
        service = self.find(service_id, Service)
        if service is None or service.status == Status.WITHDRAWN:
            return None
        return service.organisation_id

    def withdraw_service(
        self, service_id: UUID, reason: str, *, actor: str, expected_version: int | None = None
    ) -> None:
        with self._editing(service_id, expected_version) as service:
            service.withdraw(reason, actor=actor)

    def verify_service(
        self, service_id: UUID, on: dt.date, *, actor: str, expected_version: int | None = None
    ) -> bool:
        with self._editing(service_id, expected_version) as service:
            return service.verify(on, actor=actor)

    def get_service(self, service_id: UUID, *, as_of: dt.datetime | None = None) -> Service:
        if as_of is None:
            current: Service = self.load(service_id, Service, "service")
            return current
        aggregate: Any = None
        for event in self.events.get(service_id):
            if event.timestamp > as_of:  # type: ignore[attr-defined]
                break
            aggregate = event.mutate(aggregate)  # type: ignore[attr-defined]
        if not isinstance(aggregate, Service):
            raise NotFoundError(f"No service {service_id} existed at {as_of.isoformat()}.")
        return aggregate

    def service_history(self, service_id: UUID) -> list[HistoryEntry]:
        events = list(self.events.get(service_id))
        if not events or not isinstance(events[0], Service.Registered):
            raise NotFoundError(f"No service {service_id}.")
        return [
            HistoryEntry(
                version=e.originator_version,
                event=e.name,
                actor=e.actor,
                at=e.timestamp,
                fields=_fields_of(e),
            )
            for e in events
            if isinstance(e, DomainEvent)
        ]

    # -- records from outside (feeds, demo data) -------------------------------------------

    def find_by_external_id(self, kind: str, external_id: str) -> UUID | None:
        claim = self.find(ExternalId.id_for(kind, external_id), ExternalId)
        return None if claim is None else claim.target_id

    def sync_organisation(self, record: OrganisationRecord, *, actor: str) -> tuple[UUID, bool]:
        """Registers the organisation, or brings it up to date; returns (id, anything changed)."""
        existing = self.find_by_external_id("organisation", record.external_id)
        if existing is None:
            _check_unheld(self, record.id, "organisation")
            return self.register_organisation(
                record.details, actor=actor, external_id=record.external_id, id=record.id
            ), True
        return existing, self.update_organisation(existing, record.details, actor=actor)

    def sync_service(
        self, record: ServiceRecord, organisation_id: UUID, *, actor: str
    ) -> tuple[UUID, bool]:
        """Registers the service, or records only what changed since the last import."""
        existing = self.find_by_external_id("service", record.external_id)
        if existing is None:
            _check_unheld(self, record.id, "service")
            service = Service.register(
                organisation_id,
                record.details,
                id=record.id or uuid4(),
                actor=actor,
                external_id=record.external_id,
            )
            claim: ExternalId | None = ExternalId.claim(
                "service", record.external_id, service.id, actor=actor
            )
        else:
            service = self.get_service(existing)
            claim = None
            if service.status == Status.WITHDRAWN:
                return service.id, False
        edit = ServiceEdit(
            **{name: getattr(record.details, name) for name in DETAIL_FIELDS},
            categories=record.categories,
            locations=record.locations,
            schedules=record.schedules,
        )
        service.edit(edit, actor=actor)
        _sync_status(service, record.status, actor)
        if record.verification and record.verification != service.verification:
            service.trigger(Service.Verified, actor=actor, verification=record.verification)
        changed = bool(service._pending)
        if existing is None and record.registered_on is not None:
            _date_the_past(service, record.registered_on)
        self._save(service, claim)
        return service.id, changed

    # -- problems reported by families ---------------------------------------------------

    def report_problem(
        self, service_id: UUID, kind: ProblemKind, details: str = "", *, actor: str = "public"
    ) -> UUID:
        service = self.get_service(service_id)
        report = ProblemReport.report(
            id=uuid4(), service_id=service.id, kind=kind, details=details.strip(), actor=actor
        )
        self._save(report)
        return report.id

    # -- plumbing ------------------------------------------------------------------------

    @contextmanager
    def _editing(self, service_id: UUID, expected_version: int | None) -> Iterator[Service]:
        service = self.get_service(service_id)
        if expected_version is not None and expected_version != service.version:
            raise self._stale(service, expected_version)
        yield service
        self._save(service)

    def _stale(self, service: Service, expected: int) -> StaleEditError:
        return StaleEditError(service.version, expected, self.changes_since(service.id, expected))

    def _save(self, *aggregates: Aggregate | None) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                "Someone else changed this record at the same time. Reload it and try again."
            ) from None


def _date_the_past(service: Service, registered_on: dt.datetime) -> None:
    """A new record's events dated when they happened at the source: the record as it was
    registered then, its last check on the day of that check (never before registering)."""
    if registered_on.tzinfo is None:
        registered_on = registered_on.replace(tzinfo=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    registered_on = min(registered_on, now)
    dated = []
    for event in service._pending:
        at = registered_on
        if isinstance(event, Service.Verified):
            checked = dt.datetime.combine(event.verification.on, dt.time(12), tzinfo=dt.UTC)
            at = min(max(checked, registered_on), now)
        dated.append(msgspec.structs.replace(event, timestamp=at))
    service._pending = dated
    service.created_on = registered_on
    service.modified_on = dated[-1].timestamp if dated else registered_on


def _check_unheld(catalogue: Catalogue, own_id: UUID | None, what: str) -> None:
    """A feed's own id (a Signpost feed's) names nothing the catalogue already holds: importing
    an instance's export into itself must not overwrite, or crash on, what is there."""
    if own_id is not None and own_id in catalogue.repository:
        raise ConflictError(
            f"The {what} {own_id} is already in the catalogue, not from this feed.", field="id"
        )


def _check_version(aggregate: Aggregate, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != aggregate.version:
        raise ConflictError(
            f"This record is now at version {aggregate.version}, not {expected_version}: "
            "someone else changed it. Reload it and try again.",
            field="expected_version",
        )


def _sync_status(service: Service, status: Status, actor: str) -> None:
    if status == service.status:
        return
    if status == Status.WITHDRAWN:
        service.withdraw("Withdrawn at source", actor=actor)
    elif status == Status.TEMPORARILY_CLOSED:
        service.temporarily_close("Closed at source", actor=actor)
    elif service.status == Status.TEMPORARILY_CLOSED:
        service.reopen(actor=actor)
    else:
        raise RuleViolationError(f"Cannot move a service from {service.status} to {status}.")
