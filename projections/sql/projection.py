"""A read model as a short class: the events it takes, the tables it keeps, the rows they make."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking
from eventsourcing.utils import get_topic

from projections.sql.port import Changes, Table, TableStore


class TableProjection(ABC):
    """Turns a batch of events into row changes and commits them with the batch's position.

    A subclass names its `tables` and `events` and writes `project(event, changes)`: upserts by
    id, updates and deletes by column values, counters. The runner (projections/runner.py)
    hands it batches in log order, only events of the types named, and the position the batch
    was read after, so a batch another projector applied first changes nothing.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    events: ClassVar[tuple[type[Any], ...]]

    def __init__(self, store: TableStore) -> None:
        self.store = store

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(get_topic(cls) for cls in self.events)

    def apply_and_record(self, events: Iterable[Any], tracking: Tracking, after: int) -> None:
        changes = Changes()
        for event in events:
            self.project(event, changes)
        self.store.commit(changes, tracking, after)

    @abstractmethod
    def project(self, event: Any, changes: Changes) -> None:
        """Adds the rows this event makes (its type is one of `events`) to `changes`."""
