"""Every malformed parameter or body gets a clear 4xx naming the field; nothing is half-written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Served


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"per_page": "0"}, 400, "per_page"),
        ({"per_page": "101"}, 400, "per_page"),
        ({"page": "abc"}, 400, "page"),
        ({"age": "-3"}, 400, "age"),
        ({"postcode": "ZZ9 9ZZ"}, 400, "postcode"),
        ({"sort": "distance"}, 400, "sort"),
        ({"sort": "cheapest"}, 400, "sort"),
        ({"radius_km": "5"}, 400, "radius_km"),
        ({"category": "no-such-category"}, 400, "category"),
        ({"delivery": "carrier-pigeon"}, 400, "delivery"),
        ({"day": "someday"}, 400, "day"),
        ({"colour": "blue"}, 400, "colour"),
        ({"q": "x" * 500}, 400, "q"),
    ],
)
def test_a_bad_search_parameter_is_named(
    served: Served, params: dict[str, str], status: int, field: str
) -> None:
    r = served.http.get("/api/search", params=params)
    assert r.status_code == status, r.text
    assert r.json()["field"] == field


def test_an_unknown_postcode_says_so(served: Served) -> None:
    r = served.http.get("/api/search", params={"postcode": "ZZ9 9ZZ"})
    assert "ZZ9 9ZZ" in r.json()["message"]


def _events(served: Served) -> int:
    return served.runtime.runner.head()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"name": "X", "organisation_id": "not-a-uuid"}', "organisation_id"),
        (
            b'{"name": "X", "organisation_id": "6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61", '
            b'"colour": "red"}',
            "colour",
        ),
        (b'{"name": "", "organisation_id": "6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61"}', "name"),
        (
            b'{"name": "X", "organisation_id": "6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61", '
            b'"ages": {"minimum_months": "ten"}}',
            "ages.minimum_months",
        ),
        (b'{"organisation_id": "6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61"}', "name"),
    ],
)
def test_a_bad_body_is_refused_naming_the_field_and_stores_nothing(
    served: Served, body: bytes, field: str
) -> None:
    before = _events(served)
    r = served.http.post(
        "/api/services", content=body, headers={**served.admin, "content-type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.json()["field"] == field
    assert _events(served) == before


def test_bad_utf8_truncated_json_and_oversized_bodies_are_refused(served: Served) -> None:
    headers = {**served.admin, "content-type": "application/json"}
    bad_utf8 = served.http.post(
        "/api/organisations", content=b'{"name": "\xff\xfe"}', headers=headers
    )
    assert bad_utf8.status_code == 400 and "UTF-8" in bad_utf8.json()["message"]
    truncated = served.http.post("/api/organisations", content=b'{"name": "A', headers=headers)
    assert truncated.status_code == 400
    assert truncated.json()["message"].startswith("The body is not valid JSON")
    huge = served.http.post(
        "/api/organisations", content=b'{"name": "' + b"a" * 400_000 + b'"}', headers=headers
    )
    assert huge.status_code == 413


def test_an_empty_body_or_one_sent_as_text_is_refused_and_stores_nothing(served: Served) -> None:
    before = _events(served)
    empty = served.http.post(
        "/api/organisations",
        content=b"",
        headers={**served.admin, "content-type": "application/json"},
    )
    assert empty.status_code == 400, empty.text
    assert empty.json()["message"] == "The request needs a JSON body."
    as_text = served.http.post(
        "/api/organisations",
        content=b'{"name": "Parents Together"}',
        headers={**served.admin, "content-type": "text/plain"},
    )
    assert as_text.status_code == 400, as_text.text
    assert as_text.json()["field"] == "content-type"
    not_json = served.http.patch(
        "/api/services/6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61",
        content=b"name=X",
        headers={**served.admin, "content-type": "application/json"},
    )
    assert not_json.status_code == 400 and "JSON" in not_json.json()["message"], not_json.text
    assert _events(served) == before


def test_writes_need_the_admin_token(served: Served) -> None:
    r = served.http.post("/api/organisations", json={"name": "Sneaky"})
    assert r.status_code == 401
    r = served.http.post(
        "/api/organisations", json={"name": "Sneaky"}, headers={"Authorization": "Bearer wrong"}
    )
    assert r.status_code == 401


def test_a_service_for_an_unknown_organisation_is_refused(served: Served) -> None:
    r = served.post(
        "/api/services", {"name": "X", "organisation_id": "6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61"}
    )
    assert r.status_code == 404
    assert r.json()["message"].startswith("No organisation")


def test_unknown_ids_get_404_and_bad_ids_a_4xx(served: Served) -> None:
    assert served.http.get("/api/services/6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61").status_code == 404
    assert served.http.get("/api/services/not-a-uuid").status_code in (400, 404)
    r = served.http.get(
        "/api/services/6b0c3a4e-6d3f-4f7e-9f0e-0f7c1f3b9a61", params={"as_of": "yesterday"}
    )
    assert r.status_code == 400 and r.json()["field"] == "as_of"


def test_dates_out_of_range_and_times_with_utc_offsets_get_a_4xx_naming_the_field(
    served: Served,
) -> None:
    org = served.post("/api/organisations", {"name": "Parents Together"}).json()["id"]
    service = served.post("/api/services", {"name": "Stay and play", "organisation_id": org}).json()
    sid, version = service["id"], service["version"]
    for as_of in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "1066-10-14"):
        r = served.http.get(f"/api/services/{sid}", params={"as_of": as_of})
        assert r.status_code == 400 and r.json()["field"] == "as_of", (as_of, r.text)
    for opens, closes, field in (
        ("09:00:00+01:00", "17:00:00", "schedules[0].opens_at"),
        ("09:00:00", "17:00:00Z", "schedules[0].closes_at"),
        ("09:00:00+01:00", "17:00:00+01:00", "schedules[0].opens_at"),
    ):
        schedule = {"days": ["MO"], "opens_at": opens, "closes_at": closes}
        body = {"schedules": [schedule], "expected_version": version}
        r = served.post(f"/api/services/{sid}/schedules", body)
        assert r.status_code == 422 and r.json()["field"] == field, r.text
    r = served.post(
        f"/api/services/{sid}/verify", {"on": "0001-01-01", "expected_version": version}
    )
    assert r.status_code == 422 and r.json()["field"] == "on", r.text
