"""Query parameters as a read's handler takes them: one it does not take is a 400."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.params import ParameterKwarg

from services.http.errors import BadRequestError, as_sent


def refuse_unknown_query(request: Request[Any, Any, Any]) -> None:
    """A `before_request` for JSON reads: a query parameter the handler does not take is a 400
    naming it (as `/api/search` answers), not silently ignored."""
    taken = _query_names(request)
    unknown = sorted(set(request.query_params) - taken)
    if unknown:
        takes = ", ".join(sorted(taken)) or "no parameters"
        raise BadRequestError(
            f"Unknown parameter '{unknown[0]}'; this takes {takes}.", field=unknown[0]
        )


def _query_names(request: Request[Any, Any, Any]) -> set[str]:
    """The handler's query parameters, as sent (its path parameters and dependencies aside)."""
    handler = request.scope["route_handler"]
    path = set(request.path_params)
    dependencies = handler.resolve_dependencies()
    found: set[str] = set()
    for key, definition in handler.parsed_fn_signature.parameters.items():
        if key in path or key in dependencies or key in ("request", "data", "self"):
            continue
        kwarg = definition.kwarg_definition
        if isinstance(kwarg, ParameterKwarg) and (kwarg.header or kwarg.cookie):
            continue
        found.add(as_sent(request, key) or key)
    return found
