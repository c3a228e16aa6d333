"""An account's API tokens: signing out everywhere revokes them; an admin lists and revokes one."""

from __future__ import annotations

import re
from uuid import UUID

import httpx

from services.accounts.domain import Role
from tests.e2e.staff.conftest import PASSWORD, StaffSite, form


def _person(site: StaffSite, email: str) -> UUID:
    return site.accounts.create_account(email, "Token Holder", PASSWORD, [Role.EDITOR], actor="t")


def _works(site: StaffSite, token: str) -> bool:
    headers = {"Authorization": f"Bearer {token}"}
    response = httpx.get(f"{site.url}/api/services/{site.service_id}/history", headers=headers)
    return response.status_code == 200


def test_signing_someone_out_everywhere_stops_their_api_tokens_working(
    staff_site: StaffSite,
) -> None:
    person = _person(staff_site, "everywhere@example.org")
    token = staff_site.accounts.issue_api_token(person, actor="admin@example.org")
    assert _works(staff_site, token)
    admin, csrf = staff_site.browser_for(Role.ADMIN)
    with admin:
        assert admin.post(f"/staff/accounts/{person}/sessions/revoke", data=form(csrf)).is_redirect
    assert not _works(staff_site, token)


def test_an_admin_lists_an_accounts_api_tokens_and_revokes_one_on_its_page(
    staff_site: StaffSite,
) -> None:
    person = _person(staff_site, "tokens-page@example.org")
    kept = staff_site.accounts.issue_api_token(person, actor="admin@example.org")
    dropped = staff_site.accounts.issue_api_token(person, actor="admin@example.org")
    admin, csrf = staff_site.browser_for(Role.ADMIN)
    with admin:
        assert f"/staff/accounts/{person}/tokens" in admin.get("/staff/accounts").text
        page = admin.get(f"/staff/accounts/{person}/tokens").text
        actions = re.findall(rf'action="(/staff/accounts/{person}/tokens/[0-9a-f-]+/revoke)"', page)
        assert len(actions) == 2 and "admin@example.org" in page
        assert admin.post(actions[1], data=form(csrf)).is_redirect
        assert "Revoked" in admin.get(f"/staff/accounts/{person}/tokens").text
    assert _works(staff_site, kept) and not _works(staff_site, dropped)


def test_an_admin_lists_and_revokes_an_accounts_api_tokens_through_the_api(
    staff_site: StaffSite,
) -> None:
    person = _person(staff_site, "tokens-api@example.org")
    kept = staff_site.accounts.issue_api_token(person, actor="admin@example.org")
    dropped = staff_site.accounts.issue_api_token(person, actor="admin@example.org")
    admin = {"Authorization": f"Bearer {staff_site.token(Role.ADMIN)}"}
    with httpx.Client(base_url=staff_site.url, headers=admin, timeout=20) as api:
        listed = api.get(f"/api/accounts/{person}/tokens").json()
        assert [t["revoked"] for t in listed] == [False, False]
        assert kept not in str(listed) and dropped not in str(listed)
        revoked = api.post(f"/api/accounts/{person}/tokens/{listed[1]['id']}/revoke")
        assert revoked.status_code == 200
        assert [t["revoked"] for t in revoked.json()] == [False, True]
        assert _works(staff_site, kept) and not _works(staff_site, dropped)
        everywhere = api.post(f"/api/accounts/{person}/sessions/revoke")
        assert everywhere.status_code == 200 and everywhere.json() == {"revoked": 1}
        assert not _works(staff_site, kept)
        unknown = api.post(f"/api/accounts/{person}/tokens/{staff_site.ids[Role.ADMIN]}/revoke")
        assert unknown.status_code == 404 and unknown.json()["field"] == "token_id"
    editor = {"Authorization": f"Bearer {staff_site.token(Role.EDITOR)}"}
    assert (
        httpx.get(f"{staff_site.url}/api/accounts/{person}/tokens", headers=editor).status_code
        == 403
    )
