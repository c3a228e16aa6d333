"""The /oruk API over a 500-service demo catalogue: all of it validates against ORUK 3.0."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from search.documents import STAFF_ONLY_DOCUMENT_FIELDS
from services.http.app import create_app
from services.runtime import Runtime
from tests.oruk_support import documents, violations

PAGE = {"compiled/service_list.json": "/oruk/services"}


@pytest.fixture(scope="module")
def runtime(demo_runtime: Runtime) -> Runtime:
    return demo_runtime


@pytest.fixture(scope="module")
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(runtime, manage_runtime=False)) as client:
        yield client


def _ok(client: TestClient[Any], path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, (path, params, response.text)
    assert response.headers["access-control-allow-origin"] == "*"
    return response.json()


def _page_violations(page: dict[str, Any], item_schema: str) -> list[str]:
    envelope = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page")
    problems = [f"missing {key}" for key in (*envelope, "empty", "contents") if key not in page]
    for n, item in enumerate(page["contents"]):
        problems += [f"contents/{n}/{v}" for v in violations(item, item_schema)]
    return problems


def _all_pages(client: TestClient[Any], path: str, per_page: int) -> list[dict[str, Any]]:
    first = _ok(client, path, per_page=per_page)
    pages = [first]
    for number in range(2, first["total_pages"] + 1):
        pages.append(_ok(client, path, per_page=per_page, page=number))
    return pages


def test_the_root_names_the_version_the_validator_looks_for(client: TestClient[Any]) -> None:
    body = _ok(client, "/oruk/")
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"].startswith("https://") and body["openapi_url"].endswith(".json")


def test_every_page_of_services_validates_and_the_envelope_adds_up(
    client: TestClient[Any],
) -> None:
    pages = _all_pages(client, "/oruk/services", per_page=40)
    assert [p["page_number"] for p in pages] == list(range(1, 14))
    assert pages[0]["first_page"] and not pages[0]["last_page"]
    assert pages[-1]["last_page"] and pages[-1]["size"] == 500 - 12 * 40
    assert all(p["total_items"] == 500 and p["total_pages"] == 13 for p in pages)
    for page in (pages[0], pages[6], pages[-1]):
        assert _page_violations(page, "compiled/service_list.json") == []
    ids = [s["id"] for p in pages for s in p["contents"]]
    assert len(set(ids)) == 500


def test_every_service_by_id_is_fully_nested_and_validates(
    client: TestClient[Any], runtime: Runtime
) -> None:
    ids = [s["id"] for p in _all_pages(client, "/oruk/services", 500) for s in p["contents"]]
    nested = {"organization", "service_at_locations", "schedules", "contacts", "cost_options"}
    nested |= {"languages", "attributes", "service_areas"}
    seen: set[str] = set()
    for id in ids:
        doc = _ok(client, f"/oruk/services/{id}")
        assert violations(doc, "compiled/service.json") == [], id
        seen |= {k for k in nested if doc.get(k)}
        assert None not in doc.values() and "" not in (doc.get("url"), doc.get("email"))
    assert seen == nested


def test_every_service_at_location_validates_in_pages_and_by_id(
    client: TestClient[Any], runtime: Runtime
) -> None:
    pages = _all_pages(client, "/oruk/service_at_locations", per_page=200)
    located = sum(len(d["locations"]) for d in documents(runtime, "public").values())
    assert pages[0]["total_items"] == located > 400
    for page in (pages[0], pages[len(pages) // 2], pages[-1]):
        assert _page_violations(page, "compiled/service_at_location_list.json") == []
    for page in pages:
        for item in page["contents"]:
            doc = _ok(client, f"/oruk/service_at_locations/{item['id']}")
            assert violations(doc, "compiled/service_at_location.json") == []


def test_taxonomies_and_terms_validate_and_resolve_by_id(client: TestClient[Any]) -> None:
    taxonomies = _ok(client, "/oruk/taxonomies")
    assert _page_violations(taxonomies, "taxonomy.json") == []
    one = _ok(client, f"/oruk/taxonomies/{taxonomies['contents'][0]['id']}")
    assert violations(one, "taxonomy.json") == []
    terms = _all_pages(client, "/oruk/taxonomy_terms", per_page=10)
    for page in terms:
        assert _page_violations(page, "taxonomy_term.json") == []
        for term in page["contents"]:
            assert _ok(client, f"/oruk/taxonomy_terms/{term['id']}") == term


def test_nothing_staff_only_is_published(client: TestClient[Any], runtime: Runtime) -> None:
    secrets = set()
    for doc in documents(runtime, "staff").values():
        secrets |= {doc["staff_notes"], doc["thresholds"], doc["waiting_time"]}
        secrets |= {doc["staff_contact"].get("phone", ""), doc["staff_contact"].get("name", "")}
    secrets.discard("")
    text = "".join(
        client.get(f"/oruk/services/{s['id']}").text
        for p in _all_pages(client, "/oruk/services", 500)
        for s in p["contents"]
    )
    assert secrets and not [s for s in secrets if s in text]
    assert not [f for f in STAFF_ONLY_DOCUMENT_FIELDS if f'"{f}"' in text]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/oruk/services", {"page": "0"}, "page"),
        ("/oruk/services", {"per_page": "100000"}, "per_page"),
        ("/oruk/services", {"minimum_age": "old"}, "minimum_age"),
        ("/oruk/services", {"maximum_age": "nan"}, "maximum_age"),
        ("/oruk/services", {"start_time": "25:00"}, "start_time"),
        ("/oruk/services", {"day": "Funday"}, "day"),
        ("/oruk/services", {"taxonomy_term_id": "counselling"}, "taxonomy_term_id"),
        ("/oruk/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/oruk/service_at_locations", {"postcode": "ZZ99 9ZZ"}, "postcode"),
        ("/oruk/service_at_locations", {"proximity": "500"}, "proximity"),
        ("/oruk/service_at_locations", {"postcode": "E15", "proximity": "-1"}, "proximity"),
        ("/oruk/services/not-a-uuid", {}, "id"),
    ],
)
def test_a_bad_parameter_gets_a_4xx_naming_it(
    client: TestClient[Any], path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params=params)
    assert 400 <= response.status_code < 500
    assert response.json()["field"] == field and response.json()["message"]
    assert response.headers["access-control-allow-origin"] == "*"


def test_an_unknown_id_is_404(client: TestClient[Any]) -> None:
    for kind in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        response = client.get(f"/oruk/{kind}/00000000-0000-4000-8000-000000000000")
        assert response.status_code == 404
