"""`make bench`: /api/search and the families' results page served by 1, 2 and 4 web processes
(`signpost serve --workers N`, one port) against the same requests sent straight to Meilisearch.

Everything shares this machine's cores: Meilisearch, the web processes and the clients (one
asyncio process). Keyword search (SIGNPOST_SEMANTIC_SEARCH=0), so that the catalogue is indexed
in a minute rather than embedded for many: it measures the web tier itself; the model adds its
few milliseconds of CPU per query in the web process on top. Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from search.server import MeilisearchServer, free_port
from services.catalogue.demo import demo_records
from services.runtime import build_runtime
from services.settings import Settings
from tests.benchmarks.test_benchmarks import _raw_request
from tests.benchmarks.timing import against, latency, load

pytestmark = pytest.mark.benchmark
ROOT = Path(__file__).resolve().parents[2]
SERVICES = int(os.environ.get("BENCH_WEB_SERVICES", "2000"))
PROCESSES = (1, 2, 4)
CLIENTS, SECONDS = 16, 6.0
QUERIES = (
    {"q": "counselling", "postcode": "E15", "age": "9"},
    {"q": "my son won't go to school", "postcode": "E15"},
    {"q": "debt advice", "postcode": "E15", "radius_km": "5"},
)

Figures = tuple[list[float], float, dict[str, float]]  # latencies, requests/s, CPU ms a request
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
IDENTITY = {"Accept-Encoding": "identity"}  # /api answers are not compressed; pages are (gzip)


def _line(name: str, figures: Figures, raw: Figures | None = None) -> str:
    latencies, rate, cpu = figures
    text = f"  {name:28s} {latency(latencies)}  {rate:7.1f} req/s  CPU a request: " + ", ".join(
        f"{tier} {ms:.1f} ms" for tier, ms in cpu.items()
    )
    if raw is not None:
        text += f"  | vs raw: {against(latencies, raw[0])}, throughput {rate / raw[1]:.0%}"
    return text


def _serve(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "services.cli",
            "serve",
            "--no-demo",
            "--workers",
            str(workers),
            "--port",
            str(port),
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, "signpost serve exited"
        try:
            up = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            up = False
        # every worker started: as many as asked for, and all idle (done starting up)
        if up and (workers == 1 or _idle(_children(process.pid), workers)):
            return process
        time.sleep(0.2)
    raise AssertionError("signpost serve did not answer")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid
            ) and b"multiprocessing.spawn" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _idle(pids: list[int], expected: int) -> bool:
    if len(pids) != expected:
        return False
    before = [_cpu_ticks(p) for p in pids]
    time.sleep(1.0)
    return all(_cpu_ticks(p) - b < 10 for p, b in zip(pids, before, strict=True))


async def _rotating(
    send: Callable[[int], Awaitable[None]],
    clients: int,
    seconds: float,
    tiers: dict[str, list[int]],
) -> Figures:
    """Each request the next of the queries, round-robin across the clients; with the CPU time
    each tier's processes spent a request (a figure the other work on the machine moves less than
    it moves latencies)."""
    turn = itertools.count()

    async def one() -> None:
        await send(next(turn) % len(QUERIES))

    warmup = len(QUERIES) * 4
    before = {tier: sum(map(_cpu_ticks, pids)) for tier, pids in tiers.items()}
    latencies, rate = await load(one, clients, seconds, warmup=warmup)
    requests = len(latencies) + warmup
    cpu = {
        tier: (sum(map(_cpu_ticks, pids)) - before[tier]) * TICK_MS / requests
        for tier, pids in tiers.items()
    }
    return latencies, rate, cpu


def test_web_processes_against_raw_meilisearch(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(24)
    meili = MeilisearchServer(tmp_path / "meili", key, project_root=ROOT, port=free_port())
    meili.start()
    assert meili.process is not None
    meili_pid = meili.process.pid
    env = {
        "SIGNPOST_DATA_DIR": str(tmp_path / "data"),
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": key,
        "SIGNPOST_ADMIN_TOKEN": "bench",
        "SIGNPOST_DEMO_ON_EMPTY": "0",
        "SIGNPOST_SEMANTIC_SEARCH": "0",
        "SIGNPOST_PROJECT": "0",  # the catalogue is indexed up front; nothing changes after
    }
    runtime = build_runtime(Settings.from_env(env))
    runtime.start(follow=False)
    try:
        orgs, records = demo_records(SERVICES)
        t = time.perf_counter()
        org_ids = {
            o.external_id: runtime.catalogue.register_organisation(o.details, actor="bench")
            for o in orgs
        }
        for r in records:
            runtime.catalogue.register_service(
                org_ids[r.organisation_external_id],
                r.details,
                actor="bench",
                categories=r.categories,
                locations=r.locations,
                schedules=r.schedules,
            )
        runtime.runner.catch_up()
        print(
            f"\nweb processes: {os.cpu_count()} cores shared by Meilisearch, the web processes and"
            f" the clients; {SERVICES} services ({runtime.runner.head()} events, written and"
            f" indexed in {time.perf_counter() - t:.0f} s), SQLite store, keyword search;"
            f" {CLIENTS} concurrent clients for {SECONDS:.0f} s per line, the queries in turn:"
            f" {', '.join(str(q) for q in QUERIES)}"
        )
        raw_requests = [asyncio.run(_raw_request(runtime, meili.url, q)) for q in QUERIES]
        headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Accept-Encoding": "identity",  # as Signpost asks it: compressing costs Meilisearch
        }

        async def raw_figures() -> tuple[Figures, Figures]:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as rc:

                async def raw(i: int) -> None:
                    url, body = raw_requests[i]
                    (await rc.post(url, content=body)).raise_for_status()

                tiers = {"Meilisearch": [meili_pid]}
                return (
                    await _rotating(raw, 1, SECONDS / 2, tiers),
                    await _rotating(raw, CLIENTS, SECONDS, tiers),
                )

        for workers in PROCESSES:
            port = free_port()
            server = _serve(env, workers, port)
            web_pids = (server.pid, *_children(server.pid))
            try:

                async def ours(
                    port: int = port, web: tuple[int, ...] = web_pids
                ) -> tuple[Figures, Figures, Figures, Figures]:
                    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
                    async with httpx.AsyncClient(
                        base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60
                    ) as c:

                        async def api(i: int) -> None:
                            (
                                await c.get("/api/search", params=QUERIES[i], headers=IDENTITY)
                            ).raise_for_status()

                        async def page(i: int) -> None:
                            (await c.get("/search", params=QUERIES[i])).raise_for_status()

                        tiers = {
                            "web": list(web),
                            "Meilisearch": [meili_pid],
                        }
                        return (
                            await _rotating(api, 1, SECONDS / 2, tiers),
                            await _rotating(api, CLIENTS, SECONDS, tiers),
                            await _rotating(page, 1, SECONDS / 2, tiers),
                            await _rotating(page, CLIENTS, SECONDS, tiers),
                        )

                # raw Meilisearch measured beside each, so both see the machine as it is then
                raw_one, raw_many = asyncio.run(raw_figures())
                api_one, api_many, page_one, page_many = asyncio.run(ours())
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(60)
            label = "1 web process" if workers == 1 else f"{workers} web processes (--workers)"
            print(f"\n{label} (load average {Path('/proc/loadavg').read_text().split()[0]}):")
            print(_line("raw Meilisearch, 1 client", raw_one))
            print(_line(f"raw Meilisearch, {CLIENTS} clients", raw_many))
            print(_line("/api/search, 1 client", api_one, raw_one))
            print(_line(f"/api/search, {CLIENTS} clients", api_many, raw_many))
            print(_line("results page, 1 client", page_one, raw_one))
            print(_line(f"results page, {CLIENTS} clients", page_many, raw_many))
    finally:
        runtime.close()
        meili.stop()
