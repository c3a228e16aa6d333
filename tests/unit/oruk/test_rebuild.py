"""Rebuilding the ORUK read model from the events gives back the same entries."""

from __future__ import annotations

from projections.rebuild import rebuild_oruk
from search.oruk_memory import InMemoryOrukIndex
from tests.oruk_support import memory_runtime


def test_a_rebuild_replays_the_events_into_the_same_entries() -> None:
    runtime = memory_runtime(60)
    index = runtime.oruk_index
    assert isinstance(index, InMemoryOrukIndex)
    before = {kind: dict(entries) for kind, entries in index.entries.items()}
    index.entries["services"].clear()
    position = rebuild_oruk(runtime.catalogue, index, batch_size=100)
    assert position == runtime.catalogue.recorder.max_notification_id()
    assert index.entries == before
