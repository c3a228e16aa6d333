"""Keeping the directory true: proposals from providers, the review queue, problem triage
(their lists are the editorial read model, projections/editorial.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from uuid import UUID, uuid4

import msgspec

from services.catalogue.domain import Service
from services.catalogue.model import Status
from services.catalogue.problems import ProblemReport
from services.catalogue.proposals import Proposal
from services.shared.application import MsgspecApplication
from services.shared.errors import ForbiddenError
from services.shared.reading import events_of_type

REVIEW_AFTER = dt.timedelta(days=90)


class EditorialUseCases(MsgspecApplication):
    """The Catalogue's editorial use cases (its base); approvals save the service with them."""

    def propose_service_change(
        self,
        service_id: UUID,
        changes: dict[str, str],
        *,
        actor: str,
        organisations: Collection[UUID] | None,
    ) -> UUID:
        """`organisations` are those the proposer acts for (None: any, for editors)."""
        service = self.service_to_propose(service_id, organisations=organisations)
        changed = {k: v for k, v in changes.items() if getattr(service.details, k, None) != v}
        proposal = Proposal.submit(
            id=uuid4(),
            service_id=service.id,
            organisation_id=service.organisation_id,
            base_version=service.version,
            changes=changed,
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

    def approve_proposal(self, proposal_id: UUID, *, actor: str) -> list[str]:
        """The proposed values become the service's: catalogue events with the editor as actor."""
        proposal = self.get_proposal(proposal_id)
        service: Service = self.get_service(proposal.service_id)  # type: ignore[attr-defined]
        details = msgspec.structs.replace(service.details, **proposal.changes)
        applied = service.update(details, actor=actor)
        proposal.approve(applied, actor=actor)
        self._save(service, proposal)  # type: ignore[attr-defined]
        return applied

    def reject_proposal(self, proposal_id: UUID, reason: str, *, actor: str) -> None:
        proposal = self.get_proposal(proposal_id)
        proposal.reject(reason, actor=actor)
        self._save(proposal)  # type: ignore[attr-defined]

    def needs_review(self, today: dt.date, *, limit: int = 100) -> list[Service]:
        """Services not verified in the last 90 days, the longest unchecked first."""
        cutoff = today - REVIEW_AFTER
        due = []
        for event in events_of_type(self, Service.Registered):
            service: Service = self.get_service(event.originator_id)  # type: ignore[attr-defined]
            if service.status is Status.WITHDRAWN:
                continue
            checked = service.verification.on if service.verification else None
            if checked is None or checked < cutoff:
                due.append(service)
        due.sort(key=lambda s: s.verification.on if s.verification else dt.date.min)
        return due[:limit]

    def resolve_problem(self, report_id: UUID, outcome: str, *, actor: str) -> None:
        report: ProblemReport = self.load(report_id, ProblemReport, "problem report")
        report.resolve(outcome, actor=actor)
        self._save(report)  # type: ignore[attr-defined]
