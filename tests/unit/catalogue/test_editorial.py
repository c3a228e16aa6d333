"""Proposals from providers, the 90-day review queue and problem triage, on in-memory SQLite."""

from __future__ import annotations

import datetime as dt
from uuid import UUID, uuid4

import pytest

from services.catalogue.application import Catalogue
from services.catalogue.editorial import due_for_review
from services.catalogue.model import OrganisationDetails, ServiceDetails, edit_values
from services.catalogue.proposals import ProposalStatus
from services.shared.errors import ConflictError, ForbiddenError, RuleViolationError


@pytest.fixture
def org(catalogue: Catalogue) -> UUID:
    return catalogue.register_organisation(OrganisationDetails(name="Talking Space"), actor="ed")


@pytest.fixture
def sid(catalogue: Catalogue, org: UUID) -> UUID:
    return catalogue.register_service(
        org, ServiceDetails(name="Counselling", summary="Talk to someone"), actor="ed"
    )


def test_an_approved_proposal_becomes_catalogue_events_by_the_editor(
    catalogue: Catalogue, org: UUID, sid: UUID
) -> None:
    pid = catalogue.propose_service_change(
        sid,
        {"summary": "Talk to a counsellor", "name": "Counselling", "waiting_time": "3 weeks"},
        actor="provider@ts.org",
        organisations=[org],
    )
    proposal = catalogue.get_proposal(pid)
    assert edit_values(proposal.changes) == {
        "summary": "Talk to a counsellor",
        "waiting_time": "3 weeks",
    }
    assert proposal.proposer == "provider@ts.org"
    applied = catalogue.approve_proposal(pid, actor="editor@council.org")
    assert sorted(applied) == ["summary", "waiting_time"]
    assert catalogue.get_service(sid).details.summary == "Talk to a counsellor"
    changed, checked = catalogue.service_history(sid)[-2:]
    assert changed.actor == "editor@council.org" and sorted(changed.fields) == applied
    assert checked.event == "Verified"  # approving a change counts as a check
    verification = catalogue.get_service(sid).verification
    assert verification is not None and verification.by == "editor@council.org"
    assert catalogue.get_proposal(pid).status is ProposalStatus.APPROVED


def test_a_rejected_proposal_needs_a_reason_and_changes_nothing(
    catalogue: Catalogue, org: UUID, sid: UUID
) -> None:
    pid = catalogue.propose_service_change(
        sid, {"summary": "Free for all"}, actor="p@ts.org", organisations=[org]
    )
    with pytest.raises(RuleViolationError):
        catalogue.reject_proposal(pid, " ", actor="ed")
    catalogue.reject_proposal(pid, "It is not free for everyone", actor="ed")
    proposal = catalogue.get_proposal(pid)
    assert proposal.status is ProposalStatus.REJECTED and proposal.reason.startswith("It is")
    assert catalogue.get_service(sid).details.summary == "Talk to someone"
    with pytest.raises(ConflictError):
        catalogue.approve_proposal(pid, actor="ed")


def test_a_provider_cannot_propose_changes_to_another_organisations_service(
    catalogue: Catalogue, sid: UUID
) -> None:
    with pytest.raises(ForbiddenError):
        catalogue.propose_service_change(
            sid, {"summary": "Mine now"}, actor="p@other.org", organisations=[uuid4()]
        )


def test_a_proposal_that_changes_nothing_is_refused(
    catalogue: Catalogue, org: UUID, sid: UUID
) -> None:
    with pytest.raises(RuleViolationError):
        catalogue.propose_service_change(
            sid, {"summary": "Talk to someone"}, actor="p", organisations=[org]
        )


def test_services_unverified_for_90_days_are_due_for_review_until_verified(
    catalogue: Catalogue, sid: UUID
) -> None:
    today = dt.date(2026, 11, 27)

    def due() -> bool:
        v = catalogue.get_service(sid).verification
        return due_for_review(v.on if v else None, today)

    assert due()  # never verified
    catalogue.verify_service(sid, today - dt.timedelta(days=91), actor="ed")
    assert due()
    catalogue.verify_service(sid, today - dt.timedelta(days=90), actor="ed")
    assert not due()
    catalogue.verify_service(sid, today, actor="editor@council.org")
    assert not due()
    verification = catalogue.get_service(sid).verification
    assert verification is not None and verification.by == "editor@council.org"
