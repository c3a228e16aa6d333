"""`make bench`: one search three ways (raw Meilisearch, the async path, the client in a thread),
and what asking for compressed responses costs the client.

The same index (demo services with their MiniLM vectors) and the same requests /api/search sends
(the main bench's queries and the judgment set's words near E15, each read and embedded once,
outside the clock). A small index and a postcode keep Meilisearch's own time short, so what the
way there costs shows. Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any
from uuid import uuid4

import anyio.to_thread
import httpx
import meilisearch
import msgspec
import pytest
import requests
from litestar.datastructures import MultiDict

from projections.documents import public_document
from search.documents import EMBEDDER, embedding_text
from search.embedding import MiniLMEmbedder
from search.engine import SearchEngine
from search.meili import MeiliSearchIndex
from search.port import SearchPage, SearchQuery
from search.postcodes import PostcodeDirectory
from search.query import parse_search_response, parse_tiered_response
from search.server import MeilisearchServer, free_port
from services.catalogue.demo import demo_records
from services.catalogue.domain import Service
from services.http.search_params import parse_search_params
from tests.benchmarks.test_benchmarks import QUERIES
from tests.benchmarks.timing import against, latency, timed, timed_call
from tests.judgments import load_judgments

pytestmark = pytest.mark.benchmark
ROOT = Path(__file__).resolve().parents[2]
SERVICES = int(os.environ.get("BENCH_CLIENT_SERVICES", "1000"))
ROUNDS = 2  # passes over the queries, one client (twice as many keyword-only)
WINDOWS, SECONDS = 6, 1.5  # 16 concurrent clients: each path for SECONDS, WINDOWS times in turn
Send = Callable[[int], Awaitable[Any]]


def _line(name: str, ms: list[float], base: list[float] | None = None) -> str:
    ratio = f"  ({against(ms, base)})" if base is not None else ""
    return f"  {name:44s} {latency(ms)}{ratio}"


async def _interleaved(paths: dict[str, Send], queries: int, rounds: int) -> dict[str, list[float]]:
    """One client: each query through every path in turn, `rounds` times over."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for i in range(queries):
            for name, send in paths.items():
                times[name].append(await timed(partial(send, i)))
    return times


