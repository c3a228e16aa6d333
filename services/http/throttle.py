"""A sliding-window counter for login attempts per client address (held in process memory)."""

from __future__ import annotations

import threading
import time
from collections import deque


class Throttle:
    """At most `limit` attempts per `window` seconds for one key."""

    def __init__(self, limit: int = 10, window: float = 300.0) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Counts one attempt; False once the key is over its limit for the window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True
