"""The app over HTTP with the demo catalogue and one account for each role."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from argon2 import PasswordHasher

from services.accounts.domain import Role
from services.accounts.mail import ConsoleMailer
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.http.auth import CSRF_FIELD, SESSION_COOKIE, csrf_for
from services.settings import Settings
from tests.e2e.conftest import Served, serve

PASSWORD = "a long enough password"


class StaffSite:
    """The served app, the accounts of each role and ways to act as them."""

    def __init__(self, served: Served, organisation_id: UUID) -> None:
        self.served = served
        self.url = served.url
        self.organisation_id = organisation_id
        self.accounts = served.runtime.accounts
        services = served.runtime.index.ids_for_organisation(str(organisation_id))
        self.service_id = services[0]
        self.throwaway_service_id = services[-1]  # the role matrix's writes may close it
        self.ids: dict[Role, UUID] = {}
        for role in Role:
            self.ids[role] = self.accounts.create_account(
                f"{role.value}@example.org",
                f"Test {role.value.replace('_', ' ')}",
                PASSWORD,
                [role],
                actor="test",
                organisations=[organisation_id]
                if role in (Role.PROVIDER, Role.AGENCY_BOOKER)
                else [],
                venues=[uuid4()] if role is Role.VENUE_MANAGER else [],
            )

        self.throwaway_account_id = self.accounts.create_account(
            "throwaway@example.org", "Throwaway", PASSWORD, [Role.STAFF], actor="test"
        )  # the role matrix's admin requests may disable it

    def mail(self) -> deque[tuple[str, str, str]]:
        """What the console mailer sent: (to, subject, body), oldest first."""
        mailer = self.served.runtime.mailer
        assert isinstance(mailer, ConsoleMailer)
        return mailer.sent

    def token(self, role: Role) -> str:
        """A fresh session for the role's account (as a cookie or a bearer token)."""
        return self.accounts.issue_api_token(self.ids[role], actor="test")

    def browser_for(self, role: Role) -> tuple[httpx.Client, str]:
        """A client holding a session cookie, and the CSRF token its forms must carry."""
        token = self.token(role)
        client = httpx.Client(base_url=self.url, timeout=20, follow_redirects=False)
        client.cookies.set(SESSION_COOKIE, token)
        return client, csrf_for(token)

    def anonymous(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=20, follow_redirects=False)


def staff_settings(data_dir: str, meili_server: Any) -> Settings:
    return Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": data_dir,
            "MEILI_URL": meili_server.url,
            "MEILI_MASTER_KEY": meili_server.master_key,
            "MEILI_INDEX_PREFIX": f"staff_{uuid4().hex[:8]}",
            "SIGNPOST_ADMIN_TOKEN": "test-admin-token",
            "SIGNPOST_POLL_INTERVAL": "0.02",
            "SIGNPOST_SECURE_COOKIES": "0",
        }
    )


@pytest.fixture(scope="package")
def staff_site(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[StaffSite]:
    settings = staff_settings(str(tmp_path_factory.mktemp("staff")), meili_server)
    for served in serve(settings):
        served.runtime.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # type: ignore[misc]
        organisations, services = demo_records()
        sync_records(served.runtime.catalogue, organisations, services, actor="test")
        served.caught_up(180)  # embedding the demo catalogue takes a while on two busy cores
        org_id = served.runtime.catalogue.find_by_external_id(
            "organisation", organisations[0].external_id
        )
        assert org_id is not None
        yield StaffSite(served, org_id)


def form(csrf: str, **fields: Any) -> dict[str, Any]:
    return {CSRF_FIELD: csrf, **fields}
