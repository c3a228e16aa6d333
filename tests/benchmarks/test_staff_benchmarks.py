"""Staff workspace figures: sign-in cost, a session check, staff search, the sheet PDF."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.accounts.application import Accounts
from services.accounts.domain import Role
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.http.auth import SESSION_COOKIE
from tests.e2e.conftest import serve
from tests.e2e.staff.conftest import staff_settings

pytestmark = pytest.mark.benchmark
PASSWORD = "a long enough password"


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def _time(call: Any, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def test_staff_benchmarks(tmp_path: Path, meili_server: Any) -> None:
    accounts = Accounts()  # the production argon2 parameters
    accounts.create_account("a@b.org", "A", PASSWORD, [Role.STAFF], actor="bench")
    token = accounts.login("a@b.org", PASSWORD).token
    assert token
    print("\nStaff workspace")
    logins = _time(lambda: accounts.login("a@b.org", PASSWORD), 20)
    print(f"  sign-in (argon2id verify + session): {_ms(logins)}")
    checks = _time(lambda: accounts.principal_for(token), 200)
    print(f"  session check (in-memory store): p50 {statistics.median(checks) * 1e6:.0f} us")
    accounts.close()

    for served in serve(staff_settings(str(tmp_path), meili_server)):
        organisations, services = demo_records()
        sync_records(served.runtime.catalogue, organisations, services, actor="bench")
        served.caught_up(30)
        staff = served.runtime.accounts
        staff.create_account("s@b.org", "S", PASSWORD, [Role.STAFF], actor="bench")
        cookie = staff.login("s@b.org", PASSWORD).token
        assert cookie
        ids = served.runtime.index.ids_for_organisation(
            str(
                served.runtime.catalogue.find_by_external_id(
                    "organisation", organisations[0].external_id
                )
            )
        )
        with httpx.Client(base_url=served.url, cookies={SESSION_COOKIE: cookie}, timeout=30) as c:
            page = "/staff/search?q=counselling&postcode=E15&referral_route=school"
            assert c.get(page).status_code == 200
            pages = _time(lambda: c.get(page), 50)  # noqa: B023 (called here, at once)
            print(f"  /staff/search page over HTTP (SQLite session): {_ms(pages)}")
            sheet = f"/sheet.pdf?sl={','.join(ids[:4])}&note=Ring+on+Monday"
            size = len(c.get(sheet).content)
            pdfs = _time(lambda: c.get(sheet), 30)  # noqa: B023 (called here, at once)
            print(f"  /sheet.pdf of 4 services ({size} bytes): {_ms(pdfs)}")
