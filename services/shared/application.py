"""The base of every Signpost application: events stored through the msgspec mapper."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper

from services.shared.mapper import MsgspecMapper, MsgspecTranscoder


class MsgspecApplication(Application[UUID]):
    """An eventsourcing Application whose events are msgspec Structs (see services/shared)."""

    def construct_mapper(self) -> Mapper[UUID]:
        return MsgspecMapper(
            transcoder=MsgspecTranscoder(),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
        )
