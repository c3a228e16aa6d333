"""A service as staff see it (now or on a past date), its readable history, and checking it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from projections.runner import ProjectionRunner
from services.accounts.domain import Role
from services.catalogue.application import Catalogue
from services.catalogue.domain import Service
from services.catalogue.history import FIELD_LABELS, readable, readable_history
from services.http.auth import csrf_protected
from services.http.guards import EDITORS, STAFF
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.state import Injected
from services.shared.dates import EARLIEST, LATEST, in_range, parse_day
from services.shared.errors import NotFoundError

_SHOWN = [f for f in FIELD_LABELS if f not in ("categories", "locations", "schedules")]


def _rows(service: Service) -> list[dict[str, Any]]:
    """Every field of the service as staff see it (this page is for staff only)."""
    state = {n: getattr(service.details, n) for n in service.details.__struct_fields__}
    state["status"] = service.status.value.replace("_", " ")
    v = service.verification
    state["verification"] = f"{v.on:%d %B %Y} by {v.by}" if v else "Never"
    return [
        {"key": {"text": FIELD_LABELS[n]}, "value": {"text": readable(state.get(n))}}
        for n in _SHOWN
        if n in state
    ]


def _as_of(raw: str | None) -> tuple[dt.datetime | None, str | None]:
    if not raw:
        return None, None
    try:
        moment = dt.datetime.fromisoformat(raw) if "T" in raw else None  # from the history page
        day = moment.date() if moment else parse_day(raw)
    except ValueError:
        return None, "Enter a real date, for example 31/01/2026 or 31 January 2026"
    if not in_range(day):
        return None, f"Enter a date from {EARLIEST:%d/%m/%Y} to {LATEST:%d/%m/%Y}"
    if moment is not None:
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)), None
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC), None


class ServiceRecordPages(Controller):
    path = "/staff/services"
    include_in_schema = False

    @get("/{service_id:uuid}", guards=[STAFF])
    async def show(
        self, request: AnyRequest, catalogue: Injected[Catalogue], service_id: UUID
    ) -> Template:
        raw = request.query_params.get("as_of", "")
        when, error = _as_of(raw)

        def load() -> tuple[Service, Service | None]:
            current = catalogue.get_service(service_id)
            if when is None:
                return current, current
            try:
                return current, catalogue.get_service(service_id, as_of=when)
            except NotFoundError:  # the service exists, but not yet on that date
                return current, None

        current, service = await sync_to_thread(load)
        org = await sync_to_thread(catalogue.get_organisation, current.organisation_id)
        shown = service or current
        return page(
            request,
            "service.html",
            {
                "service": shown,
                "organisation": org.details.name,
                "rows": _rows(shown) if service else [],
                "as_of": f"{when:%d %B %Y}" if when else "",
                "as_of_value": raw if error else (f"{when:%d/%m/%Y}" if when else ""),
                "before_it_existed": service is None,
                "added_on": f"{current.created_on:%d %B %Y}",
                "errors": {"as_of": error} if error else {},
                "can_edit": principal(request).has(Role.EDITOR),
            },
            status_code=400 if error else 200,
        )

    @get("/{service_id:uuid}/history", guards=[STAFF])
    async def history(
        self, request: AnyRequest, catalogue: Injected[Catalogue], service_id: UUID
    ) -> Template:
        service = await sync_to_thread(catalogue.get_service, service_id)
        events = await sync_to_thread(lambda: list(catalogue.events.get(service_id)))
        changes = readable_history(events)[::-1]
        return page(request, "history.html", {"service": service, "changes": changes})

    @post("/{service_id:uuid}/verify", guards=[EDITORS, csrf_protected], status_code=303)
    async def verify(
        self,
        request: AnyRequest,
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> Redirect:
        actor = principal(request).email
        today = dt.datetime.now(dt.UTC).date()
        await sync_to_thread(lambda: catalogue.verify_service(service_id, today, actor=actor))
        runner.nudge()
        form = await request.form()
        back = str(form.get("back") or "")
        return Redirect(back if back.startswith("/staff/") else "/staff/editor", status_code=303)