async def _concurrent(paths: dict[str, Send], queries: int) -> dict[str, list[float]]:
    """16 concurrent clients through each path for SECONDS, path after path, WINDOWS times
    over (so a burst of load elsewhere falls on every path alike)."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    for window in range(WINDOWS):
        for name, send in paths.items():
            times[name] += await _window(send, queries, window)
    return times


async def _window(send: Send, queries: int, window: int, clients: int = 16) -> list[float]:
    """`clients` concurrent clients for SECONDS, each walking the queries from its own start."""
    latencies: list[float] = []
    deadline = time.perf_counter() + SECONDS

    async def client(start: int) -> None:
        i = start
        while time.perf_counter() < deadline:
            latencies.append(await timed(partial(send, i % queries)))
            i += 1

    await asyncio.gather(*(client(c * 7 + window) for c in range(clients)))
    return latencies


def _index(url: str, key: str, model: MiniLMEmbedder) -> MeiliSearchIndex:
    index = MeiliSearchIndex(url, key, prefix="clientbench", dimensions=model.dimensions)
    index.prepare()
    orgs, records = demo_records(SERVICES)
    names = {o.external_id: o.details.name for o in orgs}
    org_ids = {o.external_id: uuid4() for o in orgs}
    docs = []
    for r in records:
        svc = Service.register(
            org_ids[r.organisation_external_id], r.details, id=uuid4(), actor="bench"
        )
        for loc in r.locations:
            svc.add_location(loc, actor="bench")
        svc.categorise(r.categories, actor="bench")
        svc.set_schedules(r.schedules, actor="bench")
        docs.append(public_document(svc, names[r.organisation_external_id]))
    for doc, vector in zip(docs, model.embed([embedding_text(d) for d in docs]), strict=True):
        doc._vectors = {EMBEDDER: vector}
    for at in range(0, len(docs), 1000):
        index.upsert(docs[at : at + 1000], [])
    return index


def test_search_through_the_client_against_the_async_path(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(24)
    meili = MeilisearchServer(tmp_path / "meili", key, project_root=ROOT, port=free_port())
    meili.start()
    try:
        model = MiniLMEmbedder()
        t = time.perf_counter()
        index = _index(meili.url, key, model)
        print(
            f"\nMeilisearch client bench: {SERVICES} services indexed with vectors in "
            f"{time.perf_counter() - t:.0f} s through the client"
        )
        postcodes = PostcodeDirectory()
        params = [*QUERIES, *({"q": j.query, "postcode": "E15"} for j in load_judgments())]
        for title, engine, rounds in (
            ("hybrid (the model loaded)", SearchEngine(index, model), ROUNDS),
            ("keyword-only (SIGNPOST_SEMANTIC_SEARCH=0)", SearchEngine(index), 2 * ROUNDS),
        ):
            prepared: list[SearchQuery] = []
            for p in params:
                query, _ = parse_search_params(MultiDict(p), postcodes)
                q = msgspec.structs.replace(query, families_only=True)
                prepared.append(asyncio.run(engine.prepare(q))[0])
            print(f"\n{title}, {len(prepared)} searches near E15:")
            asyncio.run(_measure(index, key, prepared, rounds))
        index.drop()
        index.close()
    finally:
        meili.stop()


async def _measure(
    index: MeiliSearchIndex, key: str, prepared: list[SearchQuery], rounds: int
) -> None:
    url, n = index.url, len(prepared)
    requests_ = [index.search_request("public", q) for q in prepared]
    bodies = [msgspec.json.encode(body) for _, body, _ in requests_]
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    identity = {**auth, "Accept-Encoding": "identity"}
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    gzip_client = meilisearch.Client(
        url, key
    )  # the client's default: Accept-Encoding gzip, deflate

    def through(client: meilisearch.Client, i: int) -> SearchPage:
        """The adapter's search as the client would send it: one search or one multi-search."""
        path, body, bands = requests_[i]
        if bands is None:
            uid = path.split("/")[2]
            raw = client.index(uid).search(body["q"], {k: v for k, v in body.items() if k != "q"})
            return parse_search_response(raw, prepared[i])
        results = client.multi_search(body["queries"])["results"]
        return parse_tiered_response(results, bands, prepared[i])

    async with httpx.AsyncClient(base_url=url, headers=identity, limits=limits, timeout=60) as rc:

        async def raw(i: int) -> None:
            (await rc.post(requests_[i][0], content=bodies[i])).raise_for_status()

        async def async_path(i: int) -> SearchPage:
            return await index.search("public", prepared[i])

        async def client_thread(i: int) -> SearchPage:
            # As a Litestar handler declared sync_to_thread runs: anyio's worker threads.
            return await anyio.to_thread.run_sync(through, index.meili.client, i)

        async def client_gzip(i: int) -> SearchPage:
            return await anyio.to_thread.run_sync(through, gzip_client, i)

        for i in range(n):  # the same hits either way, and everything warm
            ours, theirs = await async_path(i), await client_thread(i)
            assert [h.id for h in ours.hits] == [h.id for h in theirs.hits]
            await raw(i)
        paths: dict[str, Send] = {
            "raw": raw,
            "async": async_path,
            "client": client_thread,
            "gzip": client_gzip,
        }
        one = await _interleaved(paths, n, rounds)
        print(
            f" 1 client, {n} queries x {rounds} (each query through every path in turn); "
            "ratios p50, p95 against the line above"
        )
        print(_line("raw Meilisearch (httpx, bytes, kept alive)", one["raw"]))
        print(_line("async path (MeiliSearchIndex.search)", one["async"], one["raw"]))
        print(_line("client in a thread (identity)", one["client"], one["async"]))
        print(_line("client in a thread (its default gzip)", one["gzip"], one["client"]))
        print(f" 16 concurrent clients, {WINDOWS} x {SECONDS} s each path, in turn:")
        many = await _concurrent({k: paths[k] for k in ("raw", "async", "client")}, n)
        print(_line(f"raw Meilisearch ({len(many['raw'])} searches)", many["raw"]))
        print(_line(f"async path ({len(many['async'])})", many["async"], many["raw"]))
        print(_line(f"client in a thread ({len(many['client'])})", many["client"], many["async"]))
    _keep_alive_encoding(url, identity, requests_, bodies, rounds)


def _keep_alive_encoding(
    url: str,
    headers: dict[str, str],
    requests_: list[tuple[str, dict[str, Any], Any]],
    bodies: list[bytes],
    rounds: int,
) -> None:
    """One requests.Session kept alive, asking for gzip or for identity: the stall the client
    would meet if it kept its connections (it opens one a request, so it does not)."""
    times: dict[str, list[float]] = {"identity": [], "gzip, deflate": []}
    sessions = {name: requests.Session() for name in times}
    for _ in range(rounds):
        for (path, _, _), body in zip(requests_, bodies, strict=True):
            for name, session in sessions.items():
                sent = {**headers, "Accept-Encoding": name}
                times[name].append(timed_call(partial(_post, session, url + path, body, sent)))
    print(" requests.Session, one connection kept alive each, 1 client:")
    print(_line("Accept-Encoding: identity", times["identity"]))
    print(_line("Accept-Encoding: gzip, deflate", times["gzip, deflate"], times["identity"]))


def _post(session: requests.Session, url: str, body: bytes, headers: dict[str, str]) -> None:
    session.post(url, data=body, headers=headers).raise_for_status()
