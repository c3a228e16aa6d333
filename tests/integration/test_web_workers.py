"""`signpost serve --workers 2` on the embedded default (SQLite and a Meilisearch child): two web
processes on one port, one Meilisearch child for them all, the projections applied by the
first process alone, and a killed worker replaced."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
import pytest

from projections.locks import FileLock
from search.server import free_port
from tests.integration.processes import Child, answer, ready, until

pytestmark = pytest.mark.integration
TOKEN = "workers-token"


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def _workers(pid: int) -> set[int]:
    return {p for p, cmd in _children(pid).items() if "multiprocessing.spawn" in cmd}


def _meilisearch(pid: int) -> set[int]:
    return {p for p, cmd in _children(pid).items() if "meilisearch" in cmd.split(" ", 1)[0]}


def test_two_workers_share_one_port_one_meilisearch_child_and_one_projector(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEILI_", "SIGNPOST_"))}
    env |= {
        "SIGNPOST_DATA_DIR": str(tmp_path / "data"),
        "SIGNPOST_SEMANTIC_SEARCH": "0",
        "SIGNPOST_ADMIN_TOKEN": TOKEN,
        "SIGNPOST_DEMO_ON_EMPTY": "0",
        "SIGNPOST_POLL_INTERVAL": "0.02",
    }
    base = f"http://127.0.0.1:{free_port()}"
    root = Child(
        ["serve", "--workers", "2", "--port", base.rsplit(":", 1)[1]], env, tmp_path / "log"
    )
    try:
        ready(root, base)
        until(lambda: len(_workers(root.pid)) == 2, what="two workers")
        (meilisearch,) = _meilisearch(root.pid)
        assert "2 web processes; this process applies the projections" in root.output()

        auth = {"Authorization": f"Bearer {TOKEN}"}
        org = httpx.post(f"{base}/api/organisations", json={"name": "Trust"}, headers=auth)
        service = {"organisation_id": org.json()["id"], "name": "Zqworkers drop-in"}
        created = httpx.post(f"{base}/api/services", json=service, headers=auth).json()

        def found() -> bool:
            hits = httpx.get(f"{base}/api/search", params={"q": "zqworkers"}).json()["hits"]
            return [h["id"] for h in hits] == [created["id"]]

        until(found, timeout=30, what="the new service in search")

        # Each request on a connection of its own, so the kernel hands them to either worker.
        for _ in range(20):
            projections = httpx.get(f"{base}/health").json()["projections"]
            assert not any(p["holds_lock"] for p in projections.values()), "a worker projects"
        lock = FileLock(tmp_path / "data" / "projection-search.lock")
        assert not lock.acquire(), "the first process holds the search projection's lock"

        first, second = sorted(_workers(root.pid))
        os.kill(first, signal.SIGKILL)
        until(lambda: first not in _workers(root.pid), what="the killed worker gone")
        # The other worker answers meanwhile (given time: a replacement is starting beside it).
        meanwhile = [answer(f"{base}/health/ready", timeout=15) for _ in range(10)]
        assert meanwhile == ["200"] * 10, f"{meanwhile}\n{root.output()[-3000:]}"
        until(lambda: len(_workers(root.pid)) == 2, timeout=60, what="a new worker")
        assert second in _workers(root.pid)
        assert _meilisearch(root.pid) == {meilisearch}, "still one Meilisearch child"

        root.end(signal.SIGTERM)
        assert not Path(f"/proc/{meilisearch}").exists(), "Meilisearch stopped with serve"
    finally:
        root.end(signal.SIGKILL)
