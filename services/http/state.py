"""The running Signpost a request belongs to, as the app factory put it in the app's state."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

from services.read_models import ReadModels
from services.runtime import Lettings, Runtime


def runtime_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Runtime:
    runtime: Runtime = connection.app.state.runtime
    return runtime


def link_base(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The site's public address for links (SIGNPOST_PUBLIC_URL), never the request's Host."""
    return runtime_of(connection).settings.link_base()


def lettings_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Lettings:
    return runtime_of(connection).lettings


def read_models_of(connection: ASGIConnection[Any, Any, Any, Any]) -> ReadModels:
    """The read models in SQL tables (proposals, problem reports, ...)."""
    return runtime_of(connection).read_models
