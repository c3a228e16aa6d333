"""Three web processes and two projectors on one PostgreSQL event store and one Meilisearch:
writes and searches through every web process while the active projector and one web process
are killed with kill -9. Afterwards the search indexes (public, staff and the ORUK feed's two)
equal a clean rebuild, every accepted write is in the catalogue and in search, and the only
failed requests are those the killed web process was sent from its kill on.

Keyword search only (SIGNPOST_SEMANTIC_SEARCH=0): five processes each loading the embedding
model would spend most of the run on two cores, and nothing here depends on the model.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from projections.rebuild import rebuild, rebuild_oruk
from search.meili import MeiliSearchIndex
from search.oruk_meili import MeiliOrukIndex
from search.server import free_port
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from services.runtime import build_catalogue, build_runtime
from tests.integration.helpers import settings_for
from tests.integration.processes import Child, ready, until
from tests.pg_fixtures import PG

pytestmark = pytest.mark.integration
WEB, PROJECTORS, SEEDED = 3, 2, 12
LOAD_SECONDS, KILL_PROJECTOR_AT, KILL_WEB_AT = 14.0, 4.0, 7.0
KILLED_WEB = 2
TOKEN = "integration-token"
HOLDING = "search projection: holding the lock"
RANK = re.compile(r" r(\d+)$")


@dataclass
class Sent:
    """One request and how it ended (error None: a 2xx answer)."""

    web: int
    what: str
    started: float
    ended: float
    error: str | None


@dataclass
class Written:
    """A service a writer registered, as its last accepted write left it."""

    id: str
    token: str
    name: str
    version: int
    renames: int = 0
    unsure: str | None = None  # a name sent as its web process was killed: applied or not


@dataclass
class Seen:
    """A search that found a written service under its `rank`-th name."""

    service: str
    rank: int
    started: float
    ended: float


@dataclass
class Load:
    bases: list[str]
    organisation: str
    sent: list[Sent] = field(default_factory=list)
    written: dict[str, Written] = field(default_factory=dict)
    unsure: list[str] = field(default_factory=list)  # tokens of creates cut off by the kill
    seen: list[Seen] = field(default_factory=list)
    health: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    killed: dict[int, float] = field(default_factory=dict)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def call(
        self, web: int, client: httpx.AsyncClient, method: str, path: str, **kw: Any
    ) -> httpx.Response | None:
        started = time.monotonic()
        try:
            r = await client.request(method, path, **kw)
            error = None if r.is_success else f"{r.status_code}: {r.text[:300]}"
        except httpx.HTTPError as e:
            r, error = None, f"{type(e).__name__}: {e}"
        self.sent.append(Sent(web, f"{method} {path}", started, time.monotonic(), error))
        return r if error is None else None

    async def writer(self, web: int, client: httpx.AsyncClient) -> None:
        """Registers services and renames its own, each rename a new name: `… r<n>`."""
        rng = random.Random(web)
        mine: list[Written] = []
        auth = {"Authorization": f"Bearer {TOKEN}"}
        n = 0
        while not self.stop.is_set():
            n += 1
            if not mine or n % 3 == 0:
                token = f"zq{web}x{n}k{rng.randrange(10**6):06d}"
                body = {"organisation_id": self.organisation, "name": f"Scaleout {token} r0"}
                r = await self.call(web, client, "POST", "/api/services", json=body, headers=auth)
                if r is None:
                    if web in self.killed:
                        self.unsure.append(token)  # applied or not: its answer was lost
                        return
                    continue
                w = Written(r.json()["id"], token, body["name"], r.json()["version"])
                mine.append(w)
                self.written[w.id] = w
            else:
                w = rng.choice(mine)
                name = f"Scaleout {w.token} r{w.renames + 1}"
                patch = {"expected_version": w.version, "name": name}
                r = await self.call(
                    web, client, "PATCH", f"/api/services/{w.id}", json=patch, headers=auth
                )
                if r is None:
                    if web in self.killed:
                        w.unsure = name
                        return
                    continue
                w.name, w.version, w.renames = name, r.json()["version"], w.renames + 1
            await asyncio.sleep(0.05)

    async def searcher(self, web: int, client: httpx.AsyncClient) -> None:
        """Looks written services up by their token: the API, the families' results page, and
        now and then /health."""
        rng = random.Random(100 + web)
        n = 0
        while not self.stop.is_set():
            n += 1
            if not self.written:
                await asyncio.sleep(0.05)
                continue
            w = rng.choice(list(self.written.values()))
            if n % 10 == 0:
                r = await self.call(web, client, "GET", "/health")
                if r is not None:
                    self.health.append((web, r.json()["projections"]))
            elif n % 3 == 0:
                r = await self.call(web, client, "GET", "/search", params={"q": w.token})
            else:
                started = time.monotonic()
                r = await self.call(web, client, "GET", "/api/search", params={"q": w.token})
                for hit in r.json()["hits"] if r is not None else ():
                    if hit["id"] == w.id and (rank := RANK.search(hit["name"])):
                        self.seen.append(Seen(w.id, int(rank[1]), started, time.monotonic()))
            if web in self.killed and r is None:
                return
            await asyncio.sleep(0.01)

    async def run(self, projectors: list[Child], webs: list[Child]) -> Child:
        """The load, the kills on schedule; answers the projector that was killed."""
        clients = [
            httpx.AsyncClient(base_url=b, timeout=30, headers={"Accept-Encoding": "identity"})
            for b in self.bases
        ]
        try:
            tasks = [asyncio.create_task(self.writer(i, c)) for i, c in enumerate(clients)]
            tasks += [asyncio.create_task(self.searcher(i, c)) for i, c in enumerate(clients)]
            started = time.monotonic()
            await asyncio.sleep(KILL_PROJECTOR_AT)
            (active,) = [p for p in projectors if p.said(HOLDING)]
            active.kill()
            await asyncio.sleep(KILL_WEB_AT - (time.monotonic() - started))
            self.killed[KILLED_WEB] = time.monotonic()
            webs[KILLED_WEB].kill()
            await asyncio.sleep(LOAD_SECONDS - (time.monotonic() - started))
            self.stop.set()
            await asyncio.gather(*tasks)
            return active
        finally:
            for c in clients:
                await c.aclose()


def _caught_up(base: str) -> bool:
    """Whether every projection (search, ORUK, the SQL read models) has recorded the head, as a
    web process's /health reads the shared store."""
    projections = httpx.get(f"{base}/health", timeout=10).json()["projections"]
    return all(p.get("lag") == 0 for p in projections.values())


