"""The Meilisearch child comes back by itself when it dies, on the same address."""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

import httpx
import pytest

from search.server import MeilisearchServer
from search.supervisor import Supervisor

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_supervisor_restarts_a_killed_meilisearch_child(tmp_path: Path) -> None:
    server = MeilisearchServer(tmp_path / "meili", secrets.token_urlsafe(16), project_root=ROOT)
    server.start()
    supervisor = Supervisor(server, min_delay=0.1, max_delay=1.0, check_interval=0.05)
    supervisor.start()
    try:
        for kill in (1, 2):
            assert server.process is not None
            killed = server.process.pid
            os.kill(killed, signal.SIGKILL)
            started = time.monotonic()
            while not (supervisor.restarts == kill and _healthy(server.url)):
                assert time.monotonic() - started < 20, "Meilisearch was not restarted"
                time.sleep(0.02)
            assert server.process.pid != killed
            print(f"\n  Meilisearch answers again {time.monotonic() - started:.2f} s after kill -9")
    finally:
        supervisor.stop()
        server.stop()
    assert not server.exited() and not _healthy(server.url), "stopping is not dying"
