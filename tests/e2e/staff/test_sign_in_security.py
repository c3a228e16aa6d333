"""Signing in over HTTP: cookie flags, CSRF, throttling, lockout, sign-out and revocation."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest

from services.accounts.domain import MAX_FAILED_LOGINS, Role
from services.accounts.mail import SmtpMailer
from services.accounts.throttle import LoginThrottle, SqliteLoginThrottle
from services.http.auth import CSRF_HEADER, SESSION_COOKIE, csrf_for
from tests.e2e.staff.conftest import PASSWORD, StaffSite


@pytest.fixture
def client(staff_site: StaffSite) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=staff_site.url, timeout=20) as c:
        yield c


@pytest.fixture(autouse=True)
def fresh_throttle(staff_site: StaffSite, tmp_path: Path) -> Iterator[LoginThrottle]:
    """Each test starts with a clean per-address count (every test comes from 127.0.0.1)."""
    runtime = staff_site.served.runtime
    kept, throttle = runtime.login_throttle, SqliteLoginThrottle(tmp_path / "accounts.sqlite")
    runtime.login_throttle = throttle
    yield throttle
    runtime.login_throttle = kept
    throttle.close()


@pytest.fixture
def behind_a_proxy(staff_site: StaffSite) -> Iterator[None]:
    """The site as deployed behind a load balancer on 127.0.0.1 (SIGNPOST_TRUSTED_PROXIES)."""
    runtime = staff_site.served.runtime
    kept = runtime.settings
    runtime.settings = msgspec.structs.replace(kept, trusted_proxies=("127.0.0.1/32",))
    yield
    runtime.settings = kept


def _login_form(client: httpx.Client) -> str:
    page = client.get("/staff/login")
    assert page.status_code == 200
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def _sign_in(
    client: httpx.Client,
    email: str,
    password: str,
    headers: dict[str, str] | None = None,
    **extra: str,
) -> httpx.Response:
    csrf = _login_form(client)
    return client.post(
        "/staff/login",
        data={"csrf_token": csrf, "email": email, "password": password, **extra},
        headers=headers,
    )


def test_signing_in_sets_an_httponly_lax_session_cookie_and_opens_the_staff_pages(
    client: httpx.Client,
) -> None:
    response = _sign_in(client, "staff@example.org", PASSWORD, next="/staff/search")
    assert response.status_code == 303 and response.headers["location"] == "/staff/search"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie  # SIGNPOST_SECURE_COOKIES=0 in this test server
    assert client.get("/staff/search").status_code == 200


def test_a_wrong_password_gets_the_form_again_with_an_error_summary(client: httpx.Client) -> None:
    response = _sign_in(client, "staff@example.org", "not the password")
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Enter a correct email address and password" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_a_sign_in_without_the_form_token_is_refused(client: httpx.Client) -> None:
    response = client.post(
        "/staff/login", data={"email": "staff@example.org", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_a_staff_form_posted_without_its_csrf_token_is_refused(staff_site: StaffSite) -> None:
    client, csrf = staff_site.browser_for(Role.STAFF)
    with client:
        ids = [staff_site.service_id]
        assert client.post("/staff/sheet", data={"id": ids}).status_code == 403
        assert client.post("/staff/sheet", data={"id": ids, "csrf_token": "x"}).status_code == 403
        assert client.post("/staff/sheet", data={"id": ids, "csrf_token": csrf}).status_code == 303


def test_an_api_write_by_cookie_needs_the_csrf_header(staff_site: StaffSite) -> None:
    client, csrf = staff_site.browser_for(Role.EDITOR)
    body = {"name": "Cookie Org"}
    with client:
        assert client.post("/api/organisations", json=body).status_code == 401
        allowed = client.post("/api/organisations", json=body, headers={CSRF_HEADER: csrf})
        assert allowed.status_code == 201


def test_five_wrong_passwords_lock_the_account_and_the_right_one_then_fails(
    staff_site: StaffSite, client: httpx.Client
) -> None:
    staff_site.accounts.create_account(
        "lockme@example.org", "Lock Me", PASSWORD, [Role.STAFF], actor="test"
    )
    for _ in range(MAX_FAILED_LOGINS):
        _sign_in(client, "lockme@example.org", "wrong password")
    response = _sign_in(client, "lockme@example.org", PASSWORD)
    assert response.status_code == 400
    assert "locked for 15 minutes" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_a_locked_account_and_an_address_with_no_account_get_the_same_answer(
    staff_site: StaffSite, client: httpx.Client, tmp_path: Path
) -> None:
    staff_site.accounts.create_account(
        "locked-too@example.org", "Locked Too", PASSWORD, [Role.STAFF], actor="test"
    )
    answers = []
    for address, last in (("locked-too@example.org", PASSWORD), ("nobody@example.org", "x")):
        # A clean per-client count for each address: this is about the account, not the client.
        staff_site.served.runtime.login_throttle = SqliteLoginThrottle(tmp_path / f"{last}.db")
        for _ in range(MAX_FAILED_LOGINS):
            _sign_in(client, address, "wrong password")
        response = _sign_in(client, address, last)
        errors = re.findall(r'href="#email">([^<]*)<', response.text)
        answers.append((response.status_code, errors))
        staff_site.served.runtime.login_throttle.close()
    assert answers[0] == answers[1] and answers[0][0] == 400 and answers[0][1]


def test_too_many_attempts_from_one_address_get_429_even_with_the_right_password(
    client: httpx.Client, fresh_throttle: LoginThrottle
) -> None:
    for _ in range(fresh_throttle.limit):
        assert _sign_in(client, "nobody@example.org", "guess number n").status_code == 400
    response = _sign_in(client, "staff@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text


def test_a_whole_staff_room_behind_one_address_signs_in_but_guesses_still_run_out(
    staff_site: StaffSite, fresh_throttle: LoginThrottle
) -> None:
    for _ in range(fresh_throttle.limit * 2):
        with httpx.Client(base_url=staff_site.url) as colleague:
            assert _sign_in(colleague, "staff@example.org", PASSWORD).status_code == 303
    with httpx.Client(base_url=staff_site.url) as guesser:
        for _ in range(fresh_throttle.limit):
            assert _sign_in(guesser, "nobody@example.org", "guess").status_code == 400
        assert _sign_in(guesser, "staff@example.org", PASSWORD).status_code == 429


def test_a_made_up_forwarded_address_from_an_untrusted_peer_is_ignored(
    client: httpx.Client, fresh_throttle: LoginThrottle
) -> None:
    for n in range(fresh_throttle.limit):
        forged = {"X-Forwarded-For": f"203.0.113.{n}"}
        attempt = _sign_in(client, "nobody@example.org", "guess", headers=forged)
        assert attempt.status_code == 400
    forged = {"X-Forwarded-For": "198.51.100.99"}
    assert _sign_in(client, "staff@example.org", PASSWORD, headers=forged).status_code == 429


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_counted(
    client: httpx.Client, fresh_throttle: LoginThrottle, behind_a_proxy: None
) -> None:
    for n in range(fresh_throttle.limit):
        # The client made up the left-hand address; the proxy appended the one it saw.
        hops = {"X-Forwarded-For": f"10.9.9.{n}, 198.51.100.7"}
        assert _sign_in(client, "nobody@example.org", "guess", headers=hops).status_code == 400
    hops = {"X-Forwarded-For": "10.1.1.1, 198.51.100.7"}
    assert _sign_in(client, "staff@example.org", PASSWORD, headers=hops).status_code == 429
    other = {"X-Forwarded-For": "198.51.100.8"}
    assert _sign_in(client, "nobody@example.org", "guess", headers=other).status_code == 400


def test_signing_out_revokes_the_session_on_the_server(
    staff_site: StaffSite, client: httpx.Client
) -> None:
    assert _sign_in(client, "editor@example.org", PASSWORD).status_code == 303
    token = client.cookies[SESSION_COOKIE]
    out = client.post("/staff/logout", data={"csrf_token": csrf_for(token)})
    assert out.status_code == 303
    assert staff_site.accounts.principal_for(token) is None
    stolen = httpx.get(f"{staff_site.url}/staff", cookies={SESSION_COOKIE: token})
    assert stolen.status_code == 303 and stolen.headers["location"].startswith("/staff/login")


def test_an_admin_invitation_link_works_once(staff_site: StaffSite) -> None:
    admin, csrf = staff_site.browser_for(Role.ADMIN)
    with admin:
        page = admin.post(
            "/staff/accounts/invitations",
            data={"csrf_token": csrf, "email": "invitee@example.org", "roles": "staff"},
        )
    assert page.status_code == 200
    link = re.search(r'id="invitation-link">([^<]+)<', page.text)
    assert link
    assert staff_site.mail()[-1][0] == "invitee@example.org"
    with httpx.Client(timeout=20) as visitor:
        form = visitor.get(link.group(1))
        csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf_token
        data = {"csrf_token": csrf_token.group(1), "name": "Invitee", "password": PASSWORD}
        assert visitor.post(link.group(1), data=data).status_code == 303
        again = visitor.post(link.group(1), data=data)
        assert again.status_code == 400 and "already been used" in again.text


def test_an_invitation_whose_mail_fails_still_shows_its_link_and_says_so(
    staff_site: StaffSite,
) -> None:
    runtime = staff_site.served.runtime
    kept = runtime.mailer
    with socket.socket() as s:  # a port with nothing listening: the connection is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    runtime.mailer = SmtpMailer("127.0.0.1", port, sender="signpost@council.example")
    admin, csrf = staff_site.browser_for(Role.ADMIN)
    try:
        with admin:
            page = admin.post(
                "/staff/accounts/invitations",
                data={"csrf_token": csrf, "email": "unmailed@example.org", "roles": "staff"},
            )
    finally:
        runtime.mailer = kept
    assert page.status_code == 200
    assert 'id="invitation-link"' in page.text and 'id="invitation-unsent"' in page.text


def test_public_pages_set_no_cookie_for_anonymous_visitors(client: httpx.Client) -> None:
    for path in ("/", "/search?q=counselling", "/shortlist", "/api/search?q=food"):
        assert "set-cookie" not in client.get(path).headers


def test_an_admins_role_change_api_token_and_disabling_are_audited_and_take_effect(
    staff_site: StaffSite,
) -> None:
    person = staff_site.accounts.create_account(
        "changing@example.org", "Changing Roles", PASSWORD, [Role.STAFF], actor="test"
    )
    admin, csrf = staff_site.browser_for(Role.ADMIN)
    with admin:
        changed = admin.post(
            f"/staff/accounts/{person}/roles", data={"csrf_token": csrf, "roles": ["editor"]}
        )
        assert changed.status_code == 303
        assert staff_site.accounts.get_account(person).roles == [Role.EDITOR]
        issued = admin.post(f"/staff/accounts/{person}/api-token", data={"csrf_token": csrf})
        token = re.search(r'id="api-token">([^<]+)<', issued.text)
        assert token
        bearer = {"Authorization": f"Bearer {token.group(1)}"}
        write = httpx.post(
            f"{staff_site.url}/api/organisations", json={"name": "Via API"}, headers=bearer
        )
        assert write.status_code == 201, "an editor's API token may write"
        trail = admin.get("/staff/accounts").text
        assert "RolesChanged" in trail and "admin@example.org" in trail
        assert admin.post(
            f"/staff/accounts/{person}/disable", data={"csrf_token": csrf}
        ).is_redirect
        refused = httpx.post(
            f"{staff_site.url}/api/organisations", json={"name": "X"}, headers=bearer
        )
        assert refused.status_code == 401
