"""The projection runner never writes documents from events at or below the recorded position,
and only the holder of the projection's lock applies it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.locks import FileLock
from projections.runner import ProjectionRunner
from search.documents import ServiceDocument, StaffServiceDocument
from search.memory import InMemorySearchIndex
from services.catalogue.application import Catalogue
from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.runtime import build_catalogue, build_lock, build_tracking
from services.settings import Settings

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


class RecordingIndex(InMemorySearchIndex):
    """Remembers the name of every document written, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[str] = []

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None:
        self.written += [doc.name for doc in public]
        super().upsert(public, staff)


def written(runner: ProjectionRunner) -> list[str]:
    """The names the runner's recording index was given."""
    assert isinstance(runner.index, RecordingIndex)
    return runner.index.written


def _service(catalogue: Catalogue, organisation: UUID, name: str) -> UUID:
    return catalogue.register_service(organisation, ServiceDetails(name=name), actor="test")


def test_a_runner_finding_a_higher_recorded_position_skips_the_events_at_or_below_it() -> None:
    catalogue = Catalogue(env=MEMORY)
    org = catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="test")
    _service(catalogue, org, "Early one")
    tracking = POPOTrackingRecorder()
    index = RecordingIndex()
    runner = ProjectionRunner(catalogue, index, tracking)
    runner.catch_up()
    _service(catalogue, org, "Applied elsewhere")
    elsewhere = catalogue.recorder.max_notification_id() or 0
    tracking.insert_tracking(Tracking(catalogue.name, elsewhere))  # another projector did it
    _service(catalogue, org, "Fresh one")
    assert runner.position < elsewhere, "this runner has not seen the other's progress"

    runner.catch_up()

    assert index.written == ["Early one", "Fresh one"]
    assert runner.position == tracking.max_tracking_id(catalogue.name) == runner.head()


class RacingTracking(POPOTrackingRecorder):
    """Another projector records `ahead` just before this one records its next position."""

    def __init__(self) -> None:
        super().__init__()
        self.ahead: int | None = None
        self.inserts = 0

    def insert_tracking(self, tracking: Tracking) -> None:
        self.inserts += 1
        if self.ahead is not None:
            super().insert_tracking(Tracking(tracking.application_name, self.ahead))
            self.ahead = None
        super().insert_tracking(tracking)


def test_a_tracking_conflict_reloads_the_position_instead_of_retrying_the_batch() -> None:
    catalogue = Catalogue(env=MEMORY)
    org = catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="test")
    tracking = RacingTracking()
    index = RecordingIndex()
    runner = ProjectionRunner(catalogue, index, tracking, batch_size=1)
    runner.catch_up()
    _service(catalogue, org, "Raced")
    _service(catalogue, org, "Also applied elsewhere")
    tracking.ahead = catalogue.recorder.max_notification_id()
    _service(catalogue, org, "After the race")

    runner.catch_up()

    # "Raced" was written once (its tracking conflicted), never again; the next one is skipped.
    assert index.written == ["Raced", "After the race"]
    assert runner.position == runner.head()


def _wait(condition: object, timeout: float = 5.0) -> float:
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.01)
    return time.monotonic() - started


def test_only_the_file_lock_holder_applies_and_another_runner_takes_over(tmp_path: Path) -> None:
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    catalogues = [build_catalogue(settings) for _ in range(2)]
    indexes = [RecordingIndex(), RecordingIndex()]
    runners = [
        ProjectionRunner(
            c,
            i,
            build_tracking(settings),
            lock=build_lock(settings),
            poll_interval=0.02,
            retry_interval=0.1,
        )
        for c, i in zip(catalogues, indexes, strict=True)
    ]
    for runner in runners:
        runner.start()
    writer = catalogues[0]
    org = writer.register_organisation(OrganisationDetails(name="Hub"), actor="test")
    _service(writer, org, "Before")
    _wait(lambda: all(r.wait_for(r.head(), 0.05) for r in runners))
    assert sorted(r.holds_lock for r in runners) == [False, True]
    holder = next(r for r in runners if r.holds_lock)
    standby = next(r for r in runners if not r.holds_lock)
    assert written(holder) == ["Before"] and written(standby) == []

    holder.stop()
    _service(writer, org, "After")
    took = _wait(lambda: written(standby) == ["After"])
    assert standby.holds_lock and took < 2
    standby.stop()
    for catalogue in catalogues:
        catalogue.close()


def test_a_file_lock_has_one_holder_until_released(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "p.lock"), FileLock(tmp_path / "p.lock")
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire() and second.held() and not first.acquire()
    second.release()


class SlowIndex(RecordingIndex):
    """Takes `delay` seconds to write, and notes each write as `label: name` in a shared log."""

    def __init__(self, label: str, log: list[str], delay: float = 0.0) -> None:
        super().__init__()
        self.label, self.log, self.delay = label, log, delay

    def upsert(
        self, public: Sequence[ServiceDocument], staff: Sequence[StaffServiceDocument]
    ) -> None:
        time.sleep(self.delay)
        self.log += [f"{self.label}: {doc.name}" for doc in public]
        super().upsert(public, staff)


def test_a_runner_behind_another_writes_an_event_only_after_the_other_has() -> None:
    """The ORUK feed's writes queue behind the families' search's in the one search engine."""
    # The runners read the log from threads of their own: one in-memory database they share.
    catalogue = Catalogue(env={**MEMORY, "SQLITE_DBNAME": "file:behind?mode=memory&cache=shared"})
    org = catalogue.register_organisation(OrganisationDetails(name="Hub"), actor="test")
    log: list[str] = []
    search = ProjectionRunner(
        catalogue, SlowIndex("search", log, delay=0.3), POPOTrackingRecorder(), poll_interval=0.01
    )
    feed = ProjectionRunner(
        catalogue,
        SlowIndex("feed", log),
        POPOTrackingRecorder(),
        name="feed",
        poll_interval=0.01,
        behind=search,
    )
    search.start()
    feed.start()
    try:
        _service(catalogue, org, "Family Hub")
        assert feed.wait_for(catalogue.recorder.max_notification_id() or 0, timeout=5)
    finally:
        feed.stop()
        search.stop()

    assert log == ["search: Family Hub", "feed: Family Hub"]
