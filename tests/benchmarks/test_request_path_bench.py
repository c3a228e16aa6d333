"""How far a request travels through Signpost's own code: the modules and function calls on the
path of an edit (`PATCH /api/services/{id}`) and a search (`GET /api/search`).

Measured in one process on the in-memory runtime (an in-memory index stands in for the
Meilisearch adapter), so the figures are the application's own path, not the engine's. A path
that zig-zags through many modules is harder to follow and to change; these are the figures to
watch when the HTTP edge or a use case is reshaped.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

import services
from services.http.app import create_app
from tests.oruk_support import documents, memory_runtime

pytestmark = pytest.mark.benchmark
ROOT = Path(services.__file__).resolve().parents[1]
OWN = tuple(str(ROOT / folder) + "/" for folder in ("services", "projections", "search"))
Client = AsyncTestClient[Any]
Prepare = Callable[[Client], Awaitable[Callable[[], Awaitable[httpx.Response]]]]


class Tracer:
    """Counts calls of the project's own functions, by module, while `on` is set, in this thread
    and in threads started after it is installed (the event loop's worker threads)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.on = False

    def __call__(self, frame: FrameType, event: str, _: Any) -> None:
        if self.on and event == "call" and frame.f_code.co_filename.startswith(OWN):
            self.calls[frame.f_code.co_filename.removeprefix(str(ROOT) + "/")] += 1


def _report(label: str, calls: Counter[str]) -> None:
    print(f"\n  {label}: {len(calls)} modules, {sum(calls.values())} calls of our functions")
    for module, count in sorted(calls.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"    {count:6d}  {module}")


def _measure(app: Any, prepare: Prepare) -> Counter[str]:
    """`prepare` makes a request ready to send (untraced); the sending is traced. The app runs in
    this thread's event loop, so every thread it uses starts with the tracer installed."""
    tracer = Tracer()

    async def run() -> None:
        async with AsyncTestClient(app) as client:
            await (await prepare(client))()  # first-use work (caches, lazy imports) is not counted
            send = await prepare(client)
            tracer.on = True
            response = await send()
            tracer.on = False
            assert response.status_code < 400, response.text

    sys.setprofile(tracer)
    threading.setprofile(tracer)
    try:
        asyncio.run(run())
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
    return tracer.calls


def test_the_modules_and_calls_on_the_path_of_an_edit_and_a_search() -> None:
    runtime = memory_runtime(services=20)
    service_id = next(iter(documents(runtime, "public")))
    auth = {"Authorization": f"Bearer {runtime.admin_token}"}
    names = iter(f"Renamed drop-in {n}" for n in range(10))
    app = create_app(runtime, manage_runtime=False)

    async def edit(client: Client) -> Callable[[], Awaitable[httpx.Response]]:
        version = (await client.get(f"/api/services/{service_id}")).json()["version"]
        body = {"name": next(names), "expected_version": version}
        return lambda: client.patch(f"/api/services/{service_id}", json=body, headers=auth)

    async def search(client: Client) -> Callable[[], Awaitable[httpx.Response]]:
        params = {"q": "counselling", "postcode": "E15 4QR"}
        return lambda: client.get("/api/search", params=params)

    print(f"\n  the code under {ROOT}")
    _report("PATCH /api/services/{id}", _measure(app, edit))
    _report("GET /api/search", _measure(app, search))
