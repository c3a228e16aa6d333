"""The aggregate an event was applied to, for read models that count a change as before - after."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import Application


class Versioned(Protocol):
    @property
    def id(self) -> UUID: ...

    @property
    def version(self) -> int: ...


A = TypeVar("A", bound=Versioned)


class RecentAggregates(Generic[A]):
    """The latest version of recently changed aggregates (at most `size`), so that the state
    before an event is usually at hand; otherwise it is read from the repository at that version."""

    def __init__(self, app: Application[Any], kind: type[A], size: int = 20_000) -> None:
        self.app, self.kind, self.size = app, kind, size
        self._kept: OrderedDict[UUID, A] = OrderedDict()

    def before(self, event: Any) -> A | None:
        """The aggregate as it was before `event` (None before it was created)."""
        if event.originator_version == 1:
            return None
        kept = self._kept.pop(event.originator_id, None)
        if kept is not None and kept.version == event.originator_version - 1:
            return kept
        found: Any = self.app.repository.get(
            event.originator_id, version=event.originator_version - 1
        )
        assert isinstance(found, self.kind)
        return found

    def keep(self, aggregate: A) -> None:
        self._kept[aggregate.id] = aggregate
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
