"""Editors' pages that change a service: add one, edit every field in one save (keeping their
work when someone else saved first), and close, reopen or withdraw it with a reason."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from projections.runner import ProjectionRunner
from search.postcodes import PostcodeDirectory
from services.catalogue.application import Catalogue, StaleEditError
from services.catalogue.domain import Service
from services.catalogue.history import FIELD_LABELS, readable
from services.catalogue.model import ServiceDetails, Status
from services.http.auth import csrf_protected
from services.http.guards import EDITORS
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.pages.staff.service_form import (
    FormData,
    Raw,
    edit_of,
    form_context,
    form_field,
    raw_from,
    raw_of,
    raw_of_edit,
    raw_of_service,
    read_form,
)
from services.http.state import Injected
from services.read_models import ReadModels
from services.shared.errors import ConflictError, SignpostError

REASON_MAX = 500


class ServiceEditPages(Controller):
    path = "/staff/services"
    include_in_schema = False

    @get("/{service_id:uuid}/edit", guards=[EDITORS])
    async def edit_form(
        self, request: AnyRequest, catalogue: Injected[Catalogue], service_id: UUID
    ) -> Template:
        service = await sync_to_thread(catalogue.get_service, service_id)
        return _edit_page(request, service, raw_of_service(service), {}, service.version)

    @post("/{service_id:uuid}/edit", guards=[EDITORS, csrf_protected], status_code=303)
    async def edit(
        self,
        request: AnyRequest,
        postcodes: Injected[PostcodeDirectory],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> Redirect | Template:
        service = await sync_to_thread(catalogue.get_service, service_id)
        raw = raw_of(await request.form())
        form = FormData(raw)
        values, errors = read_form(form, service, postcodes)
        version = _version(form)
        if errors:
            return _edit_page(request, service, raw, errors, version, status_code=400)
        keep_theirs = {
            k[len("resolve-") :]
            for k, v in raw.items()
            if k.startswith("resolve-") and v == ["theirs"]
        }
        edit = edit_of(values, keep_theirs)
        actor = principal(request).email
        try:
            await sync_to_thread(
                lambda: catalogue.edit_service(
                    service_id, edit, actor=actor, expected_version=version
                )
            )
        except StaleEditError:
            merged = await sync_to_thread(
                lambda: catalogue.merge_edit(service_id, edit, base_version=version or 0)
            )
            fresh = await sync_to_thread(catalogue.get_service, service_id)
            conflicts = [
                {
                    "field": name,
                    "label": FIELD_LABELS.get(name, name),
                    "theirs": readable(fresh.value_of(name)),
                    "mine": readable(getattr(merged.edit, name)),
                }
                for name in merged.conflicts
            ]
            return _edit_page(
                request,
                fresh,
                raw_of_edit(fresh, merged.edit),
                {},
                merged.version,
                since=merged.since,
                conflicts=conflicts,
                status_code=409,
            )
        except SignpostError as error:
            errors[form_field(error.field)] = error.message.rstrip(".")
            return _edit_page(request, service, raw, errors, version, status_code=_status(error))
        runner.nudge()
        return Redirect(f"/staff/services/{service_id}", status_code=303)

    @get("/new", guards=[EDITORS])
    async def new_form(self, request: AnyRequest, read_models: Injected[ReadModels]) -> Template:
        chosen = str(request.query_params.get("organisation") or "")
        raw = raw_from(ServiceDetails(name="-"), [], [], [])
        raw["name"], raw["organisation_id"] = [""], [chosen]
        return await _new_page(request, read_models, raw, {})

    @post("/new", guards=[EDITORS, csrf_protected], status_code=303)
    async def add(
        self,
        request: AnyRequest,
        postcodes: Injected[PostcodeDirectory],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        read_models: Injected[ReadModels],
    ) -> Redirect | Template:
        raw = raw_of(await request.form())
        form = FormData(raw)
        blank = Service.register(UUID(int=0), ServiceDetails(name="-"), id=UUID(int=0), actor="-")
        values, errors = read_form(form, blank, postcodes)
        organisation = _uuid(str(form.get("organisation_id") or ""))
        if organisation is None:
            errors["organisation_id"] = "Choose the organisation that runs the service"
        if errors:
            return await _new_page(request, read_models, raw, errors, 400)
        assert organisation is not None
        parts = {k: values.pop(k) for k in ("categories", "locations", "schedules")}
        actor = principal(request).email
        try:
            details = ServiceDetails(**values)
            service_id = await sync_to_thread(
                lambda: catalogue.register_service(organisation, details, actor=actor, **parts)
            )
        except SignpostError as error:
            field = (
                "organisation_id" if "organisation" in error.message else form_field(error.field)
            )
            errors[field] = error.message.rstrip(".")
            return await _new_page(request, read_models, raw, errors, _status(error))
        runner.nudge()
        return Redirect(f"/staff/services/{service_id}", status_code=303)

    @post("/{service_id:uuid}/status", guards=[EDITORS, csrf_protected], status_code=303)
    async def status(
        self,
        request: AnyRequest,
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> Redirect | Template:
        form = await request.form()
        action = str(form.get("action") or "")
        reason = str(form.get("reason") or "").strip()
        version = _version(FormData(raw_of(form)))
        actor = principal(request).email
        errors: dict[str, str] = {}
        if action not in ("close", "reopen", "withdraw"):
            errors["action"] = "Choose whether to close, reopen or withdraw the service"
        elif action != "reopen" and not reason:
            errors["reason"] = "Say why: staff and families see the reason"
        elif len(reason) > REASON_MAX:
            errors["reason"] = f"Keep the reason to {REASON_MAX} characters or fewer"
        if not errors:

            def change() -> None:
                if action == "close":
                    catalogue.temporarily_close_service(
                        service_id, reason, actor=actor, expected_version=version
                    )
                elif action == "reopen":
                    catalogue.reopen_service(service_id, actor=actor, expected_version=version)
                else:
                    catalogue.withdraw_service(
                        service_id, reason, actor=actor, expected_version=version
                    )

            try:
                await sync_to_thread(change)
            except SignpostError as error:
                errors["reason" if action != "reopen" else "action"] = error.message.rstrip(".")
                status_code = _status(error)
            else:
                runner.nudge()
                return Redirect(f"/staff/services/{service_id}", status_code=303)
        else:
            status_code = 400
        service = await sync_to_thread(catalogue.get_service, service_id)
        return page(
            request,
            "status.html",
            {"service": service, "errors": errors, "reason": reason, "action": action},
            status_code=status_code,
        )

    @get("/{service_id:uuid}/status", guards=[EDITORS])
    async def status_form(
        self, request: AnyRequest, catalogue: Injected[Catalogue], service_id: UUID
    ) -> Template:
        service = await sync_to_thread(catalogue.get_service, service_id)
        return page(request, "status.html", {"service": service, "reason": "", "action": ""})


def _uuid(raw: str) -> UUID | None:
    try:
        return UUID(raw)
    except ValueError:
        return None


def _version(form: FormData) -> int | None:
    raw = str(form.get("expected_version") or "")
    return int(raw) if raw.isdigit() else None


def _status(error: SignpostError) -> int:
    return 409 if isinstance(error, ConflictError) else 422 if error.field else 400


def _edit_page(
    request: AnyRequest,
    service: Service,
    raw: Raw,
    errors: dict[str, str],
    version: int | None,
    *,
    since: list[Any] | None = None,
    conflicts: list[dict[str, str]] | None = None,
    status_code: int = 200,
) -> Template:
    return page(
        request,
        "edit.html",
        {
            "heading": f"Edit {service.details.name}",
            "back": f"/staff/services/{service.id}",
            "action": f"/staff/services/{service.id}/edit",
            "button": "Save changes",
            "version": version,
            "errors": errors,
            "since": since or [],
            "conflicts": conflicts or [],
            "withdrawn": service.status is Status.WITHDRAWN,
            **form_context(raw, errors),
        },
        status_code=status_code,
    )


async def _new_page(
    request: AnyRequest,
    read_models: ReadModels,
    raw: Raw,
    errors: dict[str, str],
    status_code: int = 200,
) -> Template:
    editorial = read_models.editorial
    organisations = await sync_to_thread(editorial.organisations)
    chosen = (raw.get("organisation_id") or [""])[0]
    items = [{"value": "", "text": "Choose an organisation"}] + [
        {"value": str(o_id), "text": name, "selected": str(o_id) == chosen}
        for o_id, name in organisations
    ]
    return page(
        request,
        "edit.html",
        {
            "heading": "Add a service",
            "intro": "It is published as soon as you save it. Fill in what you know now: "
            "you can add the rest later.",
            "back": "/staff/editor",
            "action": "/staff/services/new",
            "button": "Add the service",
            "version": None,
            "errors": errors,
            "organisations": items,
            "since": [],
            "conflicts": [],
            **form_context(raw, errors),
        },
        status_code=status_code,
    )
