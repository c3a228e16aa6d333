"""Replays every event into fresh indexes and swaps them in: search is never empty or half-built."""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.oruk_projection import OrukProjection
from projections.runner import ProjectionRunner
from projections.search_projection import SearchProjection
from projections.sql.port import BehindError, TableStore
from projections.sql.projection import TableProjection
from search.embedding import Embedder
from search.oruk import OrukIndex
from search.port import SearchIndex
from services.catalogue.application import Catalogue
from services.shared.application import MsgspecApplication


def rebuild(
    catalogue: Catalogue,
    index: SearchIndex,
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    embedder: Embedder | None = None,
) -> int:
    """Returns the position the rebuilt indexes reached; `embedder` gives documents their
    vectors (a cached one reuses every vector whose text has not changed).

    Events recorded while the rebuild runs are applied to the live names after the swap, so
    nothing written meanwhile is lost whether or not a live projection is running.
    """
    fresh = index.begin_rebuild()
    building = ProjectionRunner(
        catalogue,
        fresh,
        POPOTrackingRecorder(),
        name="rebuild",
        batch_size=batch_size,
        projection=lambda: SearchProjection(catalogue, fresh, embedder=embedder),
    )
    building.catch_up(progress)
    index.complete_rebuild(fresh)
    tracking = POPOTrackingRecorder()
    if building.position:
        tracking.insert_tracking(Tracking(catalogue.name, building.position))
    after = ProjectionRunner(
        catalogue,
        index,
        tracking,
        name="rebuild-tail",
        batch_size=batch_size,
        projection=lambda: SearchProjection(catalogue, index, embedder=embedder),
    )
    after.catch_up(progress)
    return after.position


def rebuild_oruk(
    catalogue: Catalogue,
    index: OrukIndex,
    *,
    batch_size: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The same for the ORUK read model: replay into fresh indexes, swap, apply the tail."""

    def runner(target: OrukIndex, tracking: POPOTrackingRecorder, name: str) -> ProjectionRunner:
        return ProjectionRunner(
            catalogue,
            target,  # type: ignore[arg-type]
            tracking,
            name=name,
            batch_size=batch_size,
            projection=lambda: OrukProjection(catalogue, target),
        )

    fresh = index.begin_rebuild()
    building = runner(fresh, POPOTrackingRecorder(), "oruk-rebuild")
    building.catch_up(progress)
    index.complete_rebuild(fresh)
    tracking = POPOTrackingRecorder()
    if building.position:
        tracking.insert_tracking(Tracking(catalogue.name, building.position))
    after = runner(index, tracking, "oruk-rebuild-tail")
    after.catch_up(progress)
    return after.position


def rebuild_tables(
    app: MsgspecApplication,
    store: TableStore,
    projection: Callable[[TableStore], TableProjection],
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The same for a read model in SQL tables: replay into fresh tables while readers keep
    the live ones, then swap them in with their position in one transaction; events the live
    projector applied meanwhile are applied to the fresh tables first. Returns the position."""
    fresh = store.fresh()
    building = ProjectionRunner(
        app,
        None,
        fresh,
        name=f"{store.name}-rebuild",
        batch_size=batch_size,
        projection=lambda: projection(fresh),
    )
    while True:
        building.catch_up(progress)
        try:
            store.swap(fresh, app.name)
        except BehindError:
            continue
        return building.position
