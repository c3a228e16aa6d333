"""Runs a projection: follows an application's notification log, batch by batch."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, cast, runtime_checkable
from uuid import UUID

import msgspec
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, Tracking, TrackingRecorder

from projections.locks import NoLock, ProjectionLock, holding
from projections.search_projection import SearchProjection
from projections.subscription import subscribe
from search.port import SearchIndex, SearchUnavailableError
from services.catalogue.application import Catalogue

log = logging.getLogger("signpost.projections")


@runtime_checkable
class RecordingProjection(Protocol):
    """A projection that records its position itself, in the transaction of its writes (the
    SQL read models): the runner gives it the batch's position and the one it was read after,
    and an IntegrityError means another process moved the position first."""

    @property
    def topics(self) -> Collection[str]: ...

    def apply_and_record(self, events: Iterable[Any], tracking: Tracking, after: int) -> None: ...


class LockLostError(RuntimeError):
    """This process no longer holds the projection's lock: another may be applying it."""


class ProjectionStatus(msgspec.Struct, frozen=True):
    """A projection as one process sees it: the recorded position, the log's head, the lag."""

    position: int
    head: int
    lag: int
    holds_lock: bool
    running: bool
    last_error: str | None


class ProjectionRunner:
    """Keeps a read model up to date with an application, resumably, one process at a time.

    Started, it applies the projection only while it holds `lock`; without it, it waits and
    tries again every `retry_interval` seconds, so when the holder dies another runner takes
    over. The position (last notification applied) is recorded with the eventsourcing tracking
    recorder only after the index has durably taken the batch, so a crash replays at most one
    batch, and replaying is harmless because documents are upserted by service id. Before each
    batch it re-reads the recorded position and skips what is at or below it; when recording
    conflicts (another process got there first) it reloads its position instead of retrying.
    While the index is unreachable it retries the same batch, backing off.

    A projection that records its own position (`RecordingProjection`: SQL tables) commits the
    rows and the position in one transaction, from the position the batch was read after; on
    a conflict the runner reloads the position and applies what is still beyond it.
    """

    def __init__(
        self,
        catalogue: Application[UUID],
        index: SearchIndex | None,
        tracking: TrackingRecorder,
        *,
        name: str = "search",
        poll_interval: float = 0.05,
        batch_size: int = 2000,
        projection: Callable[[], SearchProjection | RecordingProjection] | None = None,
        lock: ProjectionLock | None = None,
        retry_interval: float = 0.5,
        lock_timeout: float = 60.0,
        behind: ProjectionRunner | None = None,
        behind_timeout: float = 2.0,
    ) -> None:
        self.catalogue = catalogue
        self.index = index
        self.tracking = tracking
        self.name = name
        self._new_projection: Callable[[], Any] = projection or (
            lambda: SearchProjection(cast(Catalogue, catalogue), cast(SearchIndex, index))
        )
        self.projection = self._new_projection()
        self.lock: ProjectionLock = lock or NoLock()
        self.poll_interval = poll_interval
        self.batch_size = batch_size
        self.retry_interval = retry_interval
        self.lock_timeout = lock_timeout  # how long `catch_up` waits for the lock
        # A projection whose writes should reach the search engine first: while following, a
        # batch waits (at most `behind_timeout` s) until `behind` has applied it and what came
        # after it, so its tasks queue after that projection's in the engine's one task queue.
        self.behind = behind
        self.behind_timeout = behind_timeout
        self.last_error: str | None = None
        self.holds_lock = False
        self._position = self.recorded_position()
        self._projected = self._position  # what the projection's caches have seen
        self._advanced = threading.Condition()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._subscription: Any = None

    # -- state ---------------------------------------------------------------------------

    @property
    def position(self) -> int:
        return self._position

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def recorded_position(self) -> int:
        return self.tracking.max_tracking_id(self.catalogue.name) or 0

    def head(self) -> int:
        return self.catalogue.recorder.max_notification_id() or 0

    def lag(self) -> int:
        return max(0, self.head() - self._position)

    def status(self) -> ProjectionStatus:
        """Reads the shared store: the same answer in a web process and in the projector."""
        head, position = self.head(), self.recorded_position()
        return ProjectionStatus(
            position=position,
            head=head,
            lag=max(0, head - position),
            holds_lock=self.holds_lock,
            running=self.running,
            last_error=self.last_error,
        )

    def wait_for(self, position: int, timeout: float = 10.0) -> bool:
        """Blocks until the projection has applied `position`; False on timeout. Where another
        process applies it, watches the recorded position."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.holds_lock:
                self._observe(self.recorded_position())
            with self._advanced:
                if self._position >= position:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._advanced.wait(remaining if self.holds_lock else min(remaining, 0.05))

    # -- running -------------------------------------------------------------------------

    def catch_up(self, progress: Any = None) -> int:
        """Applies everything recorded so far, in this thread; returns events applied."""
        applied = 0
        recorder = self.catalogue.recorder
        with self._holding_lock():
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

    def refresh(self, timeout: float = 30.0) -> bool:
        """Brings the read model up to the log's head before a report reads it: applies what is
        missing here when no other process holds the lock, else waits for the one that does."""
        head = self.head()
        if self.running or not self.lock.acquire():
            return self.wait_for(head, timeout)
        try:
            self.holds_lock = True
            self.catch_up()
        finally:
            self.holds_lock = False
            self.lock.release()
        return True

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

    @contextmanager
    def _holding_lock(self) -> Iterator[None]:
        if self.holds_lock:  # the runner's own thread holds it
            yield
            return
        with holding(self.lock, self.lock_timeout, self.retry_interval):
            self.holds_lock = True
            try:
                yield
            finally:
                self.holds_lock = False

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                if not self._acquire():
                    self._stopping.wait(self.retry_interval)
                    continue
                try:
                    self._follow()
                except LockLostError:
                    self.holds_lock = False
                    log.warning("%s projection: lost the lock; waiting to take it again", self.name)
                except Exception as e:  # the subscription broke (database restarted, ...)
                    self.last_error = f"{type(e).__name__}: {e}"
                    log.exception("%s projection: subscription failed; restarting", self.name)
                    self._stopping.wait(1.0)
        finally:
            self.holds_lock = False
            self.lock.release()

    def _acquire(self) -> bool:
        """Takes the lock if free; either way, learns the recorded position."""
        try:
            held = self.lock.acquire()
            self._observe(self.recorded_position())
        except Exception as e:  # the store is unreachable: keep waiting
            self.last_error = f"{type(e).__name__}: {e}"
            held = False
        if held and not self.holds_lock:
            log.info("%s projection: holding the lock, from event %d", self.name, self._position)
        self.holds_lock = held
        return held

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
        try:
            with subscription:
                feeder.start()
                self._drain(inbox)
        finally:
            while feeder.is_alive():  # let a feeder blocked on a full inbox finish
                try:
                    inbox.get_nowait()
                except queue.Empty:
                    feeder.join(0.05)

    def _drain(self, inbox: queue.Queue[Notification | None]) -> None:
        while not self._stopping.is_set():
            try:
                first = inbox.get(timeout=0.5)
            except queue.Empty:
                if not self.lock.held():
                    raise LockLostError(self.name) from None
                continue
            if first is None:
                return
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

    def _apply_until_done(self, batch: Sequence[Notification]) -> None:
        if self.behind is not None:
            self._wait_for_behind(batch[-1].id)
        delay = 0.1
        while not self._stopping.is_set():
            try:
                self._apply(batch)
                return
            except LockLostError:
                raise
            except SearchUnavailableError as e:
                self.last_error = f"search unavailable: {e}"
                log.warning("%s projection: index unavailable, retrying in %.1fs", self.name, delay)
            except Exception as e:
                self.last_error = f"{type(e).__name__}: {e}"
                log.exception("%s projection: batch failed, retrying in %.1fs", self.name, delay)
            self._stopping.wait(delay)
            delay = min(delay * 2, 5.0)

    def _wait_for_behind(self, last: int) -> None:
        """Until `behind` has applied this batch and whatever else is in the log by now (at
        most `behind_timeout` s): under a stream of edits this projection's tasks then wait for
        a pause instead of coming between one edit's search update and the next."""
        assert self.behind is not None
        with contextlib.suppress(Exception):  # the store is unreachable: wait for this batch
            last = max(last, self.head())
        self.behind.wait_for(last, self.behind_timeout)

    def _apply(self, batch: Sequence[Notification]) -> None:
        if not self.lock.held():
            raise LockLostError(self.name)
        while True:
            recorded = self.recorded_position()
            if recorded != self._projected:  # another process applied events since: forget caches
                self._restart_projection(recorded)
            self._observe(recorded)
            batch = [n for n in batch if n.id > recorded]
            if not batch:
                return
            last = batch[-1].id
            try:
                self._project(batch, Tracking(self.catalogue.name, last), recorded)
            except IntegrityError:
                before, recorded = recorded, self.recorded_position()
                if recorded == before:  # nobody moved it: not a race, so no reason to retry here
                    raise
                log.warning(
                    "%s projection: position %d was already recorded (now %d); reloading",
                    self.name,
                    last,
                    recorded,
                )
                self._restart_projection(recorded)
                self._observe(recorded)
                continue  # what is beyond the reloaded position is still to apply
            self._projected = last
            self.last_error = None
            self._observe(last)
            return

    def _project(self, batch: Sequence[Notification], tracking: Tracking, after: int) -> None:
        mapper = self.catalogue.mapper
        projection = self.projection
        if isinstance(projection, RecordingProjection):
            topics = projection.topics
            events = (mapper.to_domain_event(n) for n in batch if n.topic in topics)
            projection.apply_and_record(events, tracking, after)
            return
        projection.apply(mapper.to_domain_event(n) for n in batch)  # type: ignore[misc]
        self.tracking.insert_tracking(tracking)

    def _restart_projection(self, position: int) -> None:
        self.projection = self._new_projection()
        self._projected = position

    def _observe(self, position: int) -> None:
        with self._advanced:
            if position > self._position:
                self._position = position
                self._advanced.notify_all()
