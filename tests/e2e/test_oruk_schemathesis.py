"""Schemathesis against the standard's openapi.json, pointed at /oruk: no 5xx, no schema breach."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.e2e.conftest import Served
from tests.e2e.oruk_fixtures import served_catalogue
from tests.oruk_support import SCHEMAS

REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


def standard_openapi() -> dict[str, Any]:
    """The standard's openapi.json with its remote $refs pointed at the local copies of the same
    schemas; its two `type: time` parameters (not a JSON Schema type) read as strings."""
    text = (SCHEMAS / "openapi.json").read_text()
    api: dict[str, Any] = json.loads(text)
    components = api["components"]["schemas"]
    for name in (
        "compiled/service.json",
        "compiled/service_list.json",
        "compiled/service_at_location_list.json",
        "taxonomy.json",
        "taxonomy_term.json",
    ):
        local = json.loads((SCHEMAS / name).read_text())
        if name == "taxonomy.json":
            local["properties"]["taxonomy_terms"]["items"] = {
                "$ref": "#/components/schemas/taxonomy_term"
            }
        key = name.removeprefix("compiled/").removesuffix(".json")
        components[key] = local
        text = json.dumps(api).replace(f'"{REMOTE}{name}"', f'"#/components/schemas/{key}"')
        api = json.loads(text)
        components = api["components"]["schemas"]
    for parameter in api["components"]["parameters"].values():
        if parameter["schema"].get("type") == "time":
            parameter["schema"] = {"type": "string", "format": "time"}
    return api


schema = schemathesis.openapi.from_dict(standard_openapi())


@pytest.fixture(scope="module")
def oruk_served(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Served]:
    yield from served_catalogue(tmp_path_factory.mktemp("oruk"), meili_server, services=80)


@pytest.mark.integration
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_feed_keeps_to_the_standard(case: schemathesis.Case[Any], oruk_served: Served) -> None:
    case.call_and_validate(
        base_url=f"{oruk_served.url}/oruk",
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
