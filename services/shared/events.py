"""The base of every domain event and aggregate: msgspec Structs that eventsourcing can store."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Self, TypeVar
from uuid import UUID

import msgspec

A = TypeVar("A", bound="Aggregate")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DomainEvent(msgspec.Struct, frozen=True, kw_only=True):
    """Something that happened to an aggregate, who did it and when.

    `class_version` is stored with the event; raise it and add `upcast_vN_vN+1(state)` to change
    an event's shape without migrating the stored ones.
    """

    originator_id: UUID
    originator_version: int
    timestamp: dt.datetime
    actor: str

    class_version: ClassVar[int] = 1

    def apply(self, aggregate: Any) -> None:
        """Changes the aggregate's state; events that create an aggregate override `construct`."""

    def construct(self) -> Aggregate:
        raise TypeError(f"{type(self).__qualname__} cannot start an aggregate")

    def mutate(self, aggregate: Any) -> Any:
        if aggregate is None:
            aggregate = self.construct()
        self.apply(aggregate)
        aggregate.version = self.originator_version
        aggregate.modified_on = self.timestamp
        aggregate.modified_by = self.actor
        return aggregate

    @property
    def name(self) -> str:
        return type(self).__name__


class Aggregate:
    """An event-sourced entity: commands check rules and trigger events; events change state."""

    def __init__(self, id: UUID, created_on: dt.datetime) -> None:
        self.id = id
        self.version = 0
        self.created_on = created_on
        self.modified_on = created_on
        self.modified_by = ""
        self._pending: list[DomainEvent] = []

    @classmethod
    def start(
        cls,
        event_class: type[DomainEvent],
        *,
        id: UUID,
        actor: str,
        at: dt.datetime | None = None,
        **kwargs: Any,
    ) -> Self:
        """`at`: when it happened, if not now (loading a record of the past)."""
        event = event_class(
            originator_id=id, originator_version=1, timestamp=at or utcnow(), actor=actor, **kwargs
        )
        aggregate: Self = event.mutate(None)
        aggregate._pending.append(event)
        return aggregate

    def trigger(self, event_class: type[DomainEvent], *, actor: str, **kwargs: Any) -> None:
        event = event_class(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=utcnow(),
            actor=actor,
            **kwargs,
        )
        event.mutate(self)
        self._pending.append(event)

    def collect_events(self) -> list[DomainEvent]:
        events, self._pending = self._pending, []
        return events

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        # Event-sourced state is built from frozen values: a shallow copy of the dict suffices
        # except for the containers that commands replace rather than mutate.
        clone = object.__new__(type(self))
        clone.__dict__.update(
            {
                k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
                for k, v in self.__dict__.items()
            }
        )
        clone._pending = []
        return clone
