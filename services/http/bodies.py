"""JSON request bodies decoded strictly into a handler's typed `data:`, or a 400 naming a field."""

from __future__ import annotations

from collections.abc import Collection, Generator
from typing import Any, ClassVar, TypeVar

import msgspec
from litestar import Controller
from litestar.dto import AbstractDTO, DTOFieldDefinition
from litestar.openapi.spec import Reference, Schema
from litestar.types.serialization import LitestarEncodableType
from litestar.typing import FieldDefinition

from services.http.errors import BadRequestError, from_validation

T = TypeVar("T")

SCHEMA_REF = "#/components/schemas/{name}"
"""Where the OpenAPI document keeps a body's schema (`openapi.complete` fills it in)."""


def decode_json_body(body: bytes, content_type: str | None, cls: type[T]) -> T:
    """`body` as a `cls`, or a `BadRequestError` naming the field (or the body) and the reason."""
    if not body:
        raise BadRequestError("The request needs a JSON body.")
    if "json" not in (content_type or "application/json"):
        raise BadRequestError("Send the body as application/json.", field="content-type")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequestError(f"The body is not valid UTF-8 (byte {e.start}).") from None
    try:
        return msgspec.json.decode(body, type=cls)
    except msgspec.ValidationError as e:
        raise from_validation(e) from None
    except msgspec.DecodeError as e:
        raise BadRequestError(f"The body is not valid JSON: {e}.") from None


def body_struct(field_definition: FieldDefinition) -> Any:
    """The struct a `data:` body decodes to: `X` for `X`, and for `X | None` (an optional body)."""
    if field_definition.is_optional:
        return next(arg for arg in field_definition.args if arg is not type(None))
    return field_definition.annotation


class JsonBody(AbstractDTO[Any]):
    """Decodes a handler's `data:` with `decode_json_body`, into the type the handler declares."""

    _body_types: ClassVar[dict[str, Any]] = {}

    def decode_bytes(self, value: bytes) -> Any:
        handler = self.asgi_connection.route_handler
        content_type = self.asgi_connection.headers.get("content-type")
        return decode_json_body(value, content_type, self._body_types[handler.handler_id])

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        handler = self.asgi_connection.route_handler
        try:
            return msgspec.convert(value, self._body_types[handler.handler_id])
        except msgspec.ValidationError as e:
            raise from_validation(e) from None

    def data_to_encodable_type(self, data: Any | Collection[Any]) -> LitestarEncodableType:
        return data  # responses are never this DTO's (controllers set `return_dto = None`)

    @classmethod
    def create_for_field_definition(
        cls,
        field_definition: FieldDefinition,
        handler_id: str,
        backend_cls: Any = None,
    ) -> None:
        if field_definition.name == "data":
            cls._body_types[handler_id] = field_definition.annotation

    @classmethod
    def is_supported_model_type_field(cls, field_definition: FieldDefinition) -> bool:
        return False  # so Litestar never hands it a response

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: Any
    ) -> Reference | Schema:
        return Reference(ref=SCHEMA_REF.format(name=body_struct(field_definition).__name__))

    @classmethod
    def generate_field_definitions(
        cls, model_type: type[Any]
    ) -> Generator[DTOFieldDefinition, None, None]:
        yield from ()  # no transfer model: the struct itself is decoded

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        return False


class JsonBodyController(Controller):
    """A controller whose handlers' `data: JSONBody[SomeStruct]` bodies `JsonBody` decodes.

    A body that is not JSON by its content type, not UTF-8, not JSON or not the struct answers
    400 naming the field (never Litestar's lenient decoding, its 500 or its field "data"); a
    missing one, which Litestar catches before the DTO, is "The request needs a JSON body."
    (errors.py). `data: JSONBody[SomeStruct | None] = None` makes the body optional. Responses
    are untouched.
    """

    dto = JsonBody
    return_dto = None
