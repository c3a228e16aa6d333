"""`make bench`: search latency and throughput vs raw Meilisearch, freshness, rebuild vs bulk indexing.

Figures are printed, never asserted. Everything runs on this machine against one Meilisearch.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import msgspec
import pytest
from litestar.datastructures import MultiDict

from projections.documents import public_document, staff_document
from search.documents import EMBEDDER, embedding_text
from search.embedding import MiniLMEmbedder
from search.meili import MeiliSearchIndex
from search.server import MeilisearchServer, free_port
from search.understanding import understand
from services.catalogue.demo import demo_records
from services.catalogue.domain import Service
from services.http.search_params import parse_search_params
from services.runtime import Runtime, build_runtime
from services.settings import Settings
from tests.benchmarks.timing import against, latency, load, percentile, timed, timed_call
from tests.judgments import load_judgments

pytestmark = pytest.mark.benchmark
MODEL_DIMENSIONS = 384
ROOT = Path(__file__).resolve().parents[2]
SERVICES = int(os.environ.get("BENCH_SERVICES", "50000"))
QUERIES = (
    {"q": "counselling", "age": "9", "postcode": "E15", "radius_km": "5"},
    {"q": "my son won't go to school", "postcode": "E15"},
    {"q": "my partner hits me", "postcode": "E15", "age": "9"},
)


def _rebuild(env: dict[str, str]) -> tuple[float, float]:
    """`signpost projections rebuild --only search` in a child: seconds and peak RSS (MiB)."""
    cmd = [sys.executable, "-m", "services.cli", "projections", "rebuild", "--only", "search"]
    t = time.perf_counter()
    child = subprocess.Popen(
        cmd,
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0
    return time.perf_counter() - t, usage.ru_maxrss / 1024


async def _raw_request(
    runtime: Runtime, meili_url: str, params: dict[str, str]
) -> tuple[str, bytes]:
    """The request /api/search sends Meilisearch for these parameters, its vector precomputed."""
    query, _ = parse_search_params(MultiDict(params), runtime.postcodes)
    prepared, _ = await runtime.search.prepare(msgspec.structs.replace(query, families_only=True))
    assert isinstance(runtime.index, MeiliSearchIndex)
    path, body, _ = runtime.index.search_request("public", prepared)
    return meili_url + path, msgspec.json.encode(body)


async def _distinct_queries(
    runtime: Runtime, meili_url: str, rc: httpx.AsyncClient, oc: httpx.AsyncClient, base: str
) -> None:
    """Each judgment query once (each embedded on arrival) vs its request with the vector
    precomputed, one client."""
    texts = [j.query for j in load_judgments()]
    requests = [await _raw_request(runtime, meili_url, {"q": t}) for t in texts]
    raw_l, ours_l = [], []
    for text, (url, body) in zip(texts, requests, strict=True):
        raw_l.append(await timed(partial(_post, rc, url, body)))
        ours_l.append(await timed(partial(_get, oc, f"{base}/api/search", {"q": text})))
    print(
        f"\n1.{len(QUERIES) + 1} {len(texts)} different need and name queries, once each (every one embedded on arrival), 1 client:\n"
        f"  raw Meilisearch (vector precomputed): {latency(raw_l, 0, ' ')}\n"
        f"  /api/search: {latency(ours_l, 0, ' ')}; ratio {against(ours_l, raw_l)}"
    )


async def _post(client: httpx.AsyncClient, url: str, body: bytes) -> None:
    (await client.post(url, content=body)).raise_for_status()


async def _get(client: httpx.AsyncClient, url: str, params: dict[str, str]) -> None:
    (await client.get(url, params=params)).raise_for_status()


def _embedding_figures(runtime: Runtime) -> None:
    """Query embedding latency, and the memory the model adds to a process."""
    assert runtime.vectors is not None
    model = MiniLMEmbedder()
    texts = [understand(j.query).semantic for j in load_judgments()]
    times = [timed_call(partial(model.embed_query, text)) for text in texts * 2]
    probe = (
        "import re;from pathlib import Path;"
        "rss=lambda:int(re.search(r'VmRSS:\\s+(\\d+)',Path('/proc/self/status').read_text())[1]);"
        "a=rss();from search.embedding import MiniLMEmbedder;m=MiniLMEmbedder();"
        "m.embed(['a service for families']*64);print(a,rss())"
    )
    before, after = map(
        int, subprocess.check_output([sys.executable, "-c", probe], cwd=ROOT).split()
    )
    print(
        f"\n5. embedding model: query embedding over {len(times)} queries {latency(times, 0, ', ')} (one thread); the model adds {(after - before) / 1024:.0f} MiB to a process's RSS"
    )


def _report(title: str, ours: tuple[list[float], float], raw: tuple[list[float], float]) -> None:
    (ol, ot), (rl, rt) = ours, raw
    print(f"\n{title}")
    print(f"  raw Meilisearch: {latency(rl, 6)}  {rt:7.1f} req/s")
    print(f"  /api/search:     {latency(ol, 6)}  {ot:7.1f} req/s")
    print(f"  ratio: {against(ol, rl)}, throughput {ot / rt:.0%} of raw")


PAGE_QUERY = {"q": "counselling", "postcode": "E15", "age": "9"}


async def _pages(base: str, raw_url: str, raw_body: bytes, headers: Any) -> None:
    """Server render of the public pages at 16 concurrent users, and bytes over the wire."""
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with (
        httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as rc,
        httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as pc,
    ):
        first = (await pc.get("/api/search", params=PAGE_QUERY)).json()["hits"][0]["id"]
        pages = {
            "start page": ("/", {}),
            "results page": ("/search", PAGE_QUERY),
            "service page": (f"/services/{first}", {}),
        }

        async def raw() -> None:
            (await rc.post(raw_url, content=raw_body)).raise_for_status()

        raw_r = await load(raw, 16, 6)
        print(
            f"\n4. public pages, 16 concurrent users, 6 s each (raw Meilisearch at 16: p95 {percentile(raw_r[0], 95):.2f} ms, {raw_r[1]:.0f} req/s)"
        )
        gz = {"Accept-Encoding": "gzip"}
        page = await pc.get("/search", params=PAGE_QUERY, headers=gz)
        css_path = page.text.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        css = await pc.get(css_path, headers=gz)
        css_wire = len(gzip.compress(css.content))
        for name, (path, params) in pages.items():

            async def get(path: str = path, params: dict[str, str] = params) -> None:
                (await pc.get(path, params=params, headers=gz)).raise_for_status()

            paced = await _paced(get, users=16, seconds=12)
            lat, rate = await load(get, 16, 6)
            r = await pc.get(path, params=params, headers=gz)
            wire = len(gzip.compress(r.content))
            print(
                f"  {name:13s} 16 users, 1 request/s each: {latency(paced, 6)} | "
                f"saturated (no pause): {latency(lat, 6, ' ')} {rate:6.1f} pages/s | "
                f"{wire / 1024:4.1f} KB gzip + {css_wire / 1024:.1f} KB CSS = {(wire + css_wire) / 1024:.1f} KB"
            )


async def _paced(send: Any, users: int, seconds: float) -> list[float]:
    """Each user asks, reads for about a second (0.5-1.5 s, seeded), and asks again."""
    rng = random.Random(7)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def user(pause: list[float]) -> None:
        await asyncio.sleep(pause.pop())
        while time.perf_counter() < deadline:
            latencies.append(await timed(send))
            await asyncio.sleep(pause.pop())

    await asyncio.gather(
        *(user([rng.uniform(0.5, 1.5) for _ in range(int(seconds) * 3)]) for _ in range(users))
    )
    return latencies


def test_benchmarks(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(24)
    meili = MeilisearchServer(tmp_path / "meili", key, project_root=ROOT, port=free_port())
    meili.start()
    env = {
        "SIGNPOST_DATA_DIR": str(tmp_path / "data"),
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": key,
        "SIGNPOST_ADMIN_TOKEN": "bench",
        "SIGNPOST_DEMO_ON_EMPTY": "0",
        "SIGNPOST_POLL_INTERVAL": "0.02",
    }
    runtime = build_runtime(Settings.from_env(env))
    runtime.start(follow=False)
    print(
        f"\nmachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, Meilisearch 1.21.0, {SERVICES} services, SQLite event store"
    )
    try:
        # -- writing the catalogue ------------------------------------------------------
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
        write_s = time.perf_counter() - t
        events = runtime.runner.head()
        print(
            f"wrote {events} events for {SERVICES} services in {write_s:.1f} s ({events / write_s:.0f} events/s)"
        )

        # -- 3. rebuild vs bulk indexing ------------------------------------------------
        # The search read model alone, so the baseline below (the same documents bulk-indexed)
        # does the same work; `projections rebuild` without --only also rebuilds the ORUK feed.
        # The first rebuild embeds every distinct text (the vector cache is empty); the second
        # finds every vector in the cache, as a rebuild does after the first.
        cold_s, cold_rss = _rebuild(env)
        rebuild_s, rebuild_rss = _rebuild(env)
        bulk = MeiliSearchIndex(meili.url, key, prefix="bulk", dimensions=MODEL_DIMENSIONS)
        bulk.prepare()
        names = {o: runtime.catalogue.get_organisation(i).details.name for o, i in org_ids.items()}
        docs_pub, docs_staff = [], []
        # Documents built once, outside the clock, so the baseline is pure indexing.
        for r in records:
            svc = Service.register(
                org_ids[r.organisation_external_id], r.details, id=uuid4(), actor="bench"
            )
            for loc in r.locations:
                svc.add_location(loc, actor="bench")
            svc.categorise(r.categories, actor="bench")
            svc.set_schedules(r.schedules, actor="bench")
            docs_pub.append(public_document(svc, names[r.organisation_external_id]))
            docs_staff.append(staff_document(svc, names[r.organisation_external_id]))
        assert runtime.vectors is not None
        texts = [embedding_text(d) for d in docs_pub]
        for doc_pub, doc_staff, vector in zip(
            docs_pub, docs_staff, runtime.vectors.embed(texts), strict=True
        ):  # from the cache the rebuilds filled
            doc_pub._vectors = doc_staff._vectors = {EMBEDDER: vector}
        distinct = len(set(texts))
        t = time.perf_counter()
        for i in range(0, len(docs_pub), 5000):
            bulk.upsert(docs_pub[i : i + 5000], docs_staff[i : i + 5000])
        bulk_s = time.perf_counter() - t
        print(
            f"\n3. rebuild of {SERVICES} services ({events} events, {distinct} distinct texts to embed) into fresh indexes + swap "
            f"(whole command, start-up included):\n"
            f"  first, vector cache empty: {cold_s:.1f} s, {distinct / cold_s:.1f} services embedded and indexed per second; peak RSS {cold_rss:.0f} MiB\n"
            f"  again, every vector in the cache: {rebuild_s:.1f} s; peak RSS {rebuild_rss:.0f} MiB\n"
            f"  bulk-indexing the same documents with their vectors straight into Meilisearch: {bulk_s:.1f} s; "
            f"ratio (warm cache) {rebuild_s / bulk_s:.2f}x"
        )
        bulk.drop()

        # -- 1. latency and throughput ---------------------------------------------------
        server_port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "services.cli",
                "serve",
                "--no-demo",
                "--port",
                str(server_port),
            ],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{server_port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        raw_search = meili.url
        headers = {
            "Accept-Encoding": "identity",
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
        }

        async def run() -> None:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            async with (
                httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as rc,
                httpx.AsyncClient(
                    headers={"Accept-Encoding": "identity"}, limits=limits, timeout=60
                ) as oc,
            ):
                for number, params in enumerate(QUERIES, start=1):
                    raw_url, raw_body = await _raw_request(runtime, raw_search, params)

                    async def raw(url: str = raw_url, body: bytes = raw_body) -> None:
                        (await rc.post(url, content=body)).raise_for_status()

                    async def ours(params: dict[str, str] = params) -> None:
                        (await oc.get(f"{base}/api/search", params=params)).raise_for_status()

                    hits = (await oc.get(f"{base}/api/search", params=params)).json()["total"]
                    print(
                        f"\n1.{number} /api/search {params} ({hits} hits) vs the same request "
                        f"({raw_url.rsplit('/', 1)[-1]}, vector precomputed) straight to Meilisearch"
                    )
                    for clients in (1, 16):
                        raw_r = await load(raw, clients, 6)
                        ours_r = await load(ours, clients, 6)
                        _report(f"  {clients} client(s), 6 s each", ours_r, raw_r)
                await _distinct_queries(runtime, raw_search, rc, oc, base)

        asyncio.run(run())
        _embedding_figures(runtime)

        # -- 2. freshness ----------------------------------------------------------------
        auth = {"Authorization": "Bearer bench"}
        with httpx.Client(base_url=base, headers={"Accept-Encoding": "identity"}) as c:
            org = c.post(
                "/api/organisations", json={"name": "Freshness Trust"}, headers=auth
            ).json()["id"]
            svc = c.post(
                "/api/services",
                json={"organisation_id": org, "name": "Freshness probe"},
                headers=auth,
            ).json()
            version, delays = svc["version"], []
            for i in range(100):
                word = f"zq{i}x{secrets.token_hex(3)}"
                t = time.perf_counter()
                patched = c.patch(
                    f"/api/services/{svc['id']}",
                    json={"expected_version": version, "description": word},
                    headers=auth,
                )
                version = patched.json()["version"]
                accepted = time.perf_counter()
                # Visible: the probe is found by its new word with that word as its summary (a
                # search finds a service by meaning too, so a count alone would not say).
                while not any(
                    h["id"] == svc["id"] and h["summary"] == word
                    for h in c.get("/api/search", params={"q": word}).json()["hits"]
                ):
                    time.sleep(0.002)
                delays.append((time.perf_counter() - accepted) * 1000)
        print(
            f"\n2. freshness over 100 edits, write accepted -> visible in /api/search: p50 {statistics.median(delays):.0f} ms, p95 {percentile(delays, 95):.0f} ms"
        )

        # -- 4. public pages ----------------------------------------------------------------
        page_url, page_body = asyncio.run(_raw_request(runtime, raw_search, PAGE_QUERY))
        asyncio.run(_pages(base, page_url, page_body, headers))
        server.terminate()
        server.wait(10)
    finally:
        runtime.close()
        meili.stop()
    print(
        f"(bench process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)"
    )
