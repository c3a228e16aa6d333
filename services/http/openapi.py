"""The API's OpenAPI document as the API really is: Litestar's, completed with each write's
request body (the struct its handler's typed `data:` decodes, or the `opt={"body": ...}` a handler
that reads its own body declares), /api/search's parameters, and the error body every 4xx and 5xx
really has."""

from __future__ import annotations

import copy
from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from services.http.bodies import JsonBody, body_struct
from services.http.search_params import SearchParams

REF = "#/components/schemas/{name}"
PROBLEM = {
    "title": "Problem",
    "type": "object",
    "description": "What went wrong, and the field of the request it concerns when there is one.",
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": "string"},
        "field": {"type": "string"},
        "detail": {"description": "Plain data about the error, such as the clashing bookings."},
    },
    "required": ["status", "message"],
}
_REASONS = {
    "400": "The request is malformed: a parameter or the body (its field is named)",
    "401": "Sign in, or send a bearer token",
    "403": "The caller's roles or links do not allow this",
    "404": "Nothing has that id",
    "409": "Someone else changed it first, or it clashes",
    "413": "The body is larger than 256 KiB",
    "422": "The request breaks a rule (its field is named)",
    "503": "Search is unavailable for a moment",
}


class CompleteJsonRenderPlugin(JsonRenderPlugin):
    """Serves /schema/openapi.json completed from the app's route handlers."""

    def __init__(self) -> None:
        super().__init__()
        self._completed: dict[str, Any] | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._completed is None:
            self._completed = complete(openapi_schema, request.app)
        return self.render_json(request, self._completed)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Signpost",
        version="1",
        description="Local support services for families: search, the catalogue's records and "
        "its editors' writes, school venues and room bookings, and account tokens.",
        render_plugins=[CompleteJsonRenderPlugin()],
    )


def complete(document: dict[str, Any], app: Litestar) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    handlers = _handlers(app)
    types = [t for h in handlers.values() if not isinstance(t := _body_of(h), str | None)]
    types = list(dict.fromkeys(types))
    refs, components = msgspec.json.schema_components([*types, SearchParams], ref_template=REF)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(components)
    schemas["Problem"] = PROBLEM
    doc["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "An account's API token"}
    }
    ref_of = dict(zip([*types, SearchParams], refs, strict=True))
    search_parameters = _search_parameters(schemas.pop("SearchParams"))
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            handler = handlers.get((method.upper(), path))
            if handler is None or not path.startswith("/api"):
                continue
            body = _body_of(handler)
            if body is not None:
                operation["requestBody"] = _body(body, _body_required(handler), ref_of)
            if path == "/api/search":
                operation["parameters"] = search_parameters
            operation["responses"].update(_errors(handler, method, path))
            if any(hasattr(g, "roles") for g in handler.resolve_guards()):
                operation["security"] = [{"bearer": []}]
    return doc


def _handlers(app: Litestar) -> dict[tuple[str, str], HTTPRouteHandler]:
    return {
        (method, route.path_format): handler
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        for method in handler.http_methods
    }


def _body_of(handler: HTTPRouteHandler) -> Any:
    """The struct (or media type) a handler reads its body as, if it reads one."""
    decoder = handler.resolve_data_dto()
    if handler.parsed_data_field and decoder and issubclass(decoder, JsonBody):
        return body_struct(handler.parsed_data_field)
    return handler.opt.get("body")


def _body_required(handler: HTTPRouteHandler) -> bool:
    if handler.parsed_data_field and handler.opt.get("body") is None:
        return not handler.parsed_data_field.is_optional
    return bool(handler.opt.get("body_required", True))


def _body(body: Any, required: bool, ref_of: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    if isinstance(body, str):  # a media type sent as it is, such as an iCalendar file
        media = body.split(";", 1)[0]
        return {"required": required, "content": {media: {"schema": {"type": "string"}}}}
    return {"required": required, "content": {"application/json": {"schema": ref_of[body]}}}


def _search_parameters(search: dict[str, Any]) -> list[dict[str, Any]]:
    parameters = []
    for key, schema in search["properties"].items():
        parameter: dict[str, Any] = {"name": key, "in": "query", "required": False}
        parameter["schema"] = {k: v for k, v in schema.items() if k != "default"}
        if schema.get("type") == "array":
            parameter |= {"style": "form", "explode": True}
        parameters.append(parameter)
    return parameters


def _errors(handler: HTTPRouteHandler, method: str, path: str) -> dict[str, Any]:
    """Every error this operation can answer, each with the body errors really have. A write may
    break a rule (422); a read only when its handler says so with `opt={"rule_violations": True}`,
    since a bad parameter is a 400."""
    statuses = {"400"}
    if method != "get" or handler.opt.get("rule_violations"):  # a parameter's mistake is a 400
        statuses.add("422")
    if "{" in path:
        statuses.add("404")
    guarded = any(hasattr(g, "roles") for g in handler.resolve_guards())
    if guarded or path.endswith("calendar.ics"):  # feeds check a session or their key
        statuses |= {"401", "403"}
    if method != "get":
        statuses.add("409")
    if _body_of(handler) is not None:
        statuses.add("413")
    if path == "/api/search":
        statuses.add("503")
    problem = {"application/json": {"schema": {"$ref": REF.format(name="Problem")}}}
    return {s: {"description": _REASONS[s], "content": problem} for s in sorted(statuses)}
