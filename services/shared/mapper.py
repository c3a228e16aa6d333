"""Stores msgspec domain events as compact JSON, upcasting old class versions on the way out."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic

_VERSION_KEY = "__v"
_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()
_typed_decoders: dict[type[Any], msgspec.json.Decoder[Any]] = {}


class MsgspecTranscoder(Transcoder):
    """Plain JSON for whatever is not an event (the library asks for a transcoder)."""

    def encode(self, obj: Any) -> bytes:
        return _encoder.encode(obj)

    def decode(self, data: bytes) -> Any:
        return _decoder.decode(data)


def _decoder_for(cls: type[Any]) -> msgspec.json.Decoder[Any]:
    decoder = _typed_decoders.get(cls)
    if decoder is None:
        decoder = _typed_decoders[cls] = msgspec.json.Decoder(cls)
    return decoder


class MsgspecMapper(Mapper[UUID]):
    """Maps msgspec Struct events to stored events and back.

    The stored state holds every field (originator ids included) so the common case decodes
    in one typed pass; an event stored under an older `class_version` is decoded to a dict,
    upcast step by step with the class's `upcast_vN_vN+1` static methods, then converted.
    """

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        state = _encoder.encode(domain_event)
        class_version = getattr(cls, "class_version", 1)
        if class_version > 1:
            state = (
                state[:-1]
                + b',"'
                + _VERSION_KEY.encode()
                + b'":'
                + str(class_version).encode()
                + b"}"
            )
        if self.compressor:
            state = self.compressor.compress(state)
        if self.cipher:
            state = self.cipher.encrypt(state)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(cls),
            state=state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        cls = resolve_topic(stored_event.topic)
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        class_version = getattr(cls, "class_version", 1)
        if class_version == 1:
            return cast(DomainEventProtocol[UUID], _decoder_for(cls).decode(state))
        raw: dict[str, Any] = _decoder.decode(state)
        from_version = raw.pop(_VERSION_KEY, 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(raw)
            from_version += 1
        return cast(DomainEventProtocol[UUID], msgspec.convert(raw, cls))
