"""A school venue on the staff site, open in the next summer-style holiday, with its people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID, uuid4

import httpx

from services.accounts.domain import Role
from tests.e2e.staff.conftest import PASSWORD, StaffSite


@dataclass
class Lettable:
    site: StaffSite
    venue_name: str
    venue_id: UUID
    hall_id: UUID
    holiday_starts: dt.date  # a Monday, at least a week away
    manager_email: str
    manager_id: UUID
    booker_email: str
    booker_id: UUID
    organisation_id: UUID


def next_holiday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=14 - today.weekday())


def lettable_venue(site: StaffSite) -> Lettable:
    """Registers a venue near E15 with a hall for 60, open 08:00-18:00 in the holiday."""
    admin = {"Authorization": "Bearer test-admin-token"}
    starts = next_holiday(dt.date.today())
    tag = uuid4().hex[:6]
    name = f"Carpenters Primary {tag}"
    with httpx.Client(base_url=site.url, headers=admin, timeout=20) as c:
        venue = c.post(
            "/api/venues",
            json={
                "name": name,
                "address": "1 Jupp Road, London",
                "postcode": "E15 2AA",
            },
        )
        assert venue.status_code == 201, venue.text
        vid = venue.json()["id"]
        holiday = {
            "name": "Holiday",
            "starts": str(starts),
            "ends": str(starts + dt.timedelta(days=48)),
        }
        assert c.put(f"/api/venues/{vid}/calendar", json={"holidays": [holiday]}).is_success
        hall = c.post(
            f"/api/venues/{vid}/rooms",
            json={"name": "Hall", "capacity": 60, "facilities": ["kitchen"]},
        ).json()["room_id"]
        rules = {"rules": [{"season": "holiday", "opens": "08:00", "closes": "18:00"}]}
        assert c.put(f"/api/venues/{vid}/rooms/{hall}/availability", json=rules).is_success
    org = uuid4()
    accounts = site.accounts
    manager_email, booker_email = f"manager-{tag}@example.org", f"booker-{tag}@example.org"
    manager_id = accounts.create_account(
        manager_email,
        "Maya Manager",
        PASSWORD,
        [Role.VENUE_MANAGER],
        actor="test",
        venues=[UUID(vid)],
    )
    booker_id = accounts.create_account(
        booker_email,
        "Bola Booker",
        PASSWORD,
        [Role.AGENCY_BOOKER],
        actor="test",
        organisations=[org],
    )
    return Lettable(
        site,
        name,
        UUID(vid),
        UUID(hall),
        starts,
        manager_email,
        manager_id,
        booker_email,
        booker_id,
        org,
    )
