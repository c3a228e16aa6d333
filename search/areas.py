"""The areas a service may be limited to, and the postcode districts each one covers."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

import msgspec

DATA = Path(__file__).parent / "data" / "areas.toml"


class Area(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # as a family reads it: "Only for families living in Camden"
    aliases: list[str]
    districts: list[str]


@functools.cache
def areas() -> tuple[Area, ...]:
    with DATA.open("rb") as f:
        return tuple(msgspec.convert(a, Area) for a in tomllib.load(f)["area"])


def area_of(service_area: str) -> Area | None:
    """The one known area a service's area text names ("London Borough of Camden"), or None
    when it names none, or several (then the service is not limited to one of them)."""
    text = service_area.lower()
    named = [a for a in areas() if any(re.search(rf"\b{re.escape(x)}\b", text) for x in a.aliases)]
    return named[0] if len(named) == 1 else None
