"""Reads every stored event of the given types from an application's notification log, in order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

E = TypeVar("E")
BATCH = 1000


def events_of_type(app: Application[UUID], cls: type[E], *more: type[E]) -> Iterator[E]:
    """Pages through the log with a topic filter, so other events are never decoded."""
    classes = (cls, *more)
    topics = [get_topic(c) for c in classes]
    start = 1
    while True:
        batch = app.recorder.select_notifications(start, BATCH, topics=topics)
        for notification in batch:
            event: Any = app.mapper.to_domain_event(notification)
            assert isinstance(event, classes)
            yield event
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1
