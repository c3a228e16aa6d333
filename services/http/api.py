"""The JSON API: search, service records and their history, and the catalogue's write use cases."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.concurrency import sync_to_thread
from litestar.params import JSONBody

from projections.runner import ProjectionRunner
from search.engine import SearchEngine
from search.port import Readership
from search.postcodes import PostcodeDirectory
from services.accounts.domain import Role
from services.catalogue.application import Catalogue, HistoryEntry
from services.http import dto, responses
from services.http.auth import actor_of, is_staff, principal_of
from services.http.bodies import JsonBodyController
from services.http.errors import BadRequestError
from services.http.guards import EDITORS, STAFF
from services.http.search_params import parse_search_params
from services.http.state import Injected
from services.shared.dates import check_moment
from services.shared.errors import RuleViolationError

R = TypeVar("R")


async def _write(
    catalogue: Catalogue, runner: ProjectionRunner, use_case: Callable[[Catalogue], R]
) -> R:
    result = await sync_to_thread(use_case, catalogue)
    runner.nudge()
    return result


def _actor(request: Request[Any, Any, Any]) -> str:
    return actor_of(request)


def _parse_as_of(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadRequestError(
            f"'{value}' is not an ISO 8601 date or date-time.", field="as_of"
        ) from None
    try:
        check_moment(when, "as_of")
    except RuleViolationError as e:  # a parameter, so a 400 like every other bad parameter
        raise BadRequestError(e.message, field=e.field) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


class SearchController(Controller):
    path = "/api/search"

    @get("/")
    async def search(
        self,
        request: Request[Any, Any, Any],
        postcodes: Injected[PostcodeDirectory],
        engine: Injected[SearchEngine],
    ) -> responses.SearchResults:
        query, params = parse_search_params(request.query_params, postcodes)
        principal = await principal_of(request)
        audience: Readership = "staff" if principal and principal.has(Role.STAFF) else "public"
        started = time.perf_counter()
        if audience == "public":
            query = msgspec.structs.replace(query, families_only=True)
        page = await engine.search(audience, query)
        echo = responses.QueryEcho(
            q=params.q, postcode=params.postcode.upper(), radius_km=query.radius_km
        )
        took_ms = round((time.perf_counter() - started) * 1000, 2)
        return responses.search_results(page, echo, took_ms)


class ServiceController(JsonBodyController):
    path = "/api/services"

    @get("/{service_id:uuid}", sync_to_thread=True)
    def get_service(
        self,
        request: Request[Any, Any, Any],
        catalogue: Injected[Catalogue],
        service_id: UUID,
        as_of: str | None = None,
    ) -> responses.ServiceView:
        service = catalogue.get_service(service_id, as_of=_parse_as_of(as_of))
        organisation = catalogue.get_organisation(service.organisation_id)
        view = responses.service_view(service, organisation.details.name, staff=is_staff(request))
        if as_of:
            view.as_of = as_of
        return view

    @get("/{service_id:uuid}/history", guards=[STAFF], sync_to_thread=True)
    def history(self, catalogue: Injected[Catalogue], service_id: UUID) -> list[HistoryEntry]:
        return catalogue.service_history(service_id)

    @post("/", guards=[EDITORS], status_code=201)
    async def register(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.ServiceIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
    ) -> responses.ServiceView:
        details = dto.details_from(data)
        locations = [dto.location_from(loc) for loc in data.locations]
        service_id = await _write(
            catalogue,
            runner,
            lambda c: c.register_service(
                data.organisation_id,
                details,
                actor=_actor(request),
                external_id=data.external_id,
                categories=data.categories,
                locations=locations,
                schedules=data.schedules,
            ),
        )
        return await _view(catalogue, service_id)

    @patch("/{service_id:uuid}", guards=[EDITORS])
    async def update(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.ServicePatch],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        edit = dto.edit_from(data)
        actor = _actor(request)

        def use_case(c: Catalogue) -> list[str]:
            return c.edit_service(
                service_id, edit, actor=actor, expected_version=data.expected_version
            )

        changed = await _write(catalogue, runner, use_case)
        view = await _view(catalogue, service_id)
        view.changed_fields = changed
        return view

    @post(
        "/{service_id:uuid}/categories",
        guards=[EDITORS],
        status_code=200,
    )
    async def categorise(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.CategoriesIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        await _write(
            catalogue,
            runner,
            lambda c: c.categorise_service(
                service_id,
                data.categories,
                actor=_actor(request),
                expected_version=data.expected_version,
            ),
        )
        return await _view(catalogue, service_id)

    @post(
        "/{service_id:uuid}/schedules",
        guards=[EDITORS],
        status_code=200,
    )
    async def set_schedules(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.SchedulesIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        await _write(
            catalogue,
            runner,
            lambda c: c.set_service_schedules(
                service_id,
                data.schedules,
                actor=_actor(request),
                expected_version=data.expected_version,
            ),
        )
        return await _view(catalogue, service_id)

    @post(
        "/{service_id:uuid}/locations",
        guards=[EDITORS],
        status_code=201,
    )
    async def add_location(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.LocationChange],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        location = dto.location_from(data.location)
        await _write(
            catalogue,
            runner,
            lambda c: c.add_service_location(
                service_id, location, actor=_actor(request), expected_version=data.expected_version
            ),
        )
        return await _view(catalogue, service_id)

    @patch(
        "/{service_id:uuid}/locations/{location_id:uuid}",
        guards=[EDITORS],
    )
    async def move_location(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.LocationChange],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
        location_id: UUID,
    ) -> responses.ServiceView:
        location = dto.location_from(data.location, location_id)
        await _write(
            catalogue,
            runner,
            lambda c: c.move_service_location(
                service_id, location, actor=_actor(request), expected_version=data.expected_version
            ),
        )
        return await _view(catalogue, service_id)

    @post(
        "/{service_id:uuid}/locations/{location_id:uuid}/remove",
        guards=[EDITORS],
        status_code=200,
    )
    async def remove_location(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.VersionOnly],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
        location_id: UUID,
    ) -> responses.ServiceView:
        await _write(
            catalogue,
            runner,
            lambda c: c.remove_service_location(
                service_id,
                location_id,
                actor=_actor(request),
                expected_version=data.expected_version,
            ),
        )
        return await _view(catalogue, service_id)

    @post("/{service_id:uuid}/close", guards=[EDITORS], status_code=200)
    async def close(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.ReasonIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        await _write(
            catalogue,
            runner,
            lambda c: c.temporarily_close_service(
                service_id,
                data.reason,
                actor=_actor(request),
                expected_version=data.expected_version,
            ),
        )
        return await _view(catalogue, service_id)

    @post(
        "/{service_id:uuid}/reopen",
        guards=[EDITORS],
        status_code=200,
    )
    async def reopen(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.VersionOnly],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        await _write(
            catalogue,
            runner,
            lambda c: c.reopen_service(
                service_id, actor=_actor(request), expected_version=data.expected_version
            ),
        )
        return await _view(catalogue, service_id)

    @post("/{service_id:uuid}/withdraw", guards=[EDITORS], status_code=200)
    async def withdraw(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.ReasonIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        await _write(
            catalogue,
            runner,
            lambda c: c.withdraw_service(
                service_id,
                data.reason,
                actor=_actor(request),
                expected_version=data.expected_version,
            ),
        )
        return await _view(catalogue, service_id)

    @post("/{service_id:uuid}/verify", guards=[EDITORS], status_code=200)
    async def verify(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.VerifyIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        service_id: UUID,
    ) -> responses.ServiceView:
        on = data.on or dt.datetime.now(dt.UTC).date()
        await _write(
            catalogue,
            runner,
            lambda c: c.verify_service(
                service_id,
                on,
                actor=_actor(request),
                expected_version=data.expected_version,
            ),
        )
        return await _view(catalogue, service_id)


async def _view(catalogue: Catalogue, service_id: UUID) -> responses.ServiceView:
    def load() -> responses.ServiceView:
        service = catalogue.get_service(service_id)
        name = catalogue.get_organisation(service.organisation_id).details.name
        return responses.service_view(service, name, staff=True)

    return await sync_to_thread(load)


def _organisation_view(catalogue: Catalogue, organisation_id: UUID) -> responses.OrganisationView:
    return responses.organisation_view(catalogue.get_organisation(organisation_id))


class OrganisationController(JsonBodyController):
    path = "/api/organisations"

    @get("/{organisation_id:uuid}", sync_to_thread=True)
    def get_organisation(
        self, catalogue: Injected[Catalogue], organisation_id: UUID
    ) -> responses.OrganisationView:
        return _organisation_view(catalogue, organisation_id)

    @post("/", guards=[EDITORS], status_code=201)
    async def register(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.OrganisationIn],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
    ) -> responses.OrganisationView:
        org_id = await _write(
            catalogue,
            runner,
            lambda c: c.register_organisation(
                dto.organisation_details_from(data),
                actor=_actor(request),
                external_id=data.external_id,
            ),
        )
        return await sync_to_thread(_organisation_view, catalogue, org_id)

    @patch("/{organisation_id:uuid}", guards=[EDITORS])
    async def update(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[dto.OrganisationPatch],
        catalogue: Injected[Catalogue],
        runner: Injected[ProjectionRunner],
        organisation_id: UUID,
    ) -> responses.OrganisationView:
        def use_case(c: Catalogue) -> bool:
            current = c.get_organisation(organisation_id)
            details = dto.patched_organisation(current.details, data)
            return c.update_organisation(
                organisation_id,
                details,
                actor=_actor(request),
                expected_version=data.expected_version,
            )

        await _write(catalogue, runner, use_case)
        return await sync_to_thread(_organisation_view, catalogue, organisation_id)
