"""Every route of the app, for every role: allowed, or refused with 401/403 (or sent to sign in)."""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import MagicMock
from uuid import uuid4

import httpx
import pytest

from services.accounts.application import Principal
from services.accounts.domain import Role
from services.http.app import create_app
from tests.e2e.staff.conftest import StaffSite, form

# Routes open to everyone, families and API clients alike. A new route fails the test below
# until it is listed here or guarded with `requires(...)`.
PUBLIC = {
    ("GET", "/"),
    ("GET", "/search"),
    ("GET", "/services/{service_id:uuid}"),
    ("POST", "/services/{service_id:uuid}/report"),
    ("GET", "/services/{service_id:uuid}/reported"),
    ("GET", "/shortlist"),
    ("GET", "/sheet"),
    ("GET", "/sheet.pdf"),
    ("GET", "/static/{file_path:path}"),
    ("GET", "/health"),
    ("GET", "/health/live"),
    ("GET", "/health/ready"),
    ("GET", "/api/search"),
    ("GET", "/api/services/{service_id:uuid}"),
    ("GET", "/api/organisations/{organisation_id:uuid}"),
    ("GET", "/staff/login"),
    ("POST", "/staff/login"),
    ("GET", "/staff/invitations/{token:str}"),
    ("POST", "/staff/invitations/{token:str}"),
    # Lettings: venues, free times and confirmed sessions are public.
    ("GET", "/venues/{venue_id:uuid}"),
    ("GET", "/api/venues/{venue_id:uuid}"),
    ("GET", "/api/venues/free-rooms"),
    ("GET", "/api/venues/{venue_id:uuid}/rooms/{room_id:uuid}/free"),
    ("GET", "/api/bookings/services/{service_id:uuid}/sessions"),
    # Calendar feeds: a session, or the per-account key in the address (see their tests).
    ("GET", "/api/venues/{venue_id:uuid}/calendar.ics"),
    ("GET", "/api/venues/{venue_id:uuid}/rooms/{room_id:uuid}/calendar.ics"),
    ("GET", "/api/bookings/organisations/{organisation_id:uuid}/calendar.ics"),
}
# The OpenAPI description of the public API, and Open Referral UK: the open-standard feed of
# the public catalogue.
PUBLIC_PREFIXES = ("/schema", "/oruk")


def _routes() -> list[tuple[str, str, tuple[Role, ...] | None]]:
    """(method, path, roles allowed or None for public) for every route the app serves."""
    app = create_app(MagicMock(), manage_runtime=False)
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                roles = [g.roles for g in handler.resolve_guards() if hasattr(g, "roles")]
                found.append((method, route.path, roles[0] if roles else None))
    return found


ROUTES = _routes()


def test_every_route_is_either_public_or_guarded_by_roles() -> None:
    unclassified = [
        (method, path)
        for method, path, roles in ROUTES
        if roles is None and (method, path) not in PUBLIC and not path.startswith(PUBLIC_PREFIXES)
    ]
    assert unclassified == [], f"classify these routes (PUBLIC or requires(...)): {unclassified}"


def test_the_matrix_holds_the_routes_the_staff_workspace_depends_on() -> None:
    guarded = {(m, p): r for m, p, r in ROUTES if r is not None}
    assert guarded[("PATCH", "/api/services/{service_id:uuid}")] == (Role.EDITOR,)
    assert guarded[("GET", "/staff/search")] == (Role.STAFF,)
    assert guarded[("GET", "/staff/accounts")] == (Role.ADMIN,)
    assert guarded[("GET", "/api/services/{service_id:uuid}/history")] == (Role.STAFF,)


def _concrete(path: str, site: StaffSite, service_id: str) -> str:
    values = {
        "service_id": service_id,
        "organisation_id": str(uuid4()),
        "location_id": str(uuid4()),
        "account_id": str(site.throwaway_account_id),
        "token": "no-such-invitation",
        "proposal_id": str(uuid4()),
        "report_id": str(uuid4()),
        "file_path": "app.css",
        "venue_id": str(uuid4()),
        "room_id": str(uuid4()),
        "booking_id": str(uuid4()),
        "token_id": str(uuid4()),
    }
    return re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: values[m.group(1)], path)


def _allowed(role: Role | None, roles: tuple[Role, ...]) -> bool:
    if role is None:
        return False
    principal = Principal(account_id=None, name="", email="", roles=frozenset({role}))
    return any(principal.has(r) for r in roles)


PRINCIPALS: list[Role | None] = [None, *Role]


@pytest.mark.parametrize("role", PRINCIPALS, ids=lambda r: r.value if r else "anonymous")
def test_each_role_reaches_exactly_the_routes_its_roles_allow(
    staff_site: StaffSite, role: Role | None
) -> None:
    service_id = staff_site.throwaway_service_id
    wrong: list[str] = []
    for method, path, roles in ROUTES:
        if roles is None:
            continue
        url = _concrete(path, staff_site, service_id)
        client, csrf = staff_site.browser_for(role) if role else (staff_site.anonymous(), "")
        api = path.startswith("/api")
        headers: dict[str, str] = {}
        kwargs: dict[str, Any] = {}
        if api and role:
            client.cookies.clear()
            headers["Authorization"] = f"Bearer {staff_site.token(role)}"
        if method != "GET":
            kwargs = {"json": {}} if api else {"data": form(csrf)}
        with client:
            response = client.request(method, url, headers=headers, **kwargs)
        to_login = response.status_code == 303 and response.headers.get("location", "").startswith(
            "/staff/login?next="
        )
        refused = response.status_code in (401, 403) or to_login
        expected = not _allowed(role, roles)
        if refused != expected:
            wrong.append(f"{method} {path}: {response.status_code}")
        if role is None and refused:
            assert response.status_code == 401 if api else to_login, (method, path)
    assert wrong == []


def test_the_bootstrap_admin_token_can_do_what_an_admin_can(staff_site: StaffSite) -> None:
    response = httpx.get(
        f"{staff_site.url}/staff/accounts", headers={"Authorization": "Bearer test-admin-token"}
    )
    assert response.status_code == 200
