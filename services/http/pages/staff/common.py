"""What every staff page needs: who is signed in, their CSRF token and the navigation."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from services.accounts.application import Principal
from services.accounts.domain import ROLE_LABELS, Role
from services.http.auth import SESSION_COOKIE, csrf_for, read_cookie, resolve_principal

AnyRequest = Request[Any, Any, Any]


def principal(request: AnyRequest) -> Principal:
    """The signed-in principal; the route's guard has already made sure there is one."""
    found = resolve_principal(request)
    assert found is not None
    return found


def navigation(me: Principal | None) -> list[tuple[str, str]]:
    if me is None:
        return []
    items = [("Home", "/staff")]
    if me.has(Role.STAFF):
        items.append(("Search", "/staff/search"))
    if me.has(Role.EDITOR):
        items.append(("Editor's list", "/staff/editor"))
    if Role.PROVIDER in me.roles:
        items.append(("Your services", "/staff/provider"))
    if me.has(Role.VENUE_MANAGER):
        items.append(("Your venues", "/staff/venues"))
    if me.has(Role.AGENCY_BOOKER):
        items.append(("Room bookings", "/staff/bookings"))
    if me.has(Role.COMMISSIONER):
        items.append(("Insights", "/insights"))
    if me.has(Role.ADMIN):
        items.append(("Accounts", "/staff/accounts"))
    return items


def page(
    request: AnyRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> Template:
    me = resolve_principal(request)
    cookie = read_cookie(request, SESSION_COOKIE)
    errors = (context or {}).get("errors", {})
    return Template(
        f"staff/{template}",
        context={
            "me": me,
            "role_labels": ROLE_LABELS,
            "nav": navigation(me),
            "current_path": request.url.path,
            "csrf_token": csrf_for(cookie) if cookie else "",
            "errors": errors,
            "error_list": [{"text": m, "href": f"#{f}"} for f, m in errors.items()],
            "shortlist": None,
            **(context or {}),
        },
        status_code=status_code,
    )
