"""Who may use a route: every role guard of the app, built here once.

A guard answers 401 without a live session or token, and 403 unless the principal has one of
its roles (an admin has them all). The role matrix test reads each guard's `roles`.
"""

from __future__ import annotations

from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from services.accounts.domain import Role
from services.http.auth import Connection, Guard, principal_of


def requires(*roles: Role) -> Guard:
    """A guard: 401 without a live session or token, 403 unless the principal has one role."""

    async def guard(connection: Connection, _: BaseRouteHandler) -> None:
        principal = await principal_of(connection)
        if principal is None:
            raise NotAuthorizedException("Sign in to use this page.")
        if not any(principal.has(role) for role in roles):
            raise PermissionDeniedException("Your account does not allow this.")

    guard.roles = roles  # type: ignore[attr-defined]
    return guard


SIGNED_IN = requires(*Role)
STAFF = requires(Role.STAFF)
EDITORS = requires(Role.EDITOR)
ADMINS = requires(Role.ADMIN)
PROVIDERS = requires(Role.PROVIDER)
COMMISSIONERS = requires(Role.COMMISSIONER)
VENUE_MANAGERS = requires(Role.VENUE_MANAGER)
AGENCY_BOOKERS = requires(Role.AGENCY_BOOKER)
VENUE_MANAGERS_OR_AGENCY_BOOKERS = requires(Role.VENUE_MANAGER, Role.AGENCY_BOOKER)
