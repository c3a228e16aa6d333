"""A service as staff see it (now or on a past date), its readable history, and editing it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from services.accounts.domain import Role
from services.catalogue.domain import Service
from services.catalogue.history import FIELD_LABELS, readable, readable_history
from services.catalogue.model import Cost, ReferralRoute
from services.catalogue.proposals import EDITABLE_FIELDS, LONG_FIELDS
from services.http.auth import EDITORS, STAFF, csrf_protected
from services.http.pages import views
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.pages.staff.profile import profile_context, profile_from, profile_values
from services.http.state import runtime_of
from services.shared.dates import EARLIEST, LATEST, in_range
from services.shared.errors import ConflictError, SignpostError

SHORT_MAX, LONG_MAX = 500, 20_000
_SHOWN = [f for f in FIELD_LABELS if f not in ("categories", "locations", "schedules")]


def form_fields(values: dict[str, str], errors: dict[str, str], names: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "label": EDITABLE_FIELDS[name],
            "value": values.get(name, ""),
            "long": name in LONG_FIELDS,
            "error": errors.get(name),
        }
        for name in names
    ]


def validate(form: Any, names: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The submitted values of the editable fields, and what is wrong with them."""
    values = {name: str(form.get(name) or "").strip() for name in names}
    errors: dict[str, str] = {}
    if "name" in values and not values["name"]:
        errors["name"] = "Enter the service's name"
    for name, value in values.items():
        limit = LONG_MAX if name in LONG_FIELDS else SHORT_MAX
        if len(value) > limit:
            errors[name] = f"{EDITABLE_FIELDS[name]} must be {limit} characters or fewer"
    if values.get("url") and not values["url"].startswith(("http://", "https://")):
        errors["url"] = "Enter the website address starting with https://"
    return values, errors


def access_values(form: Any, errors: dict[str, str]) -> dict[str, Any]:
    """Ways in and cost from the edit form, as the catalogue's values."""
    routes = [ReferralRoute(v) for v in form.getall("referral_routes", []) if v in _ROUTES]
    free = str(form.get("free") or "yes") == "yes"
    description = str(form.get("cost_description") or "").strip()
    if not free and not description:
        errors["cost_description"] = "Say what it costs, for example £5 a session"
    if len(description) > SHORT_MAX:
        errors["cost_description"] = f"Describe the cost in {SHORT_MAX} characters or fewer"
    return {"referral_routes": routes, "cost": Cost(free=free, description=description)}


_ROUTES = {r.value for r in ReferralRoute}


def access_context(routes: list[Any], cost: Cost) -> dict[str, Any]:
    chosen = {getattr(r, "value", r) for r in routes}
    return {
        "route_items": [
            {"value": v, "text": views.ROUTE_LABELS.get(v, v), "checked": v in chosen}
            for v in _ROUTES_ORDER
        ],
        "free_items": [
            {"value": "yes", "text": "Free", "checked": cost.free},
            {"value": "no", "text": "There is a charge", "checked": not cost.free},
        ],
        "cost_description": cost.description,
    }


_ROUTES_ORDER = [r.value for r in ReferralRoute]


def _rows(service: Service, staff: bool) -> list[dict[str, Any]]:
    state = {n: getattr(service.details, n) for n in service.details.__struct_fields__}
    state["status"] = service.status.value.replace("_", " ")
    v = service.verification
    state["verification"] = f"{v.on:%d %B %Y} by {v.by}" if v else "Never"
    return [
        {"key": {"text": FIELD_LABELS[n]}, "value": {"text": readable(state.get(n))}}
        for n in _SHOWN
        if n in state and (staff or "staff only" not in FIELD_LABELS[n])
    ]


def _as_of(raw: str | None) -> tuple[dt.datetime | None, str | None]:
    if not raw:
        return None, None
    try:
        moment = dt.datetime.fromisoformat(raw) if "T" in raw else None  # from the history page
        day = moment.date() if moment else dt.date.fromisoformat(raw)
    except ValueError:
        return None, "Enter the date as year-month-day, for example 2026-01-31"
    if not in_range(day):
        return None, f"Enter a date from {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}"
    if moment is not None:
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)), None
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC), None


