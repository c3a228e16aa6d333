"""The editors' triage list (proposals, reviews due, problem reports) and the providers' pages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from projections.runner import ProjectionRunner
from search.engine import SearchEngine
from search.port import SearchIndex, SearchQuery
from search.postcodes import PostcodeDirectory
from services.accounts.application import Principal
from services.accounts.domain import Role
from services.catalogue import taxonomy
from services.catalogue.application import Catalogue
from services.catalogue.editorial import REVIEW_AFTER, due_for_review
from services.catalogue.history import FIELD_LABELS, readable
from services.catalogue.model import ServiceEdit, edit_values
from services.catalogue.problems import PROBLEM_LABELS
from services.catalogue.proposals import ProposalStatus
from services.http.auth import csrf_protected
from services.http.guards import EDITORS, PROVIDERS
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.pages.staff.service_form import (
    FormData,
    Raw,
    form_context,
    form_field,
    raw_of,
    raw_of_service,
    read_form,
)
from services.http.state import Injected
from services.read_models import ReadModels
from services.shared.errors import SignpostError


def _acts_for(me: Principal) -> list[UUID] | None:
    """The organisations a provider acts for; None (any) for editors and admins."""
    return None if me.has(Role.EDITOR) else list(me.organisations)


class EditorialPages(Controller):
    path = "/staff"
    include_in_schema = False

    @get("/editor", guards=[EDITORS])
    async def triage(
        self,
        request: AnyRequest,
        read_models: Injected[ReadModels],
        engine: Injected[SearchEngine],
        catalogue: Injected[Catalogue],
    ) -> Template:
        editorial = read_models.editorial
        today = dt.datetime.now(dt.UTC).date()

        def load() -> dict[str, Any]:
            proposals = editorial.proposals(status=ProposalStatus.PENDING)
            problems = editorial.open_problems()
            resolved = editorial.resolved_problems(limit=RESOLVED_ROWS)
            names = {p.service_id: p.service_name for p in proposals}
            names.update({p.service_id: p.service_name for p in [*problems, *resolved]})
            return {
                "proposals": proposals,
                "problems": problems,
                "resolved": resolved,
                "names": names,
            }

        context = await sync_to_thread(load)
        context["reviews"] = await _due_for_review(engine, catalogue, today)
        context |= {"problem_labels": PROBLEM_LABELS, "review_days": REVIEW_AFTER.days}
        return page(request, "editor.html", context)

    @get("/proposals/{proposal_id:uuid}", guards=[EDITORS])
    async def proposal(
        self, request: AnyRequest, catalogue: Injected[Catalogue], proposal_id: UUID
    ) -> Template:
        return await _proposal_page(request, catalogue, proposal_id, {}, "")

    @post(
        "/proposals/{proposal_id:uuid}/approve", guards=[EDITORS, csrf_protected], status_code=303
    )
    async def approve(
        self,
        request: AnyRequest,
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        read_models: Injected[ReadModels],
        proposal_id: UUID,
    ) -> Redirect:
        actor = principal(request).email
        await sync_to_thread(lambda: catalogue.approve_proposal(proposal_id, actor=actor))
        runner.nudge()
        await _shown(read_models)
        return Redirect("/staff/editor", status_code=303)

    @post("/proposals/{proposal_id:uuid}/reject", guards=[EDITORS, csrf_protected], status_code=303)
    async def reject(
        self,
        request: AnyRequest,
        catalogue: Injected[Catalogue],
        read_models: Injected[ReadModels],
        proposal_id: UUID,
    ) -> Redirect | Template:
        form = await request.form()
        reason = str(form.get("reason") or "").strip()
        if not reason:
            errors = {"reason": "Say why the change is rejected: the provider will see it"}
            return await _proposal_page(request, catalogue, proposal_id, errors, reason, 400)
        actor = principal(request).email
        await sync_to_thread(lambda: catalogue.reject_proposal(proposal_id, reason, actor=actor))
        await _shown(read_models)
        return Redirect("/staff/editor", status_code=303)

    @get("/problems/{report_id:uuid}", guards=[EDITORS])
    async def problem(
        self, request: AnyRequest, catalogue: Injected[Catalogue], report_id: UUID
    ) -> Template:
        return await _problem_page(request, catalogue, report_id, {}, "", "")

    @post("/problems/{report_id:uuid}/resolve", guards=[EDITORS, csrf_protected], status_code=303)
    async def resolve(
        self,
        request: AnyRequest,
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        read_models: Injected[ReadModels],
        report_id: UUID,
    ) -> Redirect | Template:
        form = await request.form()
        note = str(form.get("note") or "").strip()
        outcome = str(form.get("outcome") or "")
        errors = {}
        if outcome not in ("fixed", "no_change"):
            errors["outcome"] = "Say whether you changed the service's details"
        if not note:
            errors["note"] = "Say what you did, for example: phoned them, new number saved"
        elif len(note) > NOTE_MAX:
            errors["note"] = f"Keep the note to {NOTE_MAX} characters or fewer"
        if errors:
            return await _problem_page(request, catalogue, report_id, errors, note, outcome, 400)
        actor = principal(request).email
        await sync_to_thread(
            lambda: catalogue.resolve_problem(
                report_id, note, actor=actor, fixed=outcome == "fixed"
            )
        )
        runner.nudge()
        await _shown(read_models)
        return Redirect("/staff/editor#problems", status_code=303)

    @get("/provider", guards=[PROVIDERS])
    async def provider(
        self,
        request: AnyRequest,
        index: Injected[SearchIndex],
        read_models: Injected[ReadModels],
    ) -> Template:
        me = principal(request)
        organisations = list(me.organisations)

        editorial = read_models.editorial

        def load() -> dict[str, Any]:
            ids = [i for o in organisations for i in index.ids_for_organisation(str(o))]
            docs = [d for d in (index.get("staff", i) for i in ids) if d]
            proposals = editorial.proposals(organisations=organisations)
            names = {p.service_id: p.service_name for p in proposals}
            return {"services": docs, "proposals": proposals[::-1], "names": names}

        return page(request, "provider.html", await sync_to_thread(load))

    @get("/services/{service_id:uuid}/propose", guards=[PROVIDERS])
    async def propose_form(
        self, request: AnyRequest, catalogue: Injected[Catalogue], service_id: UUID
    ) -> Template:
        acts_for = _acts_for(principal(request))
        service = await sync_to_thread(
            lambda: catalogue.service_to_propose(service_id, organisations=acts_for)
        )
        return _propose_page(request, service.id, service.details.name, raw_of_service(service), {})

    @post(
        "/services/{service_id:uuid}/propose", guards=[PROVIDERS, csrf_protected], status_code=303
    )
    async def propose(
        self,
        request: AnyRequest,
        postcodes: Injected[PostcodeDirectory],
        catalogue: Injected[Catalogue],
        read_models: Injected[ReadModels],
        service_id: UUID,
    ) -> Redirect | Template:
        me = principal(request)
        service = await sync_to_thread(
            lambda: catalogue.service_to_propose(service_id, organisations=_acts_for(me))
        )
        raw = raw_of(await request.form())
        values, errors = read_form(FormData(raw), service, postcodes, proposing=True)
        if not errors:
            try:
                await sync_to_thread(
                    lambda: catalogue.propose_service_change(
                        service_id,
                        ServiceEdit(**values),
                        actor=me.email,
                        organisations=_acts_for(me),
                    )
                )
            except SignpostError as error:
                if error.field is None:
                    raise
                errors[form_field(error.field)] = error.message.rstrip(".")
        if errors:
            return _propose_page(request, service_id, service.details.name, raw, errors, 400)
        await _shown(read_models)
        return Redirect("/staff/provider", status_code=303)


async def _shown(read_models: ReadModels) -> None:
    """After a write, until the editorial read model has it: the page redirected to shows it."""
    await sync_to_thread(read_models.settle, "editorial")


def _propose_page(
    request: AnyRequest,
    service_id: UUID,
    name: str,
    raw: Raw,
    errors: dict[str, str],
    status_code: int = 200,
) -> Template:
    context = {
        "service_id": service_id,
        "name": name,
        "errors": errors,
        **form_context(raw, errors, proposing=True),
    }
    return page(request, "propose.html", context, status_code=status_code)


async def _problem_page(
    request: AnyRequest,
    catalogue: Catalogue,
    report_id: UUID,
    errors: dict[str, str],
    note: str,
    outcome: str,
    status_code: int = 200,
) -> Template:
    report = await sync_to_thread(catalogue.get_problem, report_id)
    service = await sync_to_thread(catalogue.get_service, report.service_id)
    context = {
        "report": report,
        "service": service,
        "label": PROBLEM_LABELS[report.kind],
        "errors": errors,
        "note": note,
        "outcome_items": [
            {
                "value": "fixed",
                "text": "Fixed: I corrected the service's details",
                "hint": {"text": "Counts as a check of the whole page today"}
                if catalogue.approval_counts_as_check
                else None,
                "checked": outcome == "fixed",
            },
            {
                "value": "no_change",
                "text": "No change needed",
                "checked": outcome == "no_change",
            },
        ],
    }
    return page(request, "problem.html", context, status_code=status_code)


async def _proposal_page(
    request: AnyRequest,
    catalogue: Catalogue,
    proposal_id: UUID,
    errors: dict[str, str],
    reason: str,
    status_code: int = 200,
) -> Template:
    proposal = await sync_to_thread(catalogue.get_proposal, proposal_id)
    service = await sync_to_thread(catalogue.get_service, proposal.service_id)
    rows = [
        {
            "label": FIELD_LABELS.get(name, name),
            "current": _readable(name, service.value_of(name)),
            "proposed": _readable(name, value),
        }
        for name, value in edit_values(proposal.changes).items()
    ]
    stale = service.version != proposal.base_version
    context = {
        "proposal": proposal,
        "service": service,
        "rows": rows,
        "stale": stale,
        "errors": errors,
        "reason": reason,
    }
    return page(request, "proposal.html", context, status_code=status_code)


REVIEW_ROWS = 50
RESOLVED_ROWS = 20
NOTE_MAX = 2000


def _readable(name: str, value: Any) -> str:
    if name == "categories":
        return "; ".join(taxonomy.TERMS[c].name for c in value if c in taxonomy.TERMS) or "(none)"
    return readable(value)


async def _due_for_review(
    engine: SearchEngine, catalogue: Catalogue, today: dt.date
) -> list[dict[str, str]]:
    """From the staff search index, never checked first: no replay of the catalogue, so the
    queue costs the same at 50,000 services as at 50."""
    found = await engine.search(
        "staff",
        SearchQuery(sort="least_recently_checked", per_page=REVIEW_ROWS, cards=True),
    )
    candidates = []
    for hit in found.hits:
        checked = str(hit.document.get("last_verified") or "")
        if not due_for_review(dt.date.fromisoformat(checked[:10]) if checked else None, today):
            break
        candidates.append(UUID(hit.id))

    def still_due() -> list[dict[str, str]]:
        # The index may lag a check made a moment ago: the catalogue has the last word.
        rows = []
        for service_id in candidates:
            service = catalogue.get_service(service_id)
            v = service.verification
            if not due_for_review(v.on if v else None, today):
                continue
            rows.append(
                {
                    "id": str(service_id),
                    "name": service.details.name,
                    "checked": f"{v.on:%d %B %Y}" if v else "",
                    "by": v.by if v else "",
                }
            )
        return rows

    return await sync_to_thread(still_due)
