"""A polling subscription, for event stores (SQLite) whose recorder cannot push notifications."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import ApplicationRecorder, ListenNotifySubscription


class PollingSubscription(ListenNotifySubscription[ApplicationRecorder]):
    """Pulls new notifications every `interval` seconds, or at once when `nudge()` is called."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
        interval: float = 0.05,
    ) -> None:
        self._interval = interval
        super().__init__(recorder=recorder, gt=gt, topics=topics)

    def nudge(self) -> None:
        self._has_been_notified.set()

    def _loop_on_pull(self) -> None:
        try:
            self._pull()
            while not self._has_been_stopped:
                self._has_been_notified.wait(timeout=self._interval)
                self._pull()
        except BaseException as e:
            if self._thread_error is None:
                self._thread_error = e
            self.stop()


def subscribe(
    recorder: ApplicationRecorder, gt: int | None, interval: float
) -> ListenNotifySubscription[ApplicationRecorder]:
    """LISTEN/NOTIFY where the recorder has it (PostgreSQL), polling otherwise (SQLite)."""
    try:
        return recorder.subscribe(gt=gt)  # type: ignore[return-value]
    except NotImplementedError:
        return PollingSubscription(recorder, gt=gt, interval=interval)
