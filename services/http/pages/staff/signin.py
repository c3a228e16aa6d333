"""Signing in and out, accepting an invitation, and the staff home page."""

from __future__ import annotations

import secrets
import time
from typing import Any

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from services.accounts.application import MIN_PASSWORD, Accounts
from services.accounts.throttle import LoginThrottle
from services.http.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    cookie_name,
    csrf_for,
    csrf_protected,
    principal_of,
    read_cookie,
    secure_cookies,
    sign_in_csrf_protected,
)
from services.http.client_address import client_of
from services.http.guards import SIGNED_IN
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.state import Injected
from services.shared.errors import SignpostError

# One answer for a wrong password, an address with no account and a locked account, so the page
# never tells which addresses have accounts.
BAD_LOGIN = (
    "Enter a correct email address and password. After 5 wrong passwords an account is locked "
    "for 15 minutes"
)


def _cookie(request: AnyRequest, key: str, value: str, max_age: int | None) -> Cookie:
    return Cookie(
        key=cookie_name(request, key),
        value=value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )


def _next(raw: str | None) -> str:
    """Only our own staff pages: never an open redirect."""
    if raw and raw.startswith("/staff") and not raw.startswith("//"):
        return raw
    return "/staff"


def _login_page(
    request: AnyRequest, *, errors: dict[str, str], email: str = "", status_code: int = 200
) -> Template:
    secret = read_cookie(request, LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = page(
        request,
        "login.html",
        {
            "errors": errors,
            "email": email,
            "next": _next(request.query_params.get("next")),
            "csrf_token": csrf_for(secret),
        },
        status_code=status_code,
    )
    response.cookies.append(_cookie(request, LOGIN_CSRF_COOKIE, secret, 3600))
    return response


class SignInPages(Controller):
    path = "/staff"
    include_in_schema = False

    @get("/login")
    async def login_form(self, request: AnyRequest) -> Template | Redirect:
        if await principal_of(request) is not None:
            return Redirect(_next(request.query_params.get("next")), status_code=303)
        return _login_page(request, errors={})

    @post("/login", guards=[sign_in_csrf_protected], status_code=303)
    async def login(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
        login_throttle: Injected[LoginThrottle],
    ) -> Template | Redirect:
        form = await request.form()
        email = str(form.get("email") or "").strip()
        password = str(form.get("password") or "")
        throttle, client, now = login_throttle, client_of(request), time.time()
        if not await sync_to_thread(throttle.allow, client, now):
            message = "Too many sign-in attempts from here. Wait 5 minutes and try again"
            return _login_page(request, errors={"email": message}, email=email, status_code=429)
        errors: dict[str, str] = {}
        if not email:
            errors["email"] = "Enter your email address"
        if not password:
            errors["password"] = "Enter your password"
        if errors:
            return _login_page(request, errors=errors, email=email, status_code=400)
        result = await sync_to_thread(accounts.login, email, password)
        if not result.ok or result.token is None:  # wrong, unknown or locked: one answer
            return _login_page(request, errors={"email": BAD_LOGIN}, email=email, status_code=400)
        await sync_to_thread(throttle.forgive, client, now)  # only wrong guesses use it up
        redirect = Redirect(_next(str(form.get("next") or "")), status_code=303)
        redirect.cookies.append(_cookie(request, SESSION_COOKIE, result.token, None))
        redirect.cookies.append(_cookie(request, LOGIN_CSRF_COOKIE, "", 0))
        return redirect

    @post("/logout", guards=[SIGNED_IN, csrf_protected], status_code=303)
    async def logout(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
    ) -> Redirect:
        token = read_cookie(request, SESSION_COOKIE)
        actor = principal(request).email
        await sync_to_thread(accounts.revoke_token, token, actor=actor)
        redirect = Redirect("/staff/login", status_code=303)
        redirect.cookies.append(_cookie(request, SESSION_COOKIE, "", 0))
        return redirect

    @get("/", guards=[SIGNED_IN])
    async def home(self, request: AnyRequest) -> Template:
        return page(request, "home.html", {})

    @get("/invitations/{token:str}")
    async def invitation(
        self, request: AnyRequest, accounts: Injected[Accounts], token: str
    ) -> Template:
        invitation = await sync_to_thread(accounts.get_invitation, token)
        return _invitation_page(request, token, invitation.email, {}, "")

    @post("/invitations/{token:str}", guards=[sign_in_csrf_protected], status_code=303)
    async def accept(
        self, request: AnyRequest, accounts: Injected[Accounts], token: str
    ) -> Template | Redirect:
        invitation = await sync_to_thread(accounts.get_invitation, token)
        form = await request.form()
        name = str(form.get("name") or "").strip()
        password = str(form.get("password") or "")
        errors: dict[str, str] = {}
        if not name:
            errors["name"] = "Enter your name"
        if len(password) < MIN_PASSWORD:
            errors["password"] = f"Choose a password of at least {MIN_PASSWORD} characters"
        if invitation.accepted:
            errors["name"] = "This invitation has already been used. Sign in instead"
        if not errors:
            try:
                await sync_to_thread(accounts.accept_invitation, token, name, password)
            except SignpostError as error:  # an expired link is the visitor's to see, not a 4xx
                errors["name"] = error.message.rstrip(".")
        if errors:
            return _invitation_page(request, token, invitation.email, errors, name, 400)
        return Redirect("/staff/login", status_code=303)


def _invitation_page(
    request: AnyRequest,
    token: str,
    email: str,
    errors: dict[str, str],
    name: str,
    status_code: int = 200,
) -> Template:
    secret = read_cookie(request, LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    context: dict[str, Any] = {
        "errors": errors,
        "email": email,
        "name": name,
        "token": token,
        "csrf_token": csrf_for(secret),
        "min_password": MIN_PASSWORD,
    }
    response = page(request, "invitation.html", context, status_code=status_code)
    response.cookies.append(_cookie(request, LOGIN_CSRF_COOKIE, secret, 3600))
    return response
