"""Runs the search projection: follows the catalogue's notification log, batch by batch."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification, Tracking, TrackingRecorder

from projections.search_projection import SearchProjection
from projections.subscription import subscribe
from search.port import SearchIndex, SearchUnavailableError
from services.catalogue.application import Catalogue

log = logging.getLogger("signpost.projections")


class ProjectionRunner:
    """Keeps a search index up to date with the catalogue, resumably.

    The position (last notification applied) is recorded with the eventsourcing tracking
    recorder only after the index has durably taken the batch, so a crash replays at most one
    batch, and replaying is harmless because documents are upserted by service id. While the
    index is unreachable it retries the same batch, backing off, and catches up by itself.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        index: SearchIndex,
        tracking: TrackingRecorder,
        *,
        name: str = "search",
        poll_interval: float = 0.05,
        batch_size: int = 2000,
        projection: SearchProjection | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.index = index
        self.tracking = tracking
        self.name = name
        self.projection = projection or SearchProjection(catalogue, index)
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.last_error: str | None = None
        self._position = tracking.max_tracking_id(catalogue.name) or 0
        self._advanced = threading.Condition()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._subscription: Any = None

    # -- state ---------------------------------------------------------------------------

    @property
    def position(self) -> int:
        return self._position

    def head(self) -> int:
        return self.catalogue.recorder.max_notification_id() or 0

    def lag(self) -> int:
        return max(0, self.head() - self._position)

    def wait_for(self, position: int, timeout: float = 10.0) -> bool:
        """Blocks until the projection has applied `position`; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._advanced:
            while self._position < position:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._advanced.wait(remaining)
        return True

    # -- running -------------------------------------------------------------------------

    def catch_up(self, progress: Any = None) -> int:
        """Applies everything recorded so far, in this thread; returns events applied."""
        applied = 0
        recorder = self.catalogue.recorder
        while True:
            batch = recorder.select_notifications(
                start=self._position, limit=self.batch_size, inclusive_of_start=False
            )
            if not batch:
                return applied
            self._apply(batch)
            applied += len(batch)
            if progress is not None:
                progress(len(batch))

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"projection-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._subscription is not None:
            self._subscription.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def nudge(self) -> None:
        """Asks a polling subscription to look for new events now rather than at its next tick."""
        nudge = getattr(self._subscription, "nudge", None)
        if nudge is not None:
            nudge()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._follow()
            except Exception as e:  # the subscription broke (database restarted, ...)
                self.last_error = f"{type(e).__name__}: {e}"
                log.exception("search projection: subscription failed; restarting")
                self._stopping.wait(1.0)

    def _follow(self) -> None:
        inbox: queue.Queue[Notification | None] = queue.Queue(maxsize=self.batch_size * 4)
        subscription = subscribe(
            self.catalogue.recorder, gt=self._position, interval=self.poll_interval
        )
        self._subscription = subscription

        def feed() -> None:
            try:
                for notification in subscription:
                    inbox.put(notification)
            finally:
                inbox.put(None)

        feeder = threading.Thread(target=feed, name=f"projection-{self.name}-feed", daemon=True)
        with subscription:
            feeder.start()
            while not self._stopping.is_set():
                try:
                    first = inbox.get(timeout=0.5)
                except queue.Empty:
                    continue
                if first is None:
                    break
                batch = [first]
                while len(batch) < self.batch_size:
                    try:
                        item = inbox.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        self._apply_until_done(batch)
                        return
                    batch.append(item)
                self._apply_until_done(batch)
        feeder.join(timeout=2)

    def _apply_until_done(self, batch: Sequence[Notification]) -> None:
        delay = 0.1
        while not self._stopping.is_set():
            try:
                self._apply(batch)
                return
            except SearchUnavailableError as e:
                self.last_error = f"search unavailable: {e}"
                log.warning("search projection: index unavailable, retrying in %.1fs", delay)
            except Exception as e:
                self.last_error = f"{type(e).__name__}: {e}"
                log.exception("search projection: batch failed, retrying in %.1fs", delay)
            self._stopping.wait(delay)
            delay = min(delay * 2, 5.0)

    def _apply(self, batch: Sequence[Notification]) -> None:
        batch = [n for n in batch if n.id > self._position]
        if not batch:
            return
        mapper = self.catalogue.mapper
        self.projection.apply(mapper.to_domain_event(n) for n in batch)  # type: ignore[misc]
        last = batch[-1].id
        self.tracking.insert_tracking(Tracking(self.catalogue.name, last))
        self.last_error = None
        with self._advanced:
            self._position = last
            self._advanced.notify_all()
