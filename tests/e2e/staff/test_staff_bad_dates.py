"""A staff page asked for a date says what it can: a date out of range names the range, UK
forms are read, and a date before the service existed is answered on the staff page."""

from __future__ import annotations

import pytest

from services.accounts.domain import Role
from tests.e2e.staff.conftest import StaffSite


@pytest.mark.parametrize("as_of", ["0001-01-01T00:00:00+01:00", "9999-12-31", "1900-01-01"])
def test_a_service_record_as_of_a_date_out_of_range_names_the_range(
    staff_site: StaffSite, as_of: str
) -> None:
    staff, _ = staff_site.browser_for(Role.STAFF)
    with staff:
        page = staff.get(f"/staff/services/{staff_site.service_id}", params={"as_of": as_of})
    assert page.status_code < 500 and "Enter a date from 01/01/2000 to 31/12/2100" in page.text


@pytest.mark.parametrize("as_of", ["31/01/2099", "31-1-2099", "31 January 2099", "31 Jan 2099"])
def test_a_service_record_as_of_a_uk_date_is_shown_as_it_was_then(
    staff_site: StaffSite, as_of: str
) -> None:
    staff, _ = staff_site.browser_for(Role.STAFF)
    with staff:
        page = staff.get(f"/staff/services/{staff_site.service_id}", params={"as_of": as_of})
    assert page.status_code == 200 and "As it was on 31 January 2099" in page.text


def test_a_date_before_the_service_existed_is_answered_on_the_staff_page(
    staff_site: StaffSite,
) -> None:
    staff, _ = staff_site.browser_for(Role.STAFF)
    with staff:
        page = staff.get(f"/staff/services/{staff_site.service_id}", params={"as_of": "1/1/2001"})
    assert page.status_code == 200 and "Page not found" not in page.text
    assert "On 01 January 2001 this service was not in the directory yet" in page.text
