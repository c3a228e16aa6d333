"""A family's report of a problem with a service's page, kept for the editors' triage list."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from services.shared.events import Aggregate, DomainEvent


class ProblemKind(StrEnum):
    OUT_OF_DATE = "out_of_date"
    CLOSED = "closed"
    WRONG_DETAILS = "wrong_details"
    OTHER = "other"


PROBLEM_LABELS = {
    ProblemKind.OUT_OF_DATE: "The information is out of date",
    ProblemKind.CLOSED: "The service has closed",
    ProblemKind.WRONG_DETAILS: "Some details are wrong (phone, address, times)",
    ProblemKind.OTHER: "Something else",
}


class ProblemReport(Aggregate):
    """One report about one service: what kind of problem and, optionally, what is wrong."""

    service_id: UUID
    kind: ProblemKind
    details: str
    resolved: bool
    outcome: str
    fixed: bool
    resolved_by: str

    class Reported(DomainEvent, frozen=True, kw_only=True):
        service_id: UUID
        kind: ProblemKind
        details: str = ""

        def construct(self) -> ProblemReport:
            return ProblemReport(self.originator_id, self.timestamp)

        def apply(self, aggregate: ProblemReport) -> None:
            aggregate.service_id = self.service_id
            aggregate.kind = self.kind
            aggregate.details = self.details
            aggregate.resolved = False
            aggregate.outcome = ""
            aggregate.fixed = False
            aggregate.resolved_by = ""

    class Resolved(DomainEvent, frozen=True, kw_only=True):
        outcome: str = ""  # the editor's note of what was done
        fixed: bool = False  # the service's details were corrected

        def apply(self, aggregate: ProblemReport) -> None:
            aggregate.resolved = True
            aggregate.outcome = self.outcome
            aggregate.fixed = self.fixed
            aggregate.resolved_by = self.actor

    def resolve(self, outcome: str, *, actor: str, fixed: bool = False) -> None:
        if not self.resolved:
            self.trigger(ProblemReport.Resolved, actor=actor, outcome=outcome, fixed=fixed)

    @classmethod
    def report(
        cls, *, id: UUID, service_id: UUID, kind: ProblemKind, details: str, actor: str
    ) -> ProblemReport:
        return cls.start(
            cls.Reported, id=id, actor=actor, service_id=service_id, kind=kind, details=details
        )
