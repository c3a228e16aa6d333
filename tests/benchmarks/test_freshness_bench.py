"""`make bench`: freshness (write accepted -> visible in search) with a dedicated projector, where
its time goes, and a rebuild of the search read model against bulk indexing.

The production shape on one machine: `signpost serve` as a web process only
(`SIGNPOST_PROJECT=0`), `signpost projections run` as the projector, one Meilisearch. Figures are
printed, never asserted.

The catalogue is the first BENCH_SERVICES (default 50,000) services of `demo_records(50000)`.
Embedding 50,000 service texts the first time takes half an hour or more on two cores, so their
vectors are kept in `var/bench/vectors.sqlite` across runs (filled by the first run, from the
real model); each run copies that cache into its own data directory. Every edit's text is new,
so each edit is embedded by the projector on its way to the index, as in production.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import numpy as np
import pytest

from projections.documents import public_document, staff_document
from search.documents import EMBEDDER, ServiceDocument, StaffServiceDocument, embedding_text
from search.embedding import MiniLMEmbedder, text_key
from search.meili import MeiliSearchIndex
from search.server import MeilisearchServer, free_port
from search.vector_cache import CachedEmbedder, SqliteVectorCache
from services.catalogue.demo import demo_records
from services.catalogue.domain import Service
from services.runtime import build_runtime
from services.settings import Settings
from tests.benchmarks.timing import percentile

pytestmark = pytest.mark.benchmark
ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = 50_000  # the bench's services are a prefix of demo_records(CATALOGUE)
SERVICES = min(CATALOGUE, int(os.environ.get("BENCH_SERVICES", str(CATALOGUE))))
# "model" (default): the catalogue's vectors are the real model's, from the cache below.
# "synthetic": seeded random unit vectors stand in for the catalogue's (never for an edit's, which
# the projector embeds with the model), so 50,000 services can be measured where embedding them
# all (half an hour or more of the whole machine) cannot be afforded; the output says so.
CATALOGUE_VECTORS = os.environ.get("BENCH_CATALOGUE_VECTORS", "model")
EDITS = int(os.environ.get("BENCH_EDITS", "50"))  # per way of editing (isolated, back to back)
VECTORS = ROOT / "var" / "bench" / "vectors.sqlite"
BENCH = "bench"


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    return f"p50 {statistics.median(values):6.0f} ms  p95 {percentile(values, 95):6.0f} ms"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def _cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process has used: unlike wall time, the same on a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _when(stamp: str) -> float:
    """A Meilisearch task time (RFC 3339, nanoseconds, UTC) as a Unix time."""
    whole, _, fraction = stamp.rstrip("Z").partition(".")
    return dt.datetime.fromisoformat(whole).replace(tzinfo=dt.UTC).timestamp() + float(
        f"0.{fraction or 0}"
    )


def _documents(
    services: int,
) -> tuple[list[Any], list[Any], list[ServiceDocument], list[StaffServiceDocument]]:
    """The bench's organisations and services, and their documents (built once, in memory)."""
    organisations, records = demo_records(CATALOGUE)
    records = records[:services]
    used = {r.organisation_external_id for r in records}
    organisations = [o for o in organisations if o.external_id in used]
    names = {o.external_id: o.details.name for o in organisations}
    public, staff = [], []
    for r in records:
        service = Service.register(uuid4(), r.details, id=uuid4(), actor=BENCH)
        for location in r.locations:
            service.add_location(location, actor=BENCH)
        service.categorise(r.categories, actor=BENCH)
        service.set_schedules(r.schedules, actor=BENCH)
        public.append(public_document(service, names[r.organisation_external_id]))
        staff.append(staff_document(service, names[r.organisation_external_id]))
    return organisations, records, public, staff


