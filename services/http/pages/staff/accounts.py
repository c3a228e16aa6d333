"""The admin's pages: accounts and their roles, invitations by one-time link, the audit trail."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, get, post
from litestar.concurrency import sync_to_thread
from litestar.response import Redirect, Template

from services.accounts.application import Accounts
from services.accounts.domain import ROLE_LABELS, Role
from services.accounts.mail import Mailer, deliver
from services.http.auth import csrf_protected
from services.http.guards import ADMINS
from services.http.pages.staff.common import AnyRequest, page, principal
from services.http.state import Injected
from services.read_models import ReadModels
from services.runtime import Lettings
from services.settings import Settings
from services.shared.errors import SignpostError


def _uuids(values: list[Any], field: str, errors: dict[str, str]) -> list[UUID]:
    found = []
    for value in values:
        for part in str(value).replace(",", " ").split():
            try:
                found.append(UUID(part))
            except ValueError:
                errors[field] = f"'{part}' is not an id (ids look like 3f2a…-…)"
    return found


def _roles(values: list[Any], errors: dict[str, str]) -> list[Role]:
    roles = [Role(v) for v in values if v in Role._value2member_map_]
    if not roles:
        errors["roles"] = "Choose at least one role"
    return roles


class AccountPages(Controller):
    path = "/staff/accounts"
    include_in_schema = False
    guards = (ADMINS,)

    @get("/")
    async def index(
        self,
        request: AnyRequest,
        read_models: Injected[ReadModels],
        lettings: Injected[Lettings],
    ) -> Template:
        return await _index(request, read_models, lettings, {}, {})

    @post("/invitations", guards=[csrf_protected], status_code=200)
    async def invite(
        self,
        request: AnyRequest,
        settings: Injected[Settings],
        accounts: Injected[Accounts],
        mailer: Injected[Mailer],
        read_models: Injected[ReadModels],
        lettings: Injected[Lettings],
    ) -> Template:
        form = await request.form()
        email = str(form.get("email") or "").strip()
        errors: dict[str, str] = {}
        if "@" not in email:
            errors["email"] = "Enter an email address like name@example.org"
        roles = _roles(form.getall("roles", []), errors)
        organisations = _uuids(form.getall("organisations", []), "organisations", errors)
        venues = _uuids(form.getall("venues", []), "venues", errors)
        token = ""
        if not errors:
            try:
                token = await sync_to_thread(
                    lambda: accounts.invite(
                        email,
                        roles,
                        actor=principal(request).email,
                        organisations=organisations,
                        venues=venues,
                    )
                )
            except SignpostError as error:  # shown beside the field, like any form error
                errors[error.field or "email"] = error.message.rstrip(".")
        if errors:
            chosen = " ".join(str(v) for v in venues)
            return await _index(
                request,
                read_models,
                lettings,
                errors,
                {"email": email, "venues": chosen},
                status_code=400,
            )
        link = f"{settings.link_base()}/staff/invitations/{token}"
        mailed = await sync_to_thread(
            deliver,
            mailer,
            email,
            "You have been invited to Signpost",
            f"Set up your account (the link works once, for 7 days): {link}",
        )
        invitation = {"email": email, "link": link, "unsent": "" if mailed else "yes"}
        return await _index(request, read_models, lettings, {}, {}, invitation=invitation)

    @post("/{account_id:uuid}/roles", guards=[csrf_protected], status_code=303)
    async def change_roles(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
        read_models: Injected[ReadModels],
        lettings: Injected[Lettings],
        account_id: UUID,
    ) -> Redirect | Template:
        form = await request.form()
        errors: dict[str, str] = {}
        roles = _roles(form.getall("roles", []), errors)
        organisations = _uuids(form.getall("organisations", []), "organisations", errors)
        venues = _uuids(form.getall("venues", []), "venues", errors)
        if not errors:
            try:
                await sync_to_thread(
                    lambda: accounts.change_roles(
                        account_id,
                        roles,
                        actor=principal(request).email,
                        organisations=organisations,
                        venues=venues,
                    )
                )
            except SignpostError as error:
                errors[error.field or "roles"] = error.message.rstrip(".")
        if errors:
            return await _index(request, read_models, lettings, errors, {}, status_code=400)
        await _shown(read_models)
        return Redirect("/staff/accounts", status_code=303)

    @post("/{account_id:uuid}/api-token", guards=[csrf_protected], status_code=200)
    async def api_token(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
        read_models: Injected[ReadModels],
        lettings: Injected[Lettings],
        account_id: UUID,
    ) -> Template:
        """A bearer token for an API client acting as this account, shown once."""
        actor = principal(request).email
        account = await sync_to_thread(accounts.get_account, account_id)
        token = await sync_to_thread(lambda: accounts.issue_api_token(account_id, actor=actor))
        return await _index(
            request,
            read_models,
            lettings,
            {},
            {},
            api_token={"email": account.email, "token": token},
        )

    @post("/{account_id:uuid}/disable", guards=[csrf_protected], status_code=303)
    async def disable(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
        read_models: Injected[ReadModels],
        account_id: UUID,
    ) -> Redirect:
        actor = principal(request).email
        await sync_to_thread(lambda: accounts.disable_account(account_id, actor=actor))
        await _shown(read_models)
        return Redirect("/staff/accounts", status_code=303)

    @post("/{account_id:uuid}/sessions/revoke", guards=[csrf_protected], status_code=303)
    async def revoke(
        self,
        request: AnyRequest,
        accounts: Injected[Accounts],
        read_models: Injected[ReadModels],
        account_id: UUID,
    ) -> Redirect:
        actor = principal(request).email
        await sync_to_thread(lambda: accounts.revoke_all_sessions(account_id, actor=actor))
        await _shown(read_models)
        return Redirect("/staff/accounts", status_code=303)

    @get("/{account_id:uuid}/tokens")
    async def tokens(
        self, request: AnyRequest, accounts: Injected[Accounts], account_id: UUID
    ) -> Template:
        """The account's API tokens: when and by whom issued, until when, whether revoked."""
        account = await sync_to_thread(accounts.get_account, account_id)
        tokens = await sync_to_thread(accounts.api_tokens, account_id)
        return page(request, "account_tokens.html", {"account": account, "tokens": tokens})

    @post(
        "/{account_id:uuid}/tokens/{token_id:uuid}/revoke",
        guards=[csrf_protected],
        status_code=303,
    )
    async def revoke_token(
        self, request: AnyRequest, accounts: Injected[Accounts], account_id: UUID, token_id: UUID
    ) -> Redirect:
        actor = principal(request).email
        await sync_to_thread(lambda: accounts.revoke_api_token(account_id, token_id, actor=actor))
        return Redirect(f"/staff/accounts/{account_id}/tokens", status_code=303)