class ServiceRecordPages(Controller):
    path = "/staff/services"
    include_in_schema = False

    @get("/{service_id:uuid}", guards=[STAFF])
    async def show(self, request: AnyRequest, service_id: UUID) -> Template:
        catalogue = runtime_of(request).catalogue
        when, error = _as_of(request.query_params.get("as_of"))
        service = await sync_to_thread(lambda: catalogue.get_service(service_id, as_of=when))
        org = await sync_to_thread(catalogue.get_organisation, service.organisation_id)
        return page(
            request,
            "service.html",
            {
                "service": service,
                "organisation": org.details.name,
                "rows": _rows(service, staff=True),
                "as_of": request.query_params.get("as_of", "") if when else "",
                "errors": {"as_of": error} if error else {},
                "can_edit": principal(request).has(Role.EDITOR),
            },
            status_code=400 if error else 200,
        )

    @get("/{service_id:uuid}/history", guards=[STAFF])
    async def history(self, request: AnyRequest, service_id: UUID) -> Template:
        catalogue = runtime_of(request).catalogue
        service = await sync_to_thread(catalogue.get_service, service_id)
        events = await sync_to_thread(lambda: list(catalogue.events.get(service_id)))
        changes = readable_history(events)[::-1]
        return page(request, "history.html", {"service": service, "changes": changes})

    @get("/{service_id:uuid}/edit", guards=[EDITORS])
    async def edit_form(self, request: AnyRequest, service_id: UUID) -> Template:
        service = await sync_to_thread(runtime_of(request).catalogue.get_service, service_id)
        values = {n: getattr(service.details, n) for n in EDITABLE_FIELDS}
        access = {"referral_routes": service.details.referral_routes, "cost": service.details.cost}
        profile = profile_from(service.details, service.categories)
        return _edit_page(request, service, values, {}, service.version, access, profile)

    @post("/{service_id:uuid}/edit", guards=[EDITORS, csrf_protected], status_code=303)
    async def edit(self, request: AnyRequest, service_id: UUID) -> Redirect | Template:
        catalogue = runtime_of(request).catalogue
        service = await sync_to_thread(catalogue.get_service, service_id)
        form = await request.form()
        values, errors = validate(form, EDITABLE_FIELDS)
        access = access_values(form, errors)
        # Forms from this page carry the marker; a post without it leaves these fields alone.
        profile = (
            profile_values(form, errors)
            if form.get("profile")
            else profile_from(service.details, service.categories)
        )
        version = int(str(form.get("expected_version") or "0") or 0)
        if not errors:
            details = msgspec.structs.replace(
                service.details,
                **values,
                **access,
                ages=profile["ages"],
                delivery=profile["delivery"],
            )
            actor = principal(request).email

            def save() -> None:
                catalogue.update_service(service_id, details, actor=actor, expected_version=version)
                if set(profile["categories"]) != set(service.categories):
                    catalogue.categorise_service(service_id, profile["categories"], actor=actor)

            try:
                await sync_to_thread(save)
            except ConflictError:
                errors["name"] = (
                    "Someone else changed this service since you opened it. "
                    "Their changes are shown below: check them and save again"
                )
                fresh = await sync_to_thread(catalogue.get_service, service_id)
                values = {n: getattr(fresh.details, n) for n in EDITABLE_FIELDS}
                access = {
                    "referral_routes": fresh.details.referral_routes,
                    "cost": fresh.details.cost,
                }
                profile = profile_from(fresh.details, fresh.categories)
                return _edit_page(
                    request, fresh, values, errors, fresh.version, access, profile, 409
                )
            except SignpostError as error:
                errors[error.field or "name"] = error.message.rstrip(".")
        if errors:
            return _edit_page(request, service, values, errors, version, access, profile, 400)
        runtime_of(request).runner.nudge()
        return Redirect(f"/staff/services/{service_id}", status_code=303)

    @post("/{service_id:uuid}/verify", guards=[EDITORS, csrf_protected], status_code=303)
    async def verify(self, request: AnyRequest, service_id: UUID) -> Redirect:
        actor = principal(request).email
        today = dt.datetime.now(dt.UTC).date()
        await sync_to_thread(
            lambda: runtime_of(request).catalogue.verify_service(service_id, today, actor=actor)
        )
        runtime_of(request).runner.nudge()
        form = await request.form()
        back = str(form.get("back") or "")
        return Redirect(back if back.startswith("/staff/") else "/staff/editor", status_code=303)


def _edit_page(
    request: AnyRequest,
    service: Service,
    values: dict[str, str],
    errors: dict[str, str],
    version: int,
    access: dict[str, Any],
    profile: dict[str, Any],
    status_code: int = 200,
) -> Template:
    return page(
        request,
        "edit.html",
        {
            "service": service,
            "fields": form_fields(values, errors, EDITABLE_FIELDS),
            "version": version,
            "errors": errors,
            **access_context(access["referral_routes"], access["cost"]),
            **profile_context(profile),
        },
        status_code=status_code,
    )
