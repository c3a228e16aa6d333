"""Restarts the Meilisearch child when it dies, backing off, from the process that started it."""

from __future__ import annotations

import logging
import threading
import time

from search.server import MeilisearchServer

log = logging.getLogger("signpost.search")


class Supervisor:
    """Watches a started `MeilisearchServer` and starts it again (same port, same data) when it
    exits. The wait before each attempt doubles from `min_delay` to `max_delay`, and falls back
    to `min_delay` once the child has stayed up for `max_delay` seconds."""

    def __init__(
        self,
        server: MeilisearchServer,
        *,
        min_delay: float = 0.5,
        max_delay: float = 30.0,
        check_interval: float = 0.2,
    ) -> None:
        self.server = server
        self.min_delay = min_delay
        self.max_delay = max_delay
        self.check_interval = check_interval
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, name="meilisearch-supervisor", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        delay = self.min_delay
        up_since = time.monotonic()
        while not self._stopping.wait(self.check_interval):
            if not self.server.exited():
                if time.monotonic() - up_since >= self.max_delay:
                    delay = self.min_delay
                continue
            code = self.server.process.returncode if self.server.process else None
            log.warning("Meilisearch exited (code %s); starting it again", code)
            while not self._stopping.wait(delay):
                delay = min(delay * 2, self.max_delay)
                try:
                    self.server.start()
                except Exception:
                    log.exception("Meilisearch did not start again; next try in %.1fs", delay)
                    continue
                self.restarts += 1
                up_since = time.monotonic()
                log.warning("Meilisearch is running again on %s", self.server.url)
                break
