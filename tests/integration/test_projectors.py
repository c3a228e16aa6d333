"""Two projector processes on one PostgreSQL store and one Meilisearch: one applies each
projection, the other takes over when it is killed, and the indexes equal a clean rebuild."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import msgspec
import psycopg
import pytest
from eventsourcing.popo import POPOTrackingRecorder

from projections.locks import PostgresAdvisoryLock
from projections.runner import ProjectionRunner
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.runtime import Runtime, build_runtime
from tests.integration.helpers import all_documents, settings_for
from tests.pg_fixtures import PG

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
HOLDING = "search projection: holding the lock"
SERVICES = 20


class Projector:
    """`signpost projections run` in a process of its own, its log in a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out: IO[bytes] = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "projections", "run", "--report-every", "1"],
            env=env,
            cwd=ROOT,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )

    def said(self, text: str) -> bool:
        return text in self.log.read_text()

    def end(self, signum: int) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        code = self.process.wait(20)
        self._out.close()
        return code


def _until(condition: Callable[[], bool], timeout: float = 60.0) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.01)
    return time.monotonic() - started


def _caught_up(runtime: Runtime) -> bool:
    head = runtime.runner.head()
    return all(r.recorded_position() == head for r in (runtime.runner, runtime.oruk_runner))


def _rename(runtime: Runtime, service_id: UUID, name: str) -> None:
    details = runtime.catalogue.get_service(service_id).details
    runtime.catalogue.update_service(
        service_id, msgspec.structs.replace(details, name=name), actor="test"
    )


def _named(runtime: Runtime, service_id: UUID, name: str) -> Callable[[], bool]:
    def check() -> bool:
        doc = runtime.index.get("public", str(service_id))
        return doc is not None and doc["name"] == name

    return check


def test_one_projector_applies_and_another_takes_over_when_it_is_killed(
    postgres_env: dict[str, str], tmp_path: Path, meili_server: Any
) -> None:
    quick = {"SIGNPOST_SEMANTIC_SEARCH": "0", "SIGNPOST_POLL_INTERVAL": "0.02"}
    settings = settings_for({**postgres_env, **quick}, str(tmp_path / "writer"), meili_server)
    runtime = build_runtime(settings)
    runtime.start(follow=False)
    organisations, records = demo_records(SERVICES)
    sync_records(runtime.catalogue, organisations, records, actor="test")
    ids = [runtime.catalogue.find_by_external_id("service", r.external_id) for r in records[:5]]
    service_ids = [i for i in ids if i is not None]
    env = {
        **os.environ,
        **postgres_env,
        **quick,
        "MEILI_URL": meili_server.url,
        "MEILI_MASTER_KEY": meili_server.master_key,
        "MEILI_INDEX_PREFIX": settings.meili_index_prefix,
    }
    projectors = [
        Projector({**env, "SIGNPOST_DATA_DIR": str(tmp_path / f"p{n}")}, tmp_path / f"p{n}.log")
        for n in range(2)
    ]
    try:
        _until(lambda: _caught_up(runtime))
        for n in range(3):  # renames while both run
            _rename(runtime, service_ids[0], f"Renamed service {n}")
        _until(_named(runtime, service_ids[0], "Renamed service 2"), timeout=10)
        _until(lambda: all(p.said("search: standing by") or p.said(HOLDING) for p in projectors))
        holders = [p for p in projectors if p.said(HOLDING)]
        assert len(holders) == 1, "exactly one projector applies the search projection"
        active = holders[0]
        standby = next(p for p in projectors if p is not active)

        killed_at = time.monotonic()
        active.process.send_signal(signal.SIGKILL)
        _rename(runtime, service_ids[1], "Renamed after the kill")
        _until(lambda: standby.said(HOLDING), timeout=20)
        locked = time.monotonic() - killed_at
        _until(_named(runtime, service_ids[1], "Renamed after the kill"), timeout=20)
        visible = time.monotonic() - killed_at
        print(
            f"\n  kill -9 of the active projector: the other holds the lock after {locked:.2f} s,"
            f" and a rename made at the kill is in search after {visible:.2f} s"
        )

        for n, service_id in enumerate(service_ids[2:]):
            _rename(runtime, service_id, f"Later rename {n}")
        _until(lambda: _caught_up(runtime), timeout=20)
        for p in projectors:
            assert not p.said("already recorded"), "no projector re-applied recorded events"
        assert active.end(signal.SIGKILL) == -signal.SIGKILL
        assert standby.end(signal.SIGTERM) == 0, "a projector stops cleanly on SIGTERM"
    finally:
        for p in projectors:
            if p.process.poll() is None:
                p.end(signal.SIGKILL)

    clean = build_runtime(
        settings_for({**postgres_env, **quick}, str(tmp_path / "clean"), meili_server)
    )
    clean.start(follow=False)
    ProjectionRunner(clean.catalogue, clean.index, POPOTrackingRecorder()).catch_up()
    projected, rebuilt = all_documents(runtime.index), all_documents(clean.index)  # type: ignore[arg-type]
    assert len(projected["public"]) == SERVICES
    assert projected == rebuilt
    assert projected["public"][str(service_ids[0])]["name"] == "Renamed service 2"
    for r in (runtime, clean):
        r.index.drop()  # type: ignore[attr-defined]
        r.oruk_index.drop()  # type: ignore[attr-defined]
        r.close()


def test_an_advisory_lock_has_one_holder_and_is_free_once_its_connection_is_gone(
    postgres_db: str,
) -> None:
    connect = {**PG, "dbname": postgres_db}
    holder = PostgresAdvisoryLock("signpost-projection-search", connect)
    other = PostgresAdvisoryLock("signpost-projection-search", connect)
    elsewhere = PostgresAdvisoryLock("signpost-projection-oruk", connect)
    assert holder.acquire() and holder.held()
    assert not other.acquire() and not other.held()
    assert elsewhere.acquire(), "each projection has a lock of its own"
    key = holder.key & 0xFFFF_FFFF_FFFF_FFFF  # pg_locks shows a bigint key as two oids
    with psycopg.connect(dbname=postgres_db, autocommit=True, **PG) as admin:  # type: ignore[arg-type]
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
            " AND granted AND classid = %s AND objid = %s AND objsubid = 1",
            (key >> 32, key & 0xFFFF_FFFF),
        )
    assert not holder.held(), "the holder notices its connection is gone"
    assert other.acquire()
    for lock in (holder, other, elsewhere):
        lock.release()
