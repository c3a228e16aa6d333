"""Events survive the trip to the store and back, and old versions are upcast."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar
from uuid import uuid4

from services.catalogue.domain import Service
from services.catalogue.model import AgeRange, ServiceDetails
from services.shared.events import DomainEvent
from services.shared.mapper import MsgspecMapper, MsgspecTranscoder

mapper = MsgspecMapper(MsgspecTranscoder())


def test_an_event_reads_back_equal_to_what_was_written() -> None:
    service = Service.register(uuid4(), ServiceDetails(name="Counselling"), id=uuid4(), actor="e")
    service.update(
        ServiceDetails(name="Counselling", ages=AgeRange(minimum_months=60, maximum_months=132)),
        actor="f",
    )
    for event in service.collect_events():
        stored = mapper.to_stored_event(event)
        assert mapper.to_domain_event(stored) == event


def test_only_changed_fields_are_stored_for_an_update() -> None:
    service = Service.register(
        uuid4(), ServiceDetails(name="A", description="long text"), id=uuid4(), actor="e"
    )
    service.collect_events()
    service.update(ServiceDetails(name="B", description="long text"), actor="e")
    (event,) = service.collect_events()
    state = mapper.to_stored_event(event).state
    assert b'"changes":{"name":"B"}' in state


class Renamed(DomainEvent, frozen=True, kw_only=True):
    """Version 2 split `name` into `title`; version 1 events are upcast on read."""

    title: str
    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["title"] = state.pop("name")


def test_an_event_stored_under_an_older_version_is_upcast() -> None:
    event = Renamed(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=dt.datetime.now(dt.UTC),
        actor="e",
        title="x",
    )
    stored = mapper.to_stored_event(event)
    assert b'"__v":2' in stored.state
    old_state = stored.state.replace(b'"title"', b'"name"').replace(b',"__v":2', b"")
    old = type(stored)(stored.originator_id, stored.originator_version, stored.topic, old_state)
    assert mapper.to_domain_event(old) == event
