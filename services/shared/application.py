"""The base of every Signpost application: msgspec-stored events and typed aggregate loading."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import Mapper

from services.shared.errors import NotFoundError
from services.shared.mapper import MsgspecMapper, MsgspecTranscoder

A = TypeVar("A")


class MsgspecApplication(Application[UUID]):
    """An eventsourcing Application whose events are msgspec Structs (see services/shared)."""

    def construct_mapper(self) -> Mapper[UUID]:
        return MsgspecMapper(
            transcoder=MsgspecTranscoder(),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
        )

    def find(self, aggregate_id: UUID, cls: type[A]) -> A | None:
        """The aggregate with this id if there is one of this type, else None."""
        try:
            aggregate: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def load(self, aggregate_id: UUID, cls: type[A], what: str, field: str | None = None) -> A:
        """The aggregate, or a NotFoundError ("No venue <id>.") naming the field if given."""
        aggregate = self.find(aggregate_id, cls)
        if aggregate is None:
            raise NotFoundError(f"No {what} {aggregate_id}.", field=field)
        return aggregate
