"""Invitation and signposting-sheet links are built from SIGNPOST_PUBLIC_URL, never the Host."""

from __future__ import annotations

import re

from services.accounts.domain import Role
from tests.e2e.staff.conftest import StaffSite, form

EVIL = {"Host": "evil.example"}


def test_an_invitation_link_uses_the_public_address(staff_site: StaffSite) -> None:
    public = staff_site.served.runtime.settings.link_base()
    admin, csrf = staff_site.browser_for(Role.ADMIN)
    with admin:
        page = admin.post(
            "/staff/accounts/invitations",
            data=form(csrf, email="hosted@example.org", roles="staff"),
            headers=EVIL,
        )
    link = re.search(r'id="invitation-link">([^<]+)<', page.text)
    assert link and link.group(1).startswith(f"{public}/staff/invitations/")
    assert "evil.example" not in staff_site.mail()[-1][2]


def test_a_signposting_sheet_link_uses_the_public_address(staff_site: StaffSite) -> None:
    public = staff_site.served.runtime.settings.link_base()
    staff, _ = staff_site.browser_for(Role.STAFF)
    with staff:
        page = staff.get("/staff/sheet/ready", params={"sl": staff_site.service_id}, headers=EVIL)
    assert page.status_code == 200
    family = re.search(r'href="([^"]+)" id="family-link"', page.text)
    assert family and family.group(1).startswith(f"{public}/sheet?")
