"""Staff form tokens are bound to the session alone; Secure cookies carry `__Host-` names."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import msgspec
import pytest

from services.accounts.domain import Role
from services.accounts.throttle import InMemoryLoginThrottle
from services.http.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, csrf_for
from tests.e2e.staff.conftest import PASSWORD, StaffSite, form


@pytest.fixture
def secure_cookies(staff_site: StaffSite) -> Iterator[None]:
    """The site as deployed over HTTPS (SIGNPOST_SECURE_COOKIES=1)."""
    runtime = staff_site.served.runtime
    kept, throttle = runtime.settings, runtime.login_throttle
    runtime.settings = msgspec.structs.replace(kept, secure_cookies=True)
    runtime.login_throttle = InMemoryLoginThrottle()  # this module's sign-ins count afresh
    yield
    runtime.settings, runtime.login_throttle = kept, throttle


def test_a_staff_form_token_made_from_a_planted_sign_in_cookie_is_refused(
    staff_site: StaffSite,
) -> None:
    staff, csrf = staff_site.browser_for(Role.STAFF)
    with staff:
        staff.cookies.set(LOGIN_CSRF_COOKIE, "planted by a sibling subdomain")
        forged = form(csrf_for("planted by a sibling subdomain"), name="Forged", query="q=x")
        assert staff.post("/staff/searches", data=forged).status_code == 403
        genuine = form(csrf, name="Genuine", query="q=x")
        assert staff.post("/staff/searches", data=genuine).status_code == 303


def test_a_sign_in_form_token_made_from_the_session_cookie_is_refused(
    staff_site: StaffSite,
) -> None:
    with staff_site.anonymous() as visitor:
        visitor.cookies.set(SESSION_COOKIE, "not a session")
        data = {"csrf_token": csrf_for("not a session"), "email": "a@b.org", "password": "x"}
        assert visitor.post("/staff/login", data=data).status_code == 403


def test_secure_cookies_have_host_prefixed_names_and_plain_names_are_ignored(
    staff_site: StaffSite, secure_cookies: None
) -> None:
    with staff_site.anonymous() as visitor:
        login = visitor.get("/staff/login")
    cookie = login.headers["set-cookie"]
    assert cookie.startswith(f"__Host-{LOGIN_CSRF_COOKIE}=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    token = staff_site.token(Role.STAFF)
    prefixed = httpx.get(
        f"{staff_site.url}/staff/search", cookies={f"__Host-{SESSION_COOKIE}": token}
    )
    assert prefixed.status_code == 200
    plain = httpx.get(f"{staff_site.url}/staff/search", cookies={SESSION_COOKIE: token})
    assert plain.status_code == 303 and plain.headers["location"].startswith("/staff/login")


def test_signing_in_with_secure_cookies_sets_a_host_prefixed_session_cookie(
    staff_site: StaffSite, secure_cookies: None
) -> None:
    with staff_site.anonymous() as visitor:
        page = visitor.get("/staff/login")
        secret = page.cookies[f"__Host-{LOGIN_CSRF_COOKIE}"]
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match and match.group(1) == csrf_for(secret)
        data = {"csrf_token": match.group(1), "email": "staff@example.org", "password": PASSWORD}
        signed_in = visitor.post(
            "/staff/login",
            data=data,
            headers={"cookie": f"__Host-{LOGIN_CSRF_COOKIE}={secret}"},
        )
    assert signed_in.status_code == 303
    assert any(
        h.startswith(f"__Host-{SESSION_COOKIE}=") and "Secure" in h
        for h in signed_in.headers.get_list("set-cookie")
    )
