"""Every response, errors included, carries the security headers; links use the public address."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import Served

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _secured(response: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", "")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no-such-page", 404),
        ("GET", "/api/no-such-thing", 404),
        ("GET", "/api/services/6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61", 404),
        ("GET", "/api/search?per_page=0", 400),
        ("POST", "/api/organisations", 401),
        ("GET", "/staff/search", 303),
        ("DELETE", "/api/search", 405),
        ("GET", "/oruk/services/not-a-uuid", 400),
    ],
)
def test_error_responses_carry_the_security_headers(
    served: Served, method: str, path: str, status: int
) -> None:
    response = served.http.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    _secured(response)


def test_staff_pages_are_never_cached(served: Served) -> None:
    login = served.http.get("/staff/login")
    assert login.status_code == 200 and login.headers["cache-control"] == "no-store"
    bounced = served.http.get("/staff/search")
    assert bounced.headers["cache-control"] == "no-store"
    assert "no-store" not in served.http.get("/").headers.get("cache-control", "")


def test_the_shared_shortlist_link_uses_the_public_address_not_the_host_header(
    served: Served,
) -> None:
    oid = served.post("/api/organisations", {"name": "Parents Together"}).json()["id"]
    sid = served.post("/api/services", {"name": "Stay and play", "organisation_id": oid}).json()
    served.caught_up()
    public = served.runtime.settings.link_base()
    page = served.http.get("/shortlist", params={"sl": sid["id"]}, headers={"Host": "evil.example"})
    assert page.status_code == 200 and "Stay and play" in page.text
    assert f"{public}/shortlist?sl=" in page.text
    assert "evil.example" not in page.text
