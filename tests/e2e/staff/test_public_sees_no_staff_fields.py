"""The public never sees staff-only fields: every public route, anonymously, over HTTP."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urlencode

import httpx
from pypdf import PdfReader

from search.documents import STAFF_ONLY_DOCUMENT_FIELDS
from tests.e2e.staff.conftest import StaffSite
from tests.e2e.staff.test_role_matrix import ROUTES

QUERIES = ["", "counselling", "housing", "parenting", "camhs", "autism", "food", "holiday"]
POSTCODES = ["", "E15", "SK1", "MK9", "NW1"]


def _staff_values(site: StaffSite) -> tuple[list[dict[str, Any]], set[str]]:
    """Every staff document, and the staff-only values that no public field also says."""
    index = site.served.runtime.index
    ids = _all_ids(site)
    staff = [d for d in (index.get("staff", i) for i in ids) if d]
    public_text = json.dumps([index.get("public", i) for i in ids]).lower()
    values: set[str] = set()
    for doc in staff:
        for field in STAFF_ONLY_DOCUMENT_FIELDS:
            value = doc.get(field)
            parts = value.values() if isinstance(value, dict) else [value]
            values.update(str(p) for p in parts if p and len(str(p)) >= 8)
    return staff, {v for v in values if v.lower() not in public_text}


def _all_ids(site: StaffSite) -> list[str]:
    """Every service in the staff index, page by page."""
    token = {"Authorization": "Bearer test-admin-token"}
    ids: list[str] = []
    number, pages = 1, 1
    while number <= pages:
        found = httpx.get(
            f"{site.url}/api/search",
            params={"per_page": 100, "page": number},
            headers=token,
            timeout=20,
        ).json()
        ids += [hit["id"] for hit in found["hits"]]
        pages = found["total_pages"]
        number += 1
    return ids


def _public_urls(ids: list[str]) -> dict[str, list[str]]:
    """Sample addresses for each public GET route (a new public route needs samples here)."""
    searches = [
        urlencode({k: v for k, v in (("q", q), ("postcode", p)) if v})
        for q in QUERIES
        for p in POSTCODES
    ]
    chunks = [ids[i : i + 20] for i in range(0, len(ids), 20)]
    return {
        "/": ["/"],
        "/search": [f"/search?{s}" for s in searches] + ["/search?q=counselling&page=2"],
        "/services/{service_id:uuid}": [f"/services/{i}" for i in ids],
        "/services/{service_id:uuid}/reported": [f"/services/{ids[0]}/reported"],
        "/shortlist": [f"/shortlist?sl={','.join(c)}" for c in chunks],
        "/sheet": [f"/sheet?sl={','.join(c)}&note=Call+this+week" for c in chunks],
        "/sheet.pdf": [f"/sheet.pdf?sl={','.join(c)}" for c in chunks],
        "/static/{file_path:path}": [],  # the stylesheet holds no data
        "/health": ["/health"],
        "/health/live": ["/health/live"],
        "/health/ready": ["/health/ready"],
        "/api/search": [f"/api/search?per_page=100&{s}" for s in searches],
        "/api/services/{service_id:uuid}": [f"/api/services/{i}" for i in ids],
        "/api/organisations/{organisation_id:uuid}": [],
        "/staff/login": ["/staff/login"],
        "/staff/invitations/{token:str}": [],
        "/oruk": ["/oruk"],
        "/oruk/services": ["/oruk/services?per_page=50", "/oruk/services?per_page=50&page=2"],
        "/oruk/services/{id:str}": [f"/oruk/services/{i}" for i in ids],
        "/oruk/service_at_locations": ["/oruk/service_at_locations?per_page=50"],
        "/oruk/service_at_locations/{id:str}": [],  # each one is in the list above
        "/oruk/taxonomies": ["/oruk/taxonomies"],
        "/oruk/taxonomies/{id:str}": [],  # taxonomies hold no service data
        "/oruk/taxonomy_terms": ["/oruk/taxonomy_terms"],
        "/oruk/taxonomy_terms/{id:str}": [],
        # The staff site has no venues: the lettings routes answer with empty lists.
        "/venues/{venue_id:uuid}": [],
        "/api/venues/{venue_id:uuid}": [],
        "/api/venues/{venue_id:uuid}/rooms/{room_id:uuid}/free": [],
        "/api/venues/free-rooms": [
            "/api/venues/free-rooms?postcode=E15&day=2030-07-29&starts=10:00&ends=12:00"
        ],
        "/api/bookings/services/{service_id:uuid}/sessions": [
            f"/api/bookings/services/{i}/sessions" for i in ids[:20]
        ],
        # Calendar feeds answer only a session or the account's key: none for the public.
        "/api/venues/{venue_id:uuid}/calendar.ics": [],
        "/api/venues/{venue_id:uuid}/rooms/{room_id:uuid}/calendar.ics": [],
        "/api/bookings/organisations/{organisation_id:uuid}/calendar.ics": [],
    }


def _text(response: httpx.Response) -> str:
    if response.headers.get("content-type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.text


def test_no_public_page_or_api_response_holds_a_staff_only_field_or_value(
    staff_site: StaffSite,
) -> None:
    staff_docs, secrets = _staff_values(staff_site)
    assert len(staff_docs) >= 100 and len(secrets) >= 50  # the demo data has staff-only details
    ids = [d["id"] for d in staff_docs]
    urls = _public_urls(ids)
    public_gets = {p for m, p, roles in ROUTES if roles is None and m == "GET"}
    unsampled = public_gets - set(urls) - {p for p in public_gets if p.startswith("/schema")}
    assert unsampled == set(), f"add sample addresses for {unsampled}"
    leaks: list[str] = []
    walked = 0
    with httpx.Client(base_url=staff_site.url, timeout=30) as client:
        for path in sorted(urls):
            for url in urls[path]:
                response = client.get(url)
                walked += 1
                assert response.status_code == 200, url
                if path != "/staff/login":
                    assert "set-cookie" not in response.headers, url
                text = _text(response)
                leaks += [f"{url}: {v[:40]}" for v in secrets if v in text]
                if response.headers.get("content-type", "").startswith("application/json"):
                    keys = set(_keys(response.json()))
                    leaks += [f"{url}: field {k}" for k in keys & STAFF_ONLY_DOCUMENT_FIELDS]
    assert walked > 2 * len(ids)
    assert leaks == []
    print(f"walked {walked} public responses for {len(secrets)} staff-only values: no leak")


def test_a_staff_session_does_see_the_staff_only_values(staff_site: StaffSite) -> None:
    """The walk above would find them: the same API with a staff token shows them."""
    from services.accounts.domain import Role

    _, secrets = _staff_values(staff_site)
    token = staff_site.token(Role.STAFF)
    seen: set[str] = set()
    with httpx.Client(base_url=staff_site.url, timeout=30) as client:
        found = client.get(
            "/api/search",
            params={"per_page": 100},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        for hit in found["hits"]:
            body = client.get(
                f"/api/services/{hit['id']}", headers={"Authorization": f"Bearer {token}"}
            ).text
            seen.update(v for v in secrets if v in body)
    assert seen


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [k for k in value] + [k for v in value.values() for k in _keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []
