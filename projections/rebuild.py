"""Replays every event into fresh indexes and swaps them in, so search is never empty or half-built."""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.runner import ProjectionRunner
from search.port import SearchIndex
from services.catalogue.application import Catalogue


def rebuild(
    catalogue: Catalogue,
    index: SearchIndex,
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Returns the position the rebuilt indexes reached.

    Events recorded while the rebuild runs are applied to the live names after the swap, so
    nothing written meanwhile is lost whether or not a live projection is running.
    """
    fresh = index.begin_rebuild()
    building = ProjectionRunner(
        catalogue, fresh, POPOTrackingRecorder(), name="rebuild", batch_size=batch_size
    )
    building.catch_up(progress)
    index.complete_rebuild(fresh)
    tracking = POPOTrackingRecorder()
    if building.position:
        tracking.insert_tracking(Tracking(catalogue.name, building.position))
    after = ProjectionRunner(catalogue, index, tracking, name="rebuild-tail", batch_size=batch_size)
    after.catch_up(progress)
    return after.position
