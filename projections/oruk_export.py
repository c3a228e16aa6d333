"""The whole public catalogue as ORUK 3.0: replays the events into an in-memory ORUK read model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import msgspec
from eventsourcing.popo import POPOTrackingRecorder

from projections.oruk_projection import OrukProjection
from projections.runner import ProjectionRunner
from search.oruk_memory import InMemoryOrukIndex
from services.catalogue.application import Catalogue

_encode = msgspec.json.Encoder().encode


def oruk_services(
    catalogue: Catalogue, *, progress: Callable[[int], None] | None = None
) -> list[dict[str, Any]]:
    """Every public service, fully nested, in name order; `progress` is told of events read."""
    index = InMemoryOrukIndex()
    runner = ProjectionRunner(
        catalogue,
        index,  # type: ignore[arg-type]
        POPOTrackingRecorder(),
        name="oruk-export",
        batch_size=5000,
        projection=lambda: OrukProjection(catalogue, index),
    )
    runner.catch_up(progress)
    entries = sorted(index.entries["services"].values(), key=lambda e: (e.name_sort, e.id))
    return [e.doc for e in entries]


def envelope(services: list[dict[str, Any]]) -> dict[str, Any]:
    """All services as one ORUK page."""
    return {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }


def encoded(services: list[dict[str, Any]], fmt: str) -> Iterator[bytes]:
    """The export as bytes: one JSON page (`envelope`) or one service a line (`ndjson`)."""
    if fmt == "ndjson":
        for service in services:
            yield _encode(service) + b"\n"
    else:
        yield _encode(envelope(services)) + b"\n"
