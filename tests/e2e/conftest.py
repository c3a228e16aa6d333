"""The app served over real HTTP, with its projection running, on SQLite and a real Meilisearch."""

from __future__ import annotations

import faulthandler
import os
import signal
import socket
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import msgspec
import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from services.http.app import create_app
from services.runtime import Runtime, build_runtime
from services.settings import Settings


def pytest_configure(config: pytest.Config) -> None:
    """Schemathesis's plugin makes the tests of its schemas; only this suite has any, so the
    others do not import it (pyproject.toml says -p no:schemathesis)."""
    from schemathesis.pytest import plugin

    if not config.pluginmanager.is_registered(plugin):
        config.pluginmanager.register(plugin)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, runtime: Runtime, url: str) -> None:
        self.runtime = runtime
        self.url = url
        self.app: Any = None
        self.http = httpx.Client(base_url=url, timeout=10)
        self.admin = {"Authorization": f"Bearer {runtime.admin_token}"}

    def caught_up(self, timeout: float = 120) -> None:
        """Waits on the projections' positions (search and the SQL read models), never on a
        clock."""
        assert self.runtime.runner.wait_for(self.runtime.runner.head(), timeout)
        for name in self.runtime.read_models.models:
            assert self.runtime.read_models.settle(name, timeout=timeout), name

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.http.post(path, json=body, headers=self.admin)

    def patch(self, path: str, body: Any) -> httpx.Response:
        return self.http.patch(path, json=body, headers=self.admin)


def serve(settings: Settings) -> Generator[Served, None, None]:
    port = _free_port()
    settings = msgspec.structs.replace(settings, public_url=f"http://127.0.0.1:{port}")
    runtime = build_runtime(settings)
    runtime.start()
    app = create_app(runtime)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    served = Served(runtime, f"http://127.0.0.1:{port}")
    served.app = app
    try:
        yield served
    finally:
        served.http.close()
        server.should_exit = True
        thread.join(10)


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BROWSER_TEST_LIMIT = 600  # seconds for a whole test, not one call


@pytest.fixture(autouse=True)
def _a_browser_test_cannot_wait_forever(request: pytest.FixtureRequest) -> Iterator[None]:
    """Some Playwright calls take no timeout (evaluate, content, new_context, close): a page
    test still running after BROWSER_TEST_LIMIT fails with a TimeoutError naming it, and if
    even that cannot get through, every thread's stack is printed and the run ends."""
    if "browser" not in request.fixturenames or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    name = request.node.nodeid

    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{name} still running after {BROWSER_TEST_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(BROWSER_TEST_LIMIT)
    faulthandler.dump_traceback_later(BROWSER_TEST_LIMIT + 60, exit=True)
    try:
        yield
    finally:
        signal.alarm(0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every page test (sync Playwright runs one instance at a time)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def app_settings(tmp_path: Path, meili_server: Any) -> Settings:
    return Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path),
            "MEILI_URL": meili_server.url,
            "MEILI_MASTER_KEY": meili_server.master_key,
            "MEILI_INDEX_PREFIX": f"e2e_{uuid4().hex[:8]}",
            "SIGNPOST_ADMIN_TOKEN": "test-admin-token",
            "SIGNPOST_POLL_INTERVAL": "0.02",
        }
    )


@pytest.fixture
def served(app_settings: Settings) -> Iterator[Served]:
    yield from serve(app_settings)
