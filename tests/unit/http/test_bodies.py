"""A typed JSON body is decoded strictly: every bad body is a 400 naming the field or the body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import msgspec
import pytest
from litestar import Controller, Litestar, post
from litestar.params import JSONBody
from litestar.testing import TestClient

from services.http.bodies import JsonBody
from services.http.errors import EXCEPTION_HANDLERS
from services.http.openapi import openapi_config


class Age(msgspec.Struct, forbid_unknown_fields=True):
    minimum_months: int


class Thing(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    ages: Age | None = None


class Things(Controller):
    path = "/api/things"
    dto = JsonBody
    return_dto = None

    @post("/", status_code=201)
    async def add(self, data: JSONBody[Thing]) -> Thing:
        return data

    @post("/maybe", status_code=200)
    async def maybe(self, data: JSONBody[Thing | None] = None) -> dict[str, str | None]:
        return {"name": data.name if data else None}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    app = Litestar([Things], exception_handlers=EXCEPTION_HANDLERS, openapi_config=openapi_config())
    with TestClient(app) as c:
        yield c


def _post(client: TestClient[Litestar], body: bytes, content_type: str | None = None) -> Any:
    headers = {"content-type": content_type or "application/json"}
    return client.post("/api/things", content=body, headers=headers)


def test_a_good_body_reaches_the_handler_as_the_struct(client: TestClient[Litestar]) -> None:
    r = _post(client, b'{"name": "Stay and play", "ages": {"minimum_months": 6}}')
    assert r.status_code == 201, r.text
    assert r.json() == {"name": "Stay and play", "ages": {"minimum_months": 6}}


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        (b'{"name": 3}', "name", "Expected `str`, got `int`"),
        (b'{"name": ""}', "name", "Expected `str` of length >= 1"),
        (b'{"name": "X", "ages": {"minimum_months": "ten"}}', "ages.minimum_months", "`int`"),
        (b'{"name": "X", "colour": "red"}', "colour", "unknown field"),
        (b'{"ages": null}', "name", "missing required field"),
    ],
)
def test_a_body_that_is_not_the_struct_names_the_real_field(
    client: TestClient[Litestar], body: bytes, field: str, reason: str
) -> None:
    r = _post(client, body)
    assert r.status_code == 400, r.text
    assert r.json()["field"] == field
    assert reason in r.json()["message"]


def test_a_body_that_is_not_utf8_is_a_400_saying_so(client: TestClient[Litestar]) -> None:
    r = _post(client, b'{"name": "\xff\xfe"}')
    assert r.status_code == 400, r.text
    assert r.json()["message"] == "The body is not valid UTF-8 (byte 10)."


def test_malformed_json_is_a_400_saying_what_is_wrong(client: TestClient[Litestar]) -> None:
    r = _post(client, b'{"name": "A')
    assert r.status_code == 400, r.text
    assert r.json() == {
        "status": 400,
        "message": "The body is not valid JSON: Input data was truncated.",
    }
    r = _post(client, b"name=X")
    assert r.json()["message"].startswith("The body is not valid JSON: JSON is malformed")


def test_an_empty_body_is_a_400_asking_for_one(client: TestClient[Litestar]) -> None:
    r = _post(client, b"")
    assert r.status_code == 400, r.text
    assert r.json() == {"status": 400, "message": "The request needs a JSON body."}


def test_a_body_sent_as_text_is_a_400_naming_the_content_type(
    client: TestClient[Litestar],
) -> None:
    r = _post(client, b'{"name": "X"}', content_type="text/plain")
    assert r.status_code == 400, r.text
    assert r.json()["field"] == "content-type"


def test_a_body_one_may_omit_is_none_when_omitted_and_checked_when_sent(
    client: TestClient[Litestar],
) -> None:
    headers = {"content-type": "application/json"}
    assert client.post("/api/things/maybe", content=b"", headers=headers).json() == {"name": None}
    sent = client.post("/api/things/maybe", content=b'{"name": "X"}', headers=headers)
    assert sent.json() == {"name": "X"}
    bad = client.post("/api/things/maybe", content=b'{"name": 1}', headers=headers)
    assert bad.status_code == 400 and bad.json()["field"] == "name"


def test_the_openapi_document_describes_each_body_by_its_struct(
    client: TestClient[Litestar],
) -> None:
    document = client.get("/schema/openapi.json").json()
    paths = document["paths"]
    required = paths["/api/things"]["post"]["requestBody"]
    optional = paths["/api/things/maybe"]["post"]["requestBody"]
    ref = {"$ref": "#/components/schemas/Thing"}
    assert required == {"required": True, "content": {"application/json": {"schema": ref}}}
    assert optional == {"required": False, "content": {"application/json": {"schema": ref}}}
    thing = document["components"]["schemas"]["Thing"]
    assert thing["required"] == ["name"] and thing["properties"]["name"]["minLength"] == 1
