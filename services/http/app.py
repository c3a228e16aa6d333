"""The Litestar app factory: wires the runtime into routes, error handlers and the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.concurrency import sync_to_thread
from litestar.datastructures import State

from services.http.api import OrganisationController, SearchController, ServiceController, health
from services.http.errors import EXCEPTION_HANDLERS
from services.http.venue_pages import VenuePages
from services.http.venues_api import BookingController, VenueController
from services.runtime import Runtime

MAX_BODY_BYTES = 256 * 1024


def create_app(runtime: Runtime, *, manage_runtime: bool = True) -> Litestar:
    """Serves the given runtime; with `manage_runtime` the app starts and closes it."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if manage_runtime and not runtime.started:
            await sync_to_thread(runtime.start)
        try:
            yield
        finally:
            if manage_runtime:
                await sync_to_thread(runtime.close)

    return Litestar(
        route_handlers=[
            SearchController,
            ServiceController,
            OrganisationController,
            health,
            VenueController,
            BookingController,
            VenuePages,
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        state=State({"runtime": runtime}),
        lifespan=[lifespan],
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
    )
