"""The running Signpost a request belongs to, as the app factory put it in the app's state.

Handlers declare what they need as parameters (`catalogue: Injected[Catalogue]`, ...) and the
app injects it from `DEPENDENCIES`. Guards and the sign-in helpers get the connection,
not injection: they read the runtime through `runtime_of`.
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import SkipValidation

from projections.runner import ProjectionRunner
from search.engine import SearchEngine
from search.oruk import OrukIndex
from search.port import SearchIndex
from search.postcodes import PostcodeDirectory
from services.accounts.application import Accounts
from services.accounts.mail import Mailer
from services.accounts.throttle import LoginThrottle
from services.catalogue.application import Catalogue
from services.http.catching_up import search_catch_up
from services.insights.application import Insights
from services.read_models import ReadModels
from services.runtime import Lettings, Runtime
from services.settings import Settings

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


def _settings(state: State) -> Settings:
    return _runtime(state).settings


def _catalogue(state: State) -> Catalogue:
    return _runtime(state).catalogue


def _runner(state: State) -> ProjectionRunner:
    """The search projection's runner: nudged after a catalogue write."""
    return _runtime(state).runner


def _engine(state: State) -> SearchEngine:
    return _runtime(state).search


def _index(state: State) -> SearchIndex:
    return _runtime(state).index


def _oruk_index(state: State) -> OrukIndex:
    return _runtime(state).oruk_index


def _postcodes(state: State) -> PostcodeDirectory:
    return _runtime(state).postcodes


def _accounts(state: State) -> Accounts:
    return _runtime(state).accounts


def _insights(state: State) -> Insights:
    return _runtime(state).insights


def _lettings(state: State) -> Lettings:
    return _runtime(state).lettings


def _read_models(state: State) -> ReadModels:
    """The read models in SQL tables (proposals, problem reports, accounts, figures ...)."""
    return _runtime(state).read_models


def _mailer(state: State) -> Mailer:
    return _runtime(state).mailer


def _login_throttle(state: State) -> LoginThrottle:
    return _runtime(state).login_throttle


def _feed_secret(state: State) -> str:
    """The server's secret the calendar feeds' per-account keys are made from."""
    return _runtime(state).admin_token


DEPENDENCIES = {
    name: Provide(provider, sync_to_thread=False)
    for name, provider in {
        "runtime": _runtime,
        "settings": _settings,
        "catalogue": _catalogue,
        "runner": _runner,
        "engine": _engine,
        "index": _index,
        "oruk_index": _oruk_index,
        "postcodes": _postcodes,
        "accounts": _accounts,
        "insights": _insights,
        "lettings": _lettings,
        "read_models": _read_models,
        "mailer": _mailer,
        "login_throttle": _login_throttle,
        "feed_secret": _feed_secret,
        "catch_up": search_catch_up,
    }.items()
}
"""What a handler may ask for by name, each from the app's runtime."""
