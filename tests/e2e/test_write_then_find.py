"""Write over HTTP, then find it through /api/search once the projection has caught up."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Served


def _organisation(served: Served) -> str:
    r = served.post("/api/organisations", {"name": "Newham Parents Together"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _service(served: Served, **extra: Any) -> dict[str, Any]:
    body = {
        "organisation_id": _organisation(served),
        "name": "Zephyrine parent counselling",
        "description": "Free counselling for parents of primary school children.",
        "ages": {"minimum_months": 216, "maximum_months": 1500},
        "referral_routes": ["self"],
        "delivery": ["in_person"],
        "cost": {"free": True},
        "staff_notes": "Ask for the duty counsellor",
        "categories": ["mental-health.counselling"],
        "locations": [
            {
                "name": "Stratford Hub",
                "postcode": "E15 4PQ",
                "position": {"lat": 51.5413, "lon": 0.0005},
            }
        ],
        **extra,
    }
    r = served.post("/api/services", body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_a_new_service_is_found_by_search_once_projected(served: Served) -> None:
    created = _service(served)
    served.caught_up()
    r = served.http.get("/api/search", params={"q": "zephyrine", "postcode": "E15"})
    assert r.status_code == 200, r.text
    page = r.json()
    assert page["total"] == 1
    hit = page["hits"][0]
    assert hit["id"] == created["id"] and hit["organisation"] == "Newham Parents Together"
    assert hit["distance_km"] is not None and hit["distance_km"] < 5
    assert "Ask for the duty counsellor" not in r.text


def test_an_edit_shows_in_search_and_history_and_a_stale_edit_gets_409(served: Served) -> None:
    created = _service(served)
    sid, version = created["id"], created["version"]
    r = served.patch(
        f"/api/services/{sid}",
        {"expected_version": version, "name": "Zephyrine family counselling"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["changed_fields"] == ["name"]
    stale = served.patch(
        f"/api/services/{sid}", {"expected_version": version, "name": "Lost update"}
    )
    assert stale.status_code == 409
    served.caught_up()
    names = [
        h["name"] for h in served.http.get("/api/search", params={"q": "zephyrine"}).json()["hits"]
    ]
    assert names == ["Zephyrine family counselling"]
    history = served.http.get(f"/api/services/{sid}/history", headers=served.admin).json()
    assert history[-1]["fields"] == ["name"] and history[-1]["actor"] == "admin"
    first_at = history[0]["at"]
    then = served.http.get(f"/api/services/{sid}", params={"as_of": first_at}).json()
    assert then["name"] == "Zephyrine parent counselling"


def test_the_public_record_hides_staff_fields_that_the_token_reveals(served: Served) -> None:
    sid = _service(served)["id"]
    public = served.http.get(f"/api/services/{sid}")
    assert public.status_code == 200 and "staff_notes" not in public.json()
    staff = served.http.get(f"/api/services/{sid}", headers=served.admin)
    assert staff.json()["staff_notes"] == "Ask for the duty counsellor"


def test_a_withdrawn_service_disappears_from_search(served: Served) -> None:
    created = _service(served)
    r = served.post(
        f"/api/services/{created['id']}/withdraw",
        {"expected_version": created["version"], "reason": "Funding ended"},
    )
    assert r.status_code == 200, r.text
    served.caught_up()
    assert served.http.get("/api/search", params={"q": "zephyrine"}).json()["total"] == 0
    again = served.patch(
        f"/api/services/{created['id']}", {"expected_version": r.json()["version"], "name": "Back"}
    )
    assert again.status_code == 422 and again.json()["field"] == "status"
