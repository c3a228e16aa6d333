"""The search projection on PostgreSQL and a real Meilisearch: resumable, rebuildable, patient."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.popo import POPOTrackingRecorder

from projections.rebuild import rebuild
from projections.runner import ProjectionRunner
from search.port import SearchQuery
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.runtime import build_runtime, build_tracking
from tests.integration.helpers import all_documents, settings_for

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _load(runtime: Any, n: int) -> None:
    orgs, services = demo_records(n)
    sync_records(runtime.catalogue, orgs, services, actor="test")


def test_a_killed_projector_resumes_and_the_indexes_match_a_clean_run(
    postgres_env: dict[str, str], tmp_path: Path, meili_server: Any
) -> None:
    settings = settings_for(postgres_env, str(tmp_path), meili_server)
    runtime = build_runtime(settings)
    runtime.start(follow=False)
    _load(runtime, 400)
    head = runtime.runner.head()
    env = {
        **os.environ,
        **{
            k: v
            for k, v in {
                "SIGNPOST_PERSISTENCE": "postgres",
                **postgres_env,
                "SIGNPOST_DATA_DIR": str(tmp_path),
                "MEILI_URL": meili_server.url,
                "MEILI_MASTER_KEY": meili_server.master_key,
                "MEILI_INDEX_PREFIX": settings.meili_index_prefix,
            }.items()
        },
    }
    projector = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "projections", "run", "--batch-size", "50"],
        env=env,
        cwd=ROOT,
    )
    tracking = build_tracking(settings)
    deadline = time.monotonic() + 60
    while (tracking.max_tracking_id("catalogue") or 0) < head // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    projector.send_signal(signal.SIGKILL)
    projector.wait()
    killed_at = tracking.max_tracking_id("catalogue") or 0
    assert 0 < killed_at < head, "the projector should have been killed mid-stream"

    resumed = build_runtime(settings)
    resumed.start(follow=False)
    assert resumed.runner.position == killed_at
    resumed.runner.catch_up()
    assert resumed.runner.position == head

    clean = build_runtime(settings_for(postgres_env, str(tmp_path / "clean"), meili_server))
    clean.start(follow=False)
    ProjectionRunner(
        clean.catalogue, clean.index, POPOTrackingRecorder()
    ).catch_up()  # from zero, uninterrupted
    resumed_docs, clean_docs = all_documents(resumed.index), all_documents(clean.index)  # type: ignore[arg-type]
    assert len(resumed_docs["public"]) == len(resumed_docs["staff"]) == 400
    assert resumed_docs == clean_docs
    for r in (runtime, resumed, clean):
        r.index.drop()  # type: ignore[attr-defined]
        r.close()


def test_rebuild_swaps_in_fresh_indexes_without_a_moment_of_empty_search(
    postgres_env: dict[str, str], tmp_path: Path, meili_server: Any
) -> None:
    runtime = build_runtime(settings_for(postgres_env, str(tmp_path), meili_server))
    runtime.start(follow=False)
    _load(runtime, 300)
    runtime.runner.catch_up()
    before = all_documents(runtime.index)  # type: ignore[arg-type]
    totals: list[int] = []
    stop = threading.Event()

    def search_continuously() -> None:
        import asyncio

        async def loop() -> None:
            while not stop.is_set():
                totals.append((await runtime.index.search("public", SearchQuery(per_page=1))).total)

        asyncio.run(loop())

    searcher = threading.Thread(target=search_continuously)
    searcher.start()
    try:
        position = rebuild(runtime.catalogue, runtime.index, batch_size=100)
    finally:
        stop.set()
        searcher.join()
    assert position == runtime.runner.head()
    assert len(totals) > 5 and set(totals) == {300}
    assert all_documents(runtime.index) == before  # type: ignore[arg-type]
    runtime.index.drop()  # type: ignore[attr-defined]
    runtime.close()
