"""Schemathesis over the API's own OpenAPI (every operation, writes with an editor's token),
bounded in time: no 5xx, no response that breaks the schema, no undocumented content type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest.mock import MagicMock
from uuid import uuid4

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar.testing import TestClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from services.accounts.domain import Role
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.http.app import create_app
from services.settings import Settings
from tests.e2e.conftest import Served, serve


class Api:
    def __init__(self, served: Served, token: str) -> None:
        self.served = served
        self.token = token


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, meili_server: Any) -> Iterator[Api]:
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path_factory.mktemp("api")),
            "MEILI_URL": meili_server.url,
            "MEILI_MASTER_KEY": meili_server.master_key,
            "MEILI_INDEX_PREFIX": f"api_{uuid4().hex[:8]}",
            "SIGNPOST_ADMIN_TOKEN": "test-admin-token",
            "SIGNPOST_POLL_INTERVAL": "0.02",
            "SIGNPOST_SECURE_COOKIES": "0",
        }
    )
    for served in serve(settings):
        organisations, services = demo_records(services=30)
        sync_records(served.runtime.catalogue, organisations, services, actor="test")
        served.caught_up(30)
        accounts = served.runtime.accounts
        editor = accounts.create_account(
            "fuzzing.editor@example.org",
            "Fuzzing Editor",
            "a long enough password",
            [Role.EDITOR],
            actor="test",
        )
        yield Api(served, accounts.issue_api_token(editor, actor="test"))


def _own_openapi() -> dict[str, Any]:
    """The document /schema/openapi.json serves (the same routes, whatever the runtime)."""
    with TestClient(create_app(MagicMock(), manage_runtime=False)) as client:
        document: dict[str, Any] = client.get("/schema/openapi.json").json()
    return document


schema = schemathesis.openapi.from_dict(_own_openapi()).include(path_regex="^/api")


@pytest.mark.integration
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_own_openapi(case: schemathesis.Case[Any], api: Api) -> None:
    case.call_and_validate(
        base_url=api.served.url,
        headers={"Authorization": f"Bearer {api.token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
