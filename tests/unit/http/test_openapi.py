"""The API's OpenAPI document describes its request bodies, search parameters and errors."""

from __future__ import annotations

from typing import Any

import jsonschema
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from services.http.search_params import SearchParams


@pytest.fixture(scope="module")
def document(app: Litestar) -> dict[str, Any]:
    with TestClient(app) as client:
        served: dict[str, Any] = client.get("/schema/openapi.json").json()
    return served


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api")
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    ]


def test_every_write_with_a_body_describes_it(document: dict[str, Any]) -> None:
    bodiless = {"/api/accounts", "/api/services/{service_id}/history"}
    missing = [
        (method, path)
        for method, path, operation in _operations(document)
        if method in ("POST", "PUT", "PATCH")
        and not path.startswith(tuple(bodiless))
        and "requestBody" not in operation
    ]
    assert missing == []
    body = document["paths"]["/api/services"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    service_in = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"organisation_id", "name"} <= set(service_in["required"])


def test_the_search_parameters_are_those_the_search_reads(document: dict[str, Any]) -> None:
    parameters = document["paths"]["/api/search"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == list(SearchParams.__struct_fields__)


def test_every_error_response_is_the_problem_body_the_api_really_sends(
    document: dict[str, Any],
) -> None:
    problem = document["components"]["schemas"]["Problem"]
    real = msgspec.json.decode(
        b'{"status": 422, "message": "Unknown category.", "field": "category"}'
    )
    jsonschema.validate(real, problem)
    for method, path, operation in _operations(document):
        errors = {s: r for s, r in operation["responses"].items() if s >= "400"}
        assert "400" in errors, (method, path)
        for response in errors.values():
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path)


def test_a_typed_body_is_described_by_its_struct(document: dict[str, Any]) -> None:
    body = document["paths"]["/api/services/{service_id}"]["patch"]["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ServicePatch"}
    patch = document["components"]["schemas"]["ServicePatch"]
    assert patch["required"] == ["expected_version"]
    assert {"name", "summary", "expected_version"} <= set(patch["properties"])
    assert patch["additionalProperties"] is False


def test_an_optional_body_is_described_by_its_struct_and_not_required(
    document: dict[str, Any],
) -> None:
    body = document["paths"]["/api/bookings/{booking_id}/confirm"]["post"]["requestBody"]
    assert body["required"] is False
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/SlotsIn"}
    assert "slots" in document["components"]["schemas"]["SlotsIn"]["properties"]


def test_every_reference_names_a_schema_the_document_has(document: dict[str, Any]) -> None:
    refs = set(_refs(document["paths"]))
    schemas = document["components"]["schemas"]
    assert {ref.rsplit("/", 1)[1] for ref in refs} - set(schemas) == set()


def test_a_bad_parameter_is_a_400_so_only_writes_list_422(document: dict[str, Any]) -> None:
    reads = [
        "/api/search",
        "/api/services/{service_id}",
        "/api/organisations/{organisation_id}",
        "/api/venues/{venue_id}/rooms/{room_id}/free",
        "/api/venues/free-rooms",
    ]
    for path in reads:
        responses = document["paths"][path]["get"]["responses"]
        assert "422" not in responses and "400" in responses, path
    assert "422" in document["paths"]["/api/services"]["post"]["responses"]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []
