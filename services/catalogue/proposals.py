"""A provider's proposed change to one of their services, waiting for an editor's decision."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

import msgspec

from services.catalogue.model import ServiceEdit, edit_values
from services.shared.errors import ConflictError, RuleViolationError
from services.shared.events import Aggregate, DomainEvent

# The text fields editors edit in forms and providers may propose changes to.
EDITABLE_FIELDS: dict[str, str] = {
    "name": "Name",
    "summary": "Summary",
    "description": "Description",
    "eligibility": "Who can use it",
    "url": "Website",
    "service_area": "Area served",
    "alert": "Temporary alert",
    "waiting_time": "Waiting time (staff only)",
    "thresholds": "Thresholds and criteria (staff only)",
    "staff_notes": "Staff notes (staff only)",
}
PROPOSABLE_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "staff_notes")
NOT_PROPOSABLE = frozenset({"staff_notes"})  # the editors' own notes
LONG_FIELDS = frozenset({"description", "eligibility", "thresholds", "staff_notes"})


class ProposalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Proposal(Aggregate):
    """Field-by-field new values for a service, proposed by a provider."""

    service_id: UUID
    organisation_id: UUID
    base_version: int
    changes: Any  # a ServiceEdit
    status: ProposalStatus
    reason: str
    applied: list[str]
    proposer: str

    class Submitted(DomainEvent, frozen=True, kw_only=True):
        service_id: UUID
        organisation_id: UUID
        base_version: int
        # A ServiceEdit; a proposal stored before places and times could be proposed has
        # text fields only, which read as the same edit.
        changes: ServiceEdit  # type: ignore[valid-type]

        def construct(self) -> Proposal:
            return Proposal(self.originator_id, self.timestamp)

        def apply(self, aggregate: Proposal) -> None:
            aggregate.service_id = self.service_id
            aggregate.organisation_id = self.organisation_id
            aggregate.base_version = self.base_version
            aggregate.changes = self.changes
            aggregate.status = ProposalStatus.PENDING
            aggregate.reason = ""
            aggregate.applied = []
            aggregate.proposer = self.actor

    class Approved(DomainEvent, frozen=True, kw_only=True):
        applied: list[str]

        def apply(self, aggregate: Proposal) -> None:
            aggregate.status = ProposalStatus.APPROVED
            aggregate.applied = list(self.applied)

    class Rejected(DomainEvent, frozen=True, kw_only=True):
        reason: str

        def apply(self, aggregate: Proposal) -> None:
            aggregate.status = ProposalStatus.REJECTED
            aggregate.reason = self.reason

    @classmethod
    def submit(
        cls,
        *,
        id: UUID,
        service_id: UUID,
        organisation_id: UUID,
        base_version: int,
        changes: msgspec.Struct,
        actor: str,
    ) -> Proposal:
        named = edit_values(changes)
        unknown = set(named) & NOT_PROPOSABLE
        if unknown:
            raise RuleViolationError(f"{sorted(unknown)[0]} cannot be proposed.", field="changes")
        if not named:
            raise RuleViolationError("Change at least one thing before sending.", field="name")
        return cls.start(
            cls.Submitted,
            id=id,
            actor=actor,
            service_id=service_id,
            organisation_id=organisation_id,
            base_version=base_version,
            changes=changes,
        )

    def _check_pending(self) -> None:
        if self.status is not ProposalStatus.PENDING:
            raise ConflictError(f"This proposal was already {self.status.value}.")

    def approve(self, applied: list[str], *, actor: str) -> None:
        self._check_pending()
        self.trigger(Proposal.Approved, actor=actor, applied=applied)

    def reject(self, reason: str, *, actor: str) -> None:
        self._check_pending()
        if not reason.strip():
            raise RuleViolationError("Say why the change is rejected.", field="reason")
        self.trigger(Proposal.Rejected, actor=actor, reason=reason.strip())