def _documents(url: str, key: str, names: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every document of each named index, by id."""
    out: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as client:
        for kind, name in names.items():
            docs: dict[str, Any] = {}
            offset = 0
            while True:
                page = client.get(
                    f"/indexes/{name}/documents", params={"limit": 1000, "offset": offset}
                ).json()
                docs.update({d["id"]: d for d in page["results"]})
                offset += 1000
                if offset >= page["total"]:
                    break
            out[kind] = docs
    return out


def _every_index(prefix: str, meili: Any) -> dict[str, dict[str, Any]]:
    """Every document of the public, staff and ORUK indexes under `prefix`, by kind and id."""
    names: dict[str, str] = {
        str(k): v for k, v in MeiliSearchIndex(meili.url, prefix=prefix).names.items()
    }
    names |= {f"oruk_{k}": v for k, v in MeiliOrukIndex(meili.url, prefix=prefix).names.items()}
    return _documents(meili.url, meili.master_key, names)


def _went_back(seen: list[Seen]) -> list[tuple[Seen, Seen]]:
    """Searches that showed a service under an older name than a search finished before
    they began had shown (a projector writing documents from old events)."""
    by_service: dict[str, list[Seen]] = {}
    for s in seen:
        by_service.setdefault(s.service, []).append(s)
    return [
        (earlier, later)
        for searches in by_service.values()
        for later in searches
        for earlier in searches
        if earlier.ended < later.started and later.rank < earlier.rank
    ]


def test_web_processes_and_projectors_survive_kill_9_under_load_and_search_equals_a_rebuild(
    postgres_env: dict[str, str], tmp_path: Path, meili_server: Any
) -> None:
    quick = {"SIGNPOST_SEMANTIC_SEARCH": "0", "SIGNPOST_POLL_INTERVAL": "0.02"}
    settings = settings_for({**postgres_env, **quick}, str(tmp_path / "test"), meili_server)
    prefix = settings.meili_index_prefix
    catalogue = build_catalogue(settings)  # the processes hold the connections from here on
    organisations, records = demo_records(SEEDED)
    sync_records(catalogue, organisations, records, actor="test")
    first = catalogue.find_by_external_id("organisation", organisations[0].external_id)
    catalogue.close()
    env = {
        **os.environ,
        **postgres_env,
        **quick,
        "MEILI_URL": meili_server.url,
        "MEILI_MASTER_KEY": meili_server.master_key,
        "MEILI_INDEX_PREFIX": prefix,
        "SIGNPOST_ADMIN_TOKEN": TOKEN,
        "SIGNPOST_DEMO_ON_EMPTY": "0",
        "SIGNPOST_SECURE_COOKIES": "0",
    }
    projectors = [
        Child(
            ["projections", "run", "--report-every", "1"],
            {**env, "SIGNPOST_DATA_DIR": str(tmp_path / f"projector{n}")},
            tmp_path / f"projector{n}.log",
        )
        for n in range(PROJECTORS)
    ]
    ports = [free_port() for _ in range(WEB)]
    webs = [
        Child(
            ["serve", "--no-demo", "--port", str(port)],
            {**env, "SIGNPOST_PROJECT": "0", "SIGNPOST_DATA_DIR": str(tmp_path / f"web{n}")},
            tmp_path / f"web{n}.log",
        )
        for n, port in enumerate(ports)
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for child, base in zip(webs, bases, strict=True):
            ready(child, base)
        until(lambda: _caught_up(bases[0]), what="the projectors to catch up with the seed")
        until(lambda: any(p.said(HOLDING) for p in projectors), what="a projector to hold")

        load = Load(bases, str(first))
        killed = asyncio.run(load.run(projectors, webs))
        survivor = next(p for p in projectors if p is not killed)
        until(lambda: survivor.said(HOLDING), timeout=30, what="the other projector to take over")
        until(lambda: _caught_up(bases[0]), timeout=60, what="the projections to catch up")
        connections = _connections(postgres_env["POSTGRES_DBNAME"])

        killed_at = load.killed[KILLED_WEB]
        failed = [
            s for s in load.sent if s.error and not (s.web == KILLED_WEB and s.ended >= killed_at)
        ]
        assert not failed, f"requests failed outside the kill window: {failed[:5]}"
        assert any(s.error for s in load.sent if s.web == KILLED_WEB), "the kill was noticed"
        for web in range(WEB):
            writes = [s for s in load.sent if s.web == web and s.what.startswith(("POST", "PATCH"))]
            searches = [s for s in load.sent if s.web == web and "search" in s.what and not s.error]
            assert len([s for s in writes if not s.error]) >= 5, f"writes through web {web}"
            assert len(searches) >= 5, f"searches through web {web}"
        assert any(
            s.started > killed_at and s.what.startswith("PATCH") and not s.error for s in load.sent
        ), "writes went on after both kills"
        assert load.seen, "searches found the written services"
        assert not _went_back(load.seen), "search showed an older name after a newer one"

        assert len(load.health) >= WEB
        projecting = [
            (web, name) for web, p in load.health for name, s in p.items() if s.get("holds_lock")
        ]
        assert not projecting, f"web processes applied projections: {projecting}"
        assert sum(p.said(HOLDING) for p in projectors) == 2, "one held, then the other"
        for p in projectors:
            assert not p.said("already recorded"), "no projector re-applied recorded events"

        with httpx.Client(base_url=bases[0]) as client:
            for w in load.written.values():
                service = client.get(f"/api/services/{w.id}").json()
                assert service["name"] in {w.name, w.unsure}, "every accepted write is kept"
                hits = client.get("/api/search", params={"q": w.token}).json()["hits"]
                assert service["name"] in [h["name"] for h in hits if h["id"] == w.id]

        assert survivor.end(signal.SIGTERM) == 0, "a projector stops cleanly on SIGTERM"
        for n, child in enumerate(webs):
            if n != KILLED_WEB:
                # uvicorn shuts down gracefully, then lets the signal end the process
                assert child.end(signal.SIGTERM) == -signal.SIGTERM, "a web process stops"
    finally:
        for child in (*projectors, *webs):
            child.end(signal.SIGKILL)

    live = _every_index(prefix, meili_server)
    clean = build_runtime(
        settings_for({**postgres_env, **quick}, str(tmp_path / "clean"), meili_server)
    )
    try:
        clean.start(follow=False)
        rebuild(clean.catalogue, clean.index)
        rebuild_oruk(clean.catalogue, clean.oruk_index)
        rebuilt = _every_index(clean.settings.meili_index_prefix, meili_server)
        # a create sent as its web process was killed may have been applied: counted if found
        cut_off = [d for d in live["public"].values() if any(t in d["name"] for t in load.unsure)]
        assert len(cut_off) <= len(load.unsure)
        assert len(live["public"]) == SEEDED + len(load.written) + len(cut_off)
        assert len(live["oruk_services"]) == SEEDED + len(load.written) + len(cut_off)
        for kind in rebuilt:
            assert live[kind] == rebuilt[kind], f"the {kind} index equals a clean rebuild"
    finally:
        clean.close()
        for name in (prefix, clean.settings.meili_index_prefix):
            MeiliSearchIndex(meili_server.url, meili_server.master_key, name).drop()
            MeiliOrukIndex(meili_server.url, meili_server.master_key, name).drop()
    print(
        f"\n  {len(load.sent)} requests through {WEB} web processes; {len(load.written)}"
        f" services registered and renamed {sum(w.renames for w in load.written.values())}"
        f" times; {sum(1 for s in load.sent if s.error)} failed, all to the killed web process"
        f" after its kill; {connections} PostgreSQL connections held by the processes"
    )


def _connections(database: str) -> int:
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:  # type: ignore[arg-type]
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchone()
    return int(row[0]) if row else 0