def _catalogue_vectors(public: list[ServiceDocument], staff: list[StaffServiceDocument]) -> None:
    """Gives the documents their vectors from the bench's persistent cache, embedding (and
    keeping) the texts it does not hold yet."""
    cache = SqliteVectorCache(VECTORS)
    vectors = CachedEmbedder(MiniLMEmbedder(threads=os.cpu_count() or 1), cache)
    t = time.perf_counter()
    texts = [embedding_text(doc) for doc in public]
    for start in range(0, len(texts), 1000):  # a thousand at a time: an interrupted fill keeps
        chunk = vectors.embed(texts[start : start + 1000])
        for at, vector in enumerate(chunk, start):
            public[at]._vectors = staff[at]._vectors = {EMBEDDER: vector}
    cache.close()
    print(
        f"catalogue vectors: {vectors.reused} found in {VECTORS.relative_to(ROOT)} (kept across runs), "
        f"{vectors.computed} embedded now by the model in {time.perf_counter() - t:.0f} s"
    )


def _synthetic_vectors(
    public: list[ServiceDocument], staff: list[StaffServiceDocument], target: Path
) -> None:
    """Seeded random unit vectors for the catalogue's texts, written to the run's own vector
    cache (never to the persistent one) so the projector finds them as it would the model's."""
    rng = np.random.default_rng(50_000)
    matrix = rng.standard_normal((len(public), MiniLMEmbedder.dimensions)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    cache = SqliteVectorCache(target)
    keys = {}
    for at, doc in enumerate(public):
        vector = matrix[at].tolist()
        public[at]._vectors = staff[at]._vectors = {EMBEDDER: vector}
        keys[text_key(MiniLMEmbedder.model_id, embedding_text(doc))] = vector
    cache.put_many(keys)
    cache.close()
    print(
        f"catalogue vectors: SYNTHETIC, {len(public)} seeded random unit vectors, not the model's "
        "(BENCH_CATALOGUE_VECTORS=synthetic); every edit is still embedded by the model"
    )


def _copy_cache(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source, copy = sqlite3.connect(VECTORS), sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()


def _child(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "services.cli", *args],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _rebuild_seconds(env: dict[str, str], log: Path) -> float:
    t = time.perf_counter()
    child = _child(["projections", "rebuild", "--only", "search"], env, log)
    assert child.wait() == 0, f"the rebuild failed: see {log}"
    return time.perf_counter() - t


def _bulk_seconds(
    url: str,
    key: str,
    public: list[ServiceDocument],
    staff: list[StaffServiceDocument],
    vector_store: str,
) -> float:
    """The same documents with their vectors straight into fresh indexes (on the same vector
    store), 5,000 a request."""
    bulk = MeiliSearchIndex(
        url, key, prefix="bulk", dimensions=MiniLMEmbedder.dimensions, vector_store=vector_store
    )
    bulk.prepare()
    t = time.perf_counter()
    for start in range(0, len(public), 5000):
        bulk.upsert(public[start : start + 5000], staff[start : start + 5000])
    seconds = time.perf_counter() - t
    bulk.drop()
    bulk.close()
    return seconds


class Tasks:
    """Meilisearch's own record of its tasks and batches (GET /tasks, /batches)."""

    def __init__(self, url: str, key: str) -> None:
        self.http = httpx.Client(
            base_url=url,
            headers={"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"},
            timeout=60,
        )

    def since(self, moment: float) -> list[dict[str, Any]]:
        """Every task enqueued after `moment`, oldest first."""
        after = dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        found: list[dict[str, Any]] = []
        params: dict[str, Any] = {"afterEnqueuedAt": after, "limit": 1000}
        while True:
            page = self.http.get("/tasks", params=params).json()
            found += page["results"]
            if page.get("next") is None:
                return sorted(found, key=lambda task: task["uid"])
            params["from"] = page["next"]

    def idle(self) -> bool:
        page = self.http.get("/tasks", params={"statuses": "enqueued,processing", "limit": 1})
        return not page.json()["results"]

    def trace(self, batch: int) -> dict[str, float]:
        """Milliseconds per step of one batch (its `progressTrace`)."""
        steps = self.http.get(f"/batches/{batch}").json().get("stats", {}).get("progressTrace", {})
        return {step: _ms(text) for step, text in steps.items()}

    def close(self) -> None:
        self.http.close()


def _ms(text: str) -> float:
    for unit, scale in (("µs", 0.001), ("ms", 1.0), ("ns", 1e-6), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return 0.0


def _wait_until_caught_up(base: str, timeout: float = 3600.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            projections = httpx.get(f"{base}/health", timeout=10).json()["projections"]
            if all(projections[name]["lag"] == 0 for name in ("search", "oruk")):
                return dict(projections)
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        time.sleep(1)
    raise AssertionError("the projector did not catch up")


def _edits(
    client: httpx.Client,
    reader: httpx.Client,
    service: dict[str, Any],
    tasks: Tasks,
    count: int,
    isolated: bool,
) -> list[dict[str, float]]:
    """`count` edits of the probe's description, each timed from the write accepted until a
    search for its new word finds the probe with that word as its summary (a search finds a
    service by meaning too, so a hit alone would not say). Isolated: each edit waits until
    Meilisearch has no task left from the one before (the ORUK feed's included) and a moment
    more; back to back: each edit follows as soon as the one before is visible. `reader` asks
    anonymously, so it searches the families' (public) index."""
    rng = random.Random(11)
    timings = []
    for i in range(count):
        if isolated:
            while not tasks.idle():
                time.sleep(0.05)
            time.sleep(rng.uniform(0.1, 0.3))
        word = f"zq{i}x{secrets.token_hex(3)}"
        response = client.patch(
            f"/api/services/{service['id']}",
            json={"expected_version": service["version"], "description": word},
        )
        accepted = time.time()
        service["version"] = response.json()["version"]
        while True:
            asked = time.time()
            hits = reader.get("/api/search", params={"q": word}).json()["hits"]
            if any(hit["id"] == service["id"] and hit["summary"] == word for hit in hits):
                break
            time.sleep(0.005)
        timings.append({"accepted": accepted, "asked": asked, "visible": time.time()})
    return timings


def _breakdown(
    title: str, timings: list[dict[str, float]], tasks: Tasks, public_index: str
) -> None:
    """Freshness, and for each edit where its time went, from Meilisearch's task records."""
    end = timings[-1]["visible"]
    every = [
        t for t in tasks.since(timings[0]["accepted"] - 0.001) if _when(t["enqueuedAt"]) <= end
    ]
    for task in every:
        for field in ("enqueuedAt", "startedAt", "finishedAt"):
            task[field] = _when(task[field]) if task.get(field) else None
    public = [
        t
        for t in every
        if t["indexUid"] == public_index and t["type"] == "documentAdditionOrUpdate"
    ]
    to_enqueue, queued, processing, to_ask, answer, total = [], [], [], [], [], []
    ahead: Counter[str] = Counter()
    batches = []
    for timing in timings:
        task = next(t for t in public if t["enqueuedAt"] >= timing["accepted"] - 0.001)
        total.append((timing["visible"] - timing["accepted"]) * 1000)
        to_enqueue.append((task["enqueuedAt"] - timing["accepted"]) * 1000)
        queued.append((task["startedAt"] - task["enqueuedAt"]) * 1000)
        processing.append((task["finishedAt"] - task["startedAt"]) * 1000)
        to_ask.append(max(0.0, timing["asked"] - task["finishedAt"]) * 1000)
        answer.append((timing["visible"] - timing["asked"]) * 1000)
        batches.append(task["batchUid"])
        for other in every:  # what Meilisearch worked on while this task waited
            if (
                other["uid"] != task["uid"]
                and other["finishedAt"] is not None
                and other["finishedAt"] > task["enqueuedAt"]
                and other["startedAt"] < task["startedAt"]
            ):
                ahead[other["indexUid"]] += 1
    print(f"\n{title}: {len(timings)} edits, write accepted -> visible in /api/search")
    print(f"  freshness:                                            {_spread(total)}")
    print(f"  accepted -> public task enqueued (wake, read, embed): {_spread(to_enqueue)}")
    print(f"  public task waiting in Meilisearch's queue:           {_spread(queued)}")
    print(f"  public task processing (one document):                {_spread(processing)}")
    print(f"  processed -> the client's next search asked:          {_spread(to_ask)}")
    print(f"  that search's answer (/api/search, query embedded):   {_spread(answer)}")
    waited = ", ".join(f"{index} {n / len(timings):.2f}" for index, n in ahead.most_common())
    print(f"  tasks processed ahead of it, per edit: {waited or 'none'}")
    by_index: dict[str, list[float]] = {}
    for task in every:
        if task["finishedAt"] is not None and task["startedAt"] is not None:
            duration = (task["finishedAt"] - task["startedAt"]) * 1000
            by_index.setdefault(f"{task['indexUid']} ({task['type']})", []).append(duration)
    print("  Meilisearch task processing per index over the same edits:")
    for name, durations in sorted(by_index.items()):
        print(f"    {name:62s} {len(durations):4d} tasks  {_spread(durations)}")
    steps: dict[str, list[float]] = {}
    for batch in dict.fromkeys(batches):
        for step, ms in tasks.trace(batch).items():
            steps.setdefault(step, []).append(ms)
    whole = steps.get("processing tasks", [0.0])
    parts = {
        s: v for s, v in steps.items() if s.count(" > ") == 2
    }  # "processing tasks > indexing > x"
    print(
        f"  inside the public task (Meilisearch's progress trace): whole p50 {statistics.median(whole):.0f} ms;"
        " its largest steps (median ms):"
    )
    for step, spent in sorted(parts.items(), key=lambda kv: -statistics.median(kv[1]))[:6]:
        print(f"    {statistics.median(spent):7.1f}  {step.removeprefix('processing tasks > ')}")


def _embedding_one_text(public: list[ServiceDocument]) -> None:
    model = MiniLMEmbedder()
    times = []
    for doc in public[:40]:
        t = time.perf_counter()
        model.embed([embedding_text(doc) + " zq1x2"])
        times.append((time.perf_counter() - t) * 1000)
    print(f"embedding one edited service's text (one thread): {_spread(times)}")


def test_freshness_and_rebuild(tmp_path: Path) -> None:
    assert CATALOGUE_VECTORS in ("model", "synthetic"), (
        f"BENCH_CATALOGUE_VECTORS={CATALOGUE_VECTORS!r}: model or synthetic"
    )
    key = secrets.token_urlsafe(24)
    meili = MeilisearchServer(tmp_path / "meili", key, project_root=ROOT, port=free_port())
    meili.start()
    data = tmp_path / "data"
    env = {
        "SIGNPOST_DATA_DIR": str(data),
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": key,
        "SIGNPOST_ADMIN_TOKEN": BENCH,
        "SIGNPOST_DEMO_ON_EMPTY": "0",
        "SIGNPOST_PROJECT": "0",
        "SIGNPOST_VECTOR_STORE": os.environ.get("SIGNPOST_VECTOR_STORE", "experimental"),
    }
    settings = Settings.from_env(env)
    print(
        f"\nfreshness and rebuild: {SERVICES} services, SQLite event store, Meilisearch 1.21.0 "
        f"({settings.vector_store} vector store), a web process and a dedicated projector "
        f"(polling every {settings.poll_interval * 1000:.0f} ms); {_load()}"
    )
    children: list[subprocess.Popen[bytes]] = []
    tasks = Tasks(meili.url, key)
    try:
        organisations, records, public, staff = _documents(SERVICES)
        if CATALOGUE_VECTORS == "synthetic":
            _synthetic_vectors(public, staff, data / "vectors.sqlite")
        else:
            _catalogue_vectors(public, staff)
            _copy_cache(data / "vectors.sqlite")
        runtime = build_runtime(settings)
        runtime.start(follow=False)
        t = time.perf_counter()
        ids = {
            o.external_id: runtime.catalogue.register_organisation(o.details, actor=BENCH)
            for o in organisations
        }
        for r in records:
            runtime.catalogue.register_service(
                ids[r.organisation_external_id],
                r.details,
                actor=BENCH,
                categories=r.categories,
                locations=r.locations,
                schedules=r.schedules,
            )
        events = runtime.runner.head()
        print(f"wrote {events} events in {time.perf_counter() - t:.0f} s")
        runtime.close()

        # -- rebuild against bulk indexing --------------------------------------------------
        rebuild_s = _rebuild_seconds(env, tmp_path / "rebuild.log")
        bulk_s = _bulk_seconds(meili.url, key, public, staff, settings.vector_store)
        print(
            f"rebuild of the search read model (`projections rebuild --only search`, whole command, "
            f"every vector in the cache): {rebuild_s:.1f} s; bulk-indexing the same documents with "
            f"their vectors straight into Meilisearch: {bulk_s:.1f} s; ratio {rebuild_s / bulk_s:.2f}x"
        )
        _embedding_one_text(public)

        # -- a dedicated projector and a web process ---------------------------------------
        t = time.perf_counter()
        children.append(_child(["projections", "run"], env, tmp_path / "projector.log"))
        port = free_port()
        serve = ["serve", "--no-demo", "--port", str(port)]
        children.append(_child(serve, env, tmp_path / "serve.log"))
        base = f"http://127.0.0.1:{port}"
        _wait_until_caught_up(base)
        print(
            f"the projector took in the whole catalogue (search and ORUK feed) in "
            f"{time.perf_counter() - t:.0f} s from its start"
        )
        while not tasks.idle():
            time.sleep(0.1)

        public_index = f"{settings.meili_index_prefix}_services_public"
        headers = {"Authorization": f"Bearer {BENCH}", "Accept-Encoding": "identity"}
        with (
            httpx.Client(base_url=base, headers=headers, timeout=60) as client,
            httpx.Client(
                base_url=base, headers={"Accept-Encoding": "identity"}, timeout=60
            ) as reader,
        ):
            organisation = client.post("/api/organisations", json={"name": "Freshness Trust"})
            service = client.post(
                "/api/services",
                json={"organisation_id": organisation.json()["id"], "name": "Freshness probe"},
            ).json()
            print(f"before the edits: {_load()}")
            assert meili.process is not None
            pids = {"Meilisearch": meili.process.pid, "projector": children[0].pid}
            pids["web process"] = children[1].pid

            def cpu() -> dict[str, float]:
                return {name: _cpu_ms(pid) for name, pid in pids.items()}

            def per(before: dict[str, float], after: dict[str, float], n: float, unit: str) -> str:
                return ", ".join(f"{k} {(after[k] - before[k]) / n:.0f} ms{unit}" for k in pids)

            while not tasks.idle():  # the probe's own documents first
                time.sleep(0.1)
            at = cpu()
            time.sleep(10)
            idle = cpu()
            print(f"CPU while nothing is written (10 s): {per(at, idle, 10, '/s')}")
            isolated = _edits(client, reader, service, tasks, EDITS, isolated=True)
            middle = cpu()
            back_to_back = _edits(client, reader, service, tasks, EDITS, isolated=False)
            end = cpu()
        _breakdown(
            "isolated edits (each once the one before had left Meilisearch's queue)",
            isolated,
            tasks,
            public_index,
        )
        _breakdown(
            "back-to-back edits (each as soon as the one before was visible)",
            back_to_back,
            tasks,
            public_index,
        )
        print(
            f"\nCPU per edit (user + system, the same however busy the machine; the client's "
            f"polling searches count in the web process's): isolated {per(idle, middle, EDITS, '')}; "
            f"back to back {per(middle, end, EDITS, '')}"
        )
        print(f"after the edits: {_load()}")
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(30)
        tasks.close()
        meili.stop()
