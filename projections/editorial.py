"""The editors' read model: providers' proposals, families' problem reports, services' names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any
from uuid import UUID

import msgspec

from projections.sql.port import Changes, Table, TableStore
from projections.sql.projection import TableProjection
from projections.sql.values import from_instant, from_json, instant, json
from services.catalogue.domain import Organisation, Service, changed_fields
from services.catalogue.problems import ProblemKind, ProblemReport
from services.catalogue.proposals import Proposal, ProposalStatus


class ProposalRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    service_id: UUID
    organisation_id: UUID
    service_name: str
    proposer: str
    created_on: dt.datetime
    changes: dict[str, Any]  # a ServiceEdit's fields as plain values
    status: ProposalStatus
    reason: str


class ProblemRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    service_id: UUID
    service_name: str
    kind: ProblemKind
    details: str
    actor: str
    reported_on: dt.datetime
    resolved: bool
    outcome: str = ""
    fixed: bool = False
    resolved_by: str = ""
    resolved_on: dt.datetime | None = None


class EditorialProjection(TableProjection):
    name = "editorial"
    tables = (
        Table(
            name="proposals",
            columns={
                "id": "text",
                "service_id": "text",
                "organisation_id": "text",
                "proposer": "text",
                "submitted_on": "text",
                "changes": "text",
                "status": "text",
                "reason": "text",
            },
            key=("id",),
            indexes=(("status", "submitted_on"), ("organisation_id", "submitted_on")),
        ),
        Table(
            name="problems",
            columns={
                "id": "text",
                "service_id": "text",
                "kind": "text",
                "details": "text",
                "actor": "text",
                "reported_on": "text",
                "resolved": "int",
                "outcome": "text",
                "fixed": "int",
                "resolved_by": "text",
                "resolved_on": "text",
            },
            key=("id",),
            indexes=(
                ("resolved", "reported_on"),
                ("resolved", "resolved_on"),
                ("service_id", "reported_on"),
                ("reported_on",),
            ),
        ),
        Table(name="services", columns={"id": "text", "name": "text"}, key=("id",)),
        Table(
            name="organisations",
            columns={"id": "text", "name": "text"},
            key=("id",),
            indexes=(("name",),),
        ),
    )
    events = (
        Proposal.Submitted,
        Proposal.Approved,
        Proposal.Rejected,
        ProblemReport.Reported,
        ProblemReport.Resolved,
        Service.Registered,
        Service.DetailsUpdated,
        Organisation.Registered,
        Organisation.DetailsUpdated,
    )

    def project(self, event: Any, changes: Changes) -> None:
        id_ = str(event.originator_id)
        if isinstance(event, Proposal.Submitted):
            changes.upsert(
                "proposals",
                id=id_,
                service_id=str(event.service_id),
                organisation_id=str(event.organisation_id),
                proposer=event.actor,
                submitted_on=instant(event.timestamp),
                changes=json(event.changes),
                status=ProposalStatus.PENDING.value,
                reason="",
            )
        elif isinstance(event, Proposal.Approved):
            changes.update("proposals", {"id": id_}, status=ProposalStatus.APPROVED.value)
        elif isinstance(event, Proposal.Rejected):
            changes.update(
                "proposals", {"id": id_}, status=ProposalStatus.REJECTED.value, reason=event.reason
            )
        elif isinstance(event, ProblemReport.Reported):
            changes.upsert(
                "problems",
                id=id_,
                service_id=str(event.service_id),
                kind=event.kind.value,
                details=event.details,
                actor=event.actor,
                reported_on=instant(event.timestamp),
                resolved=0,
                outcome="",
                fixed=0,
                resolved_by="",
                resolved_on="",
            )
        elif isinstance(event, ProblemReport.Resolved):
            changes.update(
                "problems",
                {"id": id_},
                resolved=1,
                outcome=event.outcome,
                fixed=int(event.fixed),
                resolved_by=event.actor,
                resolved_on=instant(event.timestamp),
            )
        elif isinstance(event, Organisation.Registered | Organisation.DetailsUpdated):
            changes.upsert("organisations", id=id_, name=event.details.name)
        elif isinstance(event, Service.Registered):
            changes.upsert("services", id=id_, name=event.details.name)
        elif "name" in (changed := changed_fields(event.changes)):
            changes.upsert("services", id=id_, name=changed["name"])


_PROPOSALS = (
    "SELECT p.id, p.service_id, p.organisation_id, COALESCE(s.name, ''), p.proposer,"
    " p.submitted_on, p.changes, p.status, p.reason"
    " FROM {proposals} p LEFT JOIN {services} s ON s.id = p.service_id"
)
_PROBLEMS = (
    "SELECT p.id, p.service_id, COALESCE(s.name, ''), p.kind, p.details, p.actor,"
    " p.reported_on, p.resolved, COALESCE(p.outcome, ''), COALESCE(p.fixed, 0),"
    " COALESCE(p.resolved_by, ''), COALESCE(p.resolved_on, '')"
    " FROM {problems} p LEFT JOIN {services} s ON s.id = p.service_id"
)


class EditorialView:
    """What the editor's list and the providers' page read: indexed queries, oldest first."""

    def __init__(self, store: TableStore) -> None:
        self.store = store

    def proposals(
        self,
        *,
        status: ProposalStatus | None = None,
        organisations: Collection[UUID] | None = None,
    ) -> list[ProposalRow]:
        where, params = [], list[str]()
        if status is not None:
            where.append("p.status = ?")
            params.append(status.value)
        if organisations is not None:
            if not organisations:
                return []
            where.append(f"p.organisation_id IN ({', '.join('?' * len(organisations))})")
            params += [str(o) for o in organisations]
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self.store.rows(f"{_PROPOSALS}{condition} ORDER BY p.submitted_on, p.id", *params)
        return [_proposal(row) for row in rows]

    def open_problems(self) -> list[ProblemRow]:
        rows = self.store.rows(f"{_PROBLEMS} WHERE p.resolved = 0 ORDER BY p.reported_on, p.id")
        return [_problem(row) for row in rows]

    def organisations(self) -> list[tuple[UUID, str]]:
        """Every organisation's id and name, by name (for choosing who runs a new service)."""
        rows = self.store.rows("SELECT id, name FROM {organisations} ORDER BY name, id")
        return [(UUID(id_), name) for id_, name in rows]

    def resolved_problems(self, *, limit: int = 50) -> list[ProblemRow]:
        """The reports dealt with, the most recently dealt with first, with what was done."""
        rows = self.store.rows(
            f"{_PROBLEMS} WHERE p.resolved = 1 ORDER BY p.resolved_on DESC, p.id LIMIT ?", limit
        )
        return [_problem(row) for row in rows]

    def problem_reports(self, service_id: UUID | None = None) -> list[ProblemRow]:
        """Every report in the order they came, optionally for one service."""
        if service_id is None:
            rows = self.store.rows(f"{_PROBLEMS} ORDER BY p.reported_on, p.id")
        else:
            rows = self.store.rows(
                f"{_PROBLEMS} WHERE p.service_id = ? ORDER BY p.reported_on, p.id", str(service_id)
            )
        return [_problem(row) for row in rows]


def _proposal(row: tuple[Any, ...]) -> ProposalRow:
    id_, service, organisation, name, proposer, on, changes, status, reason = row
    return ProposalRow(
        id=UUID(id_),
        service_id=UUID(service),
        organisation_id=UUID(organisation),
        service_name=name,
        proposer=proposer,
        created_on=from_instant(on),
        changes=from_json(changes, dict[str, Any]),
        status=ProposalStatus(status),
        reason=reason,
    )


def _problem(row: tuple[Any, ...]) -> ProblemRow:
    id_, service, name, kind, details, actor, on, resolved, outcome, fixed, by, resolved_on = row
    return ProblemRow(
        id=UUID(id_),
        service_id=UUID(service),
        service_name=name,
        kind=ProblemKind(kind),
        details=details,
        actor=actor,
        reported_on=from_instant(on),
        resolved=bool(resolved),
        outcome=outcome,
        fixed=bool(fixed),
        resolved_by=by,
        resolved_on=from_instant(resolved_on) if resolved_on else None,
    )
