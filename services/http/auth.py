"""The interim admin bearer token: writes and staff views need it; reads and search are public."""

from __future__ import annotations

import secrets
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def is_admin(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    token = bearer_token(connection)
    expected: str = connection.app.state.runtime.admin_token
    return token is not None and secrets.compare_digest(token.encode(), expected.encode())


def require_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if not is_admin(connection):
        raise NotAuthorizedException(
            "This needs the admin bearer token (Authorization: Bearer ...)."
        )
