"""Keeping the directory true: proposals from providers, the review queue, problem triage
(their lists are the editorial read model, projections/editorial.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any
from uuid import UUID, uuid4

import msgspec

from services.catalogue.domain import Service, same_value
from services.catalogue.model import ServiceEdit, Status, edit_values
from services.catalogue.problems import ProblemReport
from services.catalogue.proposals import Proposal
from services.shared.application import MsgspecApplication
from services.shared.errors import ForbiddenError

REVIEW_AFTER = dt.timedelta(days=90)
"""A service not checked for longer than this (about three months) is due for review: it waits in
the editors' queue, its page warns families, and the insights count it as out of date."""


def due_for_review(checked: dt.date | None, today: dt.date) -> bool:
    """Whether a service last checked on `checked` (None: never) is due for review `today`."""
    return checked is None or today - checked > REVIEW_AFTER


class EditorialUseCases(MsgspecApplication):
    """The Catalogue's editorial use cases (its base); approvals save the service with them."""

    def propose_service_change(
        self,
        service_id: UUID,
        changes: msgspec.Struct | dict[str, Any],
        *,
        actor: str,
        organisations: Collection[UUID] | None,
    ) -> UUID:
        """`organisations` are those the proposer acts for (None: any, for editors); only the
        fields that differ from the service as it is are kept."""
        service = self.service_to_propose(service_id, organisations=organisations)
        edit = changes if isinstance(changes, msgspec.Struct) else ServiceEdit(**changes)
        proposal = Proposal.submit(
            id=uuid4(),
            service_id=service.id,
            organisation_id=service.organisation_id,
            base_version=service.version,
            changes=ServiceEdit(**differences(service, edit)),
            actor=actor,
        )
        self._save(proposal)  # type: ignore[attr-defined]
        return proposal.id

    def service_to_propose(
        self, service_id: UUID, *, organisations: Collection[UUID] | None
    ) -> Service:
        """The service, if the proposer acts for its organisation (None: any, for editors)."""
        service: Service = self.get_service(service_id)  # type: ignore[attr-defined]
        if organisations is not None and service.organisation_id not in organisations:
            raise ForbiddenError("You can only propose changes to your organisation's services.")
        return service

    def get_proposal(self, proposal_id: UUID) -> Proposal:
        proposal: Proposal = self.load(proposal_id, Proposal, "proposal")
        return proposal

    @property
    def approval_counts_as_check(self) -> bool:
        """Whether approving a change or fixing a reported problem records the service as
        checked that day (SIGNPOST_CHECK_ON_FIX, on unless 0/false/no)."""
        return str(self.env.get("CHECK_ON_FIX", "1")).lower() not in ("0", "false", "no")

    def approve_proposal(self, proposal_id: UUID, *, actor: str) -> list[str]:
        """The proposed values become the service's: catalogue events with the editor as actor,
        saved with the proposal's approval (and, if so configured, a check) in one go."""
        proposal = self.get_proposal(proposal_id)
        service: Service = self.get_service(proposal.service_id)  # type: ignore[attr-defined]
        applied = service.edit(proposal.changes, actor=actor)
        proposal.approve(applied, actor=actor)
        if self.approval_counts_as_check:
            service.verify(dt.datetime.now(dt.UTC).date(), actor=actor)
        self._save(service, proposal)  # type: ignore[attr-defined]
        return applied

    def reject_proposal(self, proposal_id: UUID, reason: str, *, actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        proposal.reject(reason, actor=actor)
        self._save(proposal)  # type: ignore[attr-defined]

    def get_problem(self, report_id: UUID) -> ProblemReport:
        report: ProblemReport = self.load(report_id, ProblemReport, "problem report")
        return report

    def resolve_problem(
        self, report_id: UUID, outcome: str, *, actor: str, fixed: bool = False
    ) -> None:
        """Marks the report dealt with and keeps the editor's note of what was done; a fix
        counts as a check of the service when so configured."""
        report = self.get_problem(report_id)
        report.resolve(outcome.strip(), actor=actor, fixed=fixed)
        service: Service | None = None
        if fixed and self.approval_counts_as_check:
            service = self.find(report.service_id, Service)
            if service is not None and service.status is not Status.WITHDRAWN:
                service.verify(dt.datetime.now(dt.UTC).date(), actor=actor)
        self._save(report, service)  # type: ignore[attr-defined]


def differences(service: Service, edit: msgspec.Struct) -> dict[str, Any]:
    """The fields of the edit whose values differ from the service's."""
    current: dict[str, Any] = {
        "categories": service.categories,
        "locations": list(service.locations.values()),
        "schedules": service.schedules,
    }
    out = {}
    for name, value in edit_values(edit).items():
        now = current[name] if name in current else getattr(service.details, name)
        if name == "categories":
            if sorted(value) != sorted(now):  # type: ignore[call-overload]
                out[name] = value
        elif not same_value(name, value, now):
            out[name] = value
    return out
