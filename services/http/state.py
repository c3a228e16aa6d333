"""The running Signpost a request belongs to, as the app factory put it in the app's state.

Handlers declare what they need as parameters (`catalogue: Injected[Catalogue]`, ...) and the
app injects it from `DEPENDENCIES`. Guards and the sign-in helpers get the connection,
not injection: they read the runtime through `runtime_of`.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeAlias, TypeVar

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import SkipValidation

from services.http.catching_up import search_catch_up
from services.runtime import Runtime

T = TypeVar("T")

Injected: TypeAlias = NamedDependency[SkipValidation[T]]
"""A handler's parameter the app injects by its name, from the runtime: trusted, so not
validated (several are protocols, which cannot be checked at run time)."""


def runtime_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Runtime:
    runtime: Runtime = connection.app.state.runtime
    return runtime


def _runtime(state: State) -> Runtime:
    runtime: Runtime = state.runtime
    return runtime


def _field(name: str) -> Provide:
    """Injects the runtime's field `name` (a misspelt name fails at import, not in a request)."""
    if name not in {f.name for f in fields(Runtime)}:
        raise ValueError(f"Runtime has no field {name!r}")

    def provide(state: State) -> Any:
        return getattr(_runtime(state), name)

    return Provide(provide, sync_to_thread=False)


# Parameter name: the runtime's field. `runner` is the search projection's runner (nudged after a
# catalogue write); `feed_secret` is the server's secret the calendar feeds' per-account keys are
# made from.
_FIELDS = {
    "settings": "settings",
    "catalogue": "catalogue",
    "runner": "runner",
    "engine": "search",
    "index": "index",
    "oruk_index": "oruk_index",
    "postcodes": "postcodes",
    "accounts": "accounts",
    "insights": "insights",
    "lettings": "lettings",
    "read_models": "read_models",
    "mailer": "mailer",
    "login_throttle": "login_throttle",
    "feed_secret": "admin_token",
}

DEPENDENCIES = {
    "runtime": Provide(_runtime, sync_to_thread=False),
    "catch_up": Provide(search_catch_up, sync_to_thread=False),
    **{name: _field(field) for name, field in _FIELDS.items()},
}
"""What a handler may ask for by name, each from the app's runtime."""
