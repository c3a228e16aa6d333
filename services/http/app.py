"""The Litestar app factory: wires the runtime into routes, error handlers and the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.concurrency import sync_to_thread
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader, MutableScopeHeaders, State
from litestar.static_files import create_static_files_router
from litestar.types import Message, Scope

from services.http.accounts_api import AccountController
from services.http.api import OrganisationController, SearchController, ServiceController
from services.http.bookings_api import BookingController
from services.http.errors import EXCEPTION_HANDLERS
from services.http.health import health, live, ready
from services.http.openapi import openapi_config
from services.http.oruk import oruk_router
from services.http.pages.insights.pages import InsightsPages
from services.http.pages.lettings.booker import BookerPages, BookingPages
from services.http.pages.lettings.manager import ManagerPages
from services.http.pages.lettings.setup import VenueRegistrationPages, VenueSetupPages
from services.http.pages.public import PublicPages
from services.http.pages.staff.accounts import AccountPages
from services.http.pages.staff.editing import ServiceEditPages
from services.http.pages.staff.editorial import EditorialPages
from services.http.pages.staff.records import ServiceRecordPages
from services.http.pages.staff.search import StaffSearchPages
from services.http.pages.staff.sheet import SheetPages, sheet_download
from services.http.pages.staff.signin import SignInPages
from services.http.pages.templating import STATIC_DIR, template_config
from services.http.state import DEPENDENCIES
from services.http.venue_pages import VenuePages
from services.http.venues_api import VenueController
from services.runtime import Runtime

MAX_BODY_BYTES = 256 * 1024

# No third-party requests, no framing, no referrer leaks: the pages need nothing from elsewhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "interest-cohort=(), geolocation=(), camera=(), microphone=()",
}


def _security_headers(message: Message, scope: Scope) -> None:
    """On every response, errors and redirects included; staff pages are never cached."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        if headers.get(name) is None:
            headers[name] = value
    if scope["path"].startswith("/staff"):
        headers["Cache-Control"] = "no-store"


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
            AccountController,
            health,
            live,
            ready,
            PublicPages,
            oruk_router,
            VenueController,
            BookingController,
            VenuePages,
            ManagerPages,
            VenueSetupPages,
            VenueRegistrationPages,
            BookerPages,
            BookingPages,
            SignInPages,
            AccountPages,
            StaffSearchPages,
            ServiceRecordPages,
            ServiceEditPages,
            EditorialPages,
            InsightsPages,
            SheetPages,
            sheet_download,
            create_static_files_router(
                path="/static",
                directories=[STATIC_DIR],
                cache_control=CacheControlHeader(max_age=31_536_000, public=True),
                include_in_schema=False,
            ),
        ],
        template_config=template_config(),
        compression_config=CompressionConfig(
            backend="gzip", gzip_compress_level=6, minimum_size=1024, exclude=["^/api"]
        ),
        before_send=[_security_headers],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(),
        state=State({"runtime": runtime}),
        dependencies=DEPENDENCIES,
        lifespan=[lifespan],
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
    )
