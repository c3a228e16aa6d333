"""One place that turns errors into clear 4xx/5xx JSON bodies naming the field and the reason."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import ParameterKwarg
from litestar.response import Redirect, Template

from search.port import SearchUnavailableError
from services.shared.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RuleViolationError,
    SignpostError,
    UnavailableError,
)

log = logging.getLogger("signpost.http")

_STATUS = {
    ForbiddenError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    RuleViolationError: 422,
    UnavailableError: 503,
}


class BadRequestError(SignpostError):
    """The request itself is malformed: wrong type, unknown field, bad encoding (400)."""


_JSON_PREFIXES = ("/api", "/oruk", "/health", "/schema")
_HEADINGS = {
    400: "There is a problem with that address",
    401: "Sign in to use this page",
    403: "You cannot do that with your account",
    404: "Page not found",
    405: "That cannot be done here",
    409: "Someone else changed this at the same time",
    413: "That is too much to send",
    429: "Too many attempts",
    422: "There is a problem with what you sent",
    503: "Sorry, search is not working right now",
}


def problem(
    status: int,
    message: str,
    field: str | None = None,
    request: Request[Any, Any, Any] | None = None,
    detail: Any = None,
) -> Response[Any]:
    """A JSON body for API clients; a plain page for people using the site's pages."""
    if request is not None and not request.url.path.startswith(_JSON_PREFIXES):
        heading = _HEADINGS.get(status, "Sorry, there is a problem with the service")
        return Template(
            "public/error.html",
            context={"heading": heading, "message": message, "errors": {}, "shortlist": None},
            status_code=status,
        )
    body: dict[str, Any] = {"status": status, "message": message}
    if field:
        body["field"] = field
    if detail is not None:
        body["detail"] = msgspec.to_builtins(detail)
    return Response(body, status_code=status, media_type="application/json")


_PATH = re.compile(r"at `\$(\.?)([^`]*)`")
_PLAIN = {  # Litestar's reasons for a bad parameter, in the words the rest of the API uses
    "Invalid RFC3339 encoded date": "Not a date such as 2026-03-02.",
}
_MISSING = re.compile(r"^Missing required (\w+) parameter '([^']*)'")


def from_validation(
    error: msgspec.ValidationError | msgspec.DecodeError, prefix: str = ""
) -> BadRequestError:
    """msgspec says "Expected `int`, got `str` - at `$.ages.minimum_months`": keep both halves."""
    text = str(error)
    match = _PATH.search(text)
    field = match.group(2) if match else None
    if field is None and (unknown := re.search(r"unknown field `([^`]+)`", text)):
        field = unknown.group(1)
    if field is None and (missing := re.search(r"required field `([^`]+)`", text)):
        field = missing.group(1)
    reason = _PATH.sub("", text).rstrip(" -")
    if field and field.startswith("[") is False and prefix:
        field = f"{prefix}.{field}"
    return BadRequestError(reason, field=field or prefix or None)


def handle_signpost_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, SignpostError)
    status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
    return problem(status, exc.message, exc.field, request, exc.detail)


def handle_search_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return problem(
        503, "Search is unavailable at the moment; please try again shortly.", request=request
    )


def handle_http_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list) and exc.extra:
        first = exc.extra[0]
        if isinstance(first, dict):
            field = first.get("key")
            if field == "data" and request.url.path.startswith(_JSON_PREFIXES):
                # a typed body (bodies.JsonBody) decodes itself: Litestar only says it is missing
                return problem(400, "The request needs a JSON body.", request=request)
            message = str(first.get("message") or exc.detail)
            message = _PLAIN.get(message, message)
            return problem(400, message, as_sent(request, field), request)
    if isinstance(exc, ValidationException) and (missing := _MISSING.match(str(exc.detail))):
        kind, name = missing.groups()
        return problem(400, f"Missing required {kind} parameter '{name}'.", name, request)
    if exc.status_code == 401 and not request.url.path.startswith(_JSON_PREFIXES):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return Redirect(f"/staff/login?next={target}", status_code=303)
    return problem(exc.status_code, str(exc.detail), request=request)


def as_sent(request: Request[Any, Any, Any], key: Any) -> str | None:
    """The parameter as the client sends it (`from`): Litestar names it as the handler does."""
    if not isinstance(key, str):
        return None
    handler = request.scope.get("route_handler")
    definition = handler.parsed_fn_signature.parameters.get(key) if handler else None
    kwarg = definition.kwarg_definition if definition else None
    if isinstance(kwarg, ParameterKwarg):
        return kwarg.name or kwarg.query or kwarg.header or kwarg.cookie or key
    return key


async def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unexpected error", exc_info=exc)
    return problem(500, "Something went wrong on our side; nothing was changed.", request=request)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    SignpostError: handle_signpost_error,
    SearchUnavailableError: handle_search_unavailable,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
