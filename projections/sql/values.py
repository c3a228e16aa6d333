"""How values go into and come out of read-model columns (text, integer, real) on any dialect."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec

Value = str | int | float | None


def uuid_(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def instant(value: dt.datetime) -> str:
    """UTC, to the microsecond, in one fixed-width form: text order is time order."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_instant(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def day(value: dt.date) -> str:
    return value.isoformat()


def json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def from_json(text: str, type_: Any = Any) -> Any:
    return msgspec.json.decode(text, type=type_)
