"""Whether search is still catching up with the catalogue after a start, for pages to say so."""

from __future__ import annotations

import threading
import time
from typing import Protocol

from litestar.datastructures import State

from projections.runner import ProjectionStatus

CHECK_EVERY_S = 1.0


class _Projection(Protocol):
    def status(self) -> ProjectionStatus: ...


class SearchCatchUp:
    """How many catalogue events the search index has still to take in, read from the same
    projection status /health shows, at most once a second. Once it has caught up it stays
    "ready": an edit being indexed a moment later is not a catch-up to announce."""

    def __init__(self, projection: _Projection, every_s: float = CHECK_EVERY_S) -> None:
        self.projection = projection
        self.every_s = every_s
        self.ready = False
        self._behind = 0
        self._checked = -every_s
        self._lock = threading.Lock()

    def behind(self) -> int:
        """Events still to index since start (0 once search has caught up)."""
        if self.ready:
            return 0
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= self.every_s:
                self._checked = now
                try:
                    self._behind = self.projection.status().lag
                except Exception:  # the store is down: /health says so; the page still answers
                    return self._behind
                self.ready = self._behind == 0
        return self._behind


def search_catch_up(state: State) -> SearchCatchUp:
    """The app's one tracker of search's catch-up, made on first use."""
    tracker: SearchCatchUp | None = state.get("search_catch_up")
    if tracker is None:
        tracker = SearchCatchUp(state.runtime.runner)
        state.search_catch_up = tracker
    return tracker