async def _shown(read_models: ReadModels) -> None:
    """After a write, until the accounts read model has it: the page redirected to shows it."""
    await sync_to_thread(read_models.settle, "accounts")


async def _index(
    request: AnyRequest,
    read_models: ReadModels,
    lettings: Lettings,
    errors: dict[str, str],
    values: dict[str, str],
    *,
    invitation: dict[str, str] | None = None,
    api_token: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    view = read_models.accounts

    def load() -> dict[str, Any]:
        return {
            "accounts": view.accounts(),
            "audit": view.audit_trail(limit=50),
            "venue_choices": lettings.places.venues(),
        }

    loaded = await sync_to_thread(load)
    names = {a.id: a.email for a in loaded["accounts"]}
    known = {str(v) for v, _ in loaded["venue_choices"]}
    chosen = set(values.get("venues", "").split())
    venue_items = [
        {"value": str(v), "text": name, "checked": str(v) in chosen}
        for v, name in loaded["venue_choices"]
    ]
    return page(
        request,
        "accounts.html",
        {
            **loaded,
            "names": names,
            "errors": errors,
            "values": values,
            "invitation": invitation,
            "api_token": api_token,
            "role_items": [{"value": r.value, "text": ROLE_LABELS[r]} for r in Role],
            "venue_items": venue_items,
            "known_venues": known,
        },
        status_code=status_code,
    )
