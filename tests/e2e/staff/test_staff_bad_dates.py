"""A staff page asked for a date out of range says so instead of failing."""

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
    assert page.status_code < 500 and "Enter a date from 2000-01-01 to 2100-12-31" in page.text
