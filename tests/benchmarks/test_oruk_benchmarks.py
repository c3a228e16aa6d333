"""`make bench`: the ORUK feed: projection catch-up, export, and /oruk latency vs raw Meilisearch.

Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from projections.oruk_export import encoded, oruk_services
from search.oruk import OrukQuery
from search.oruk_meili import oruk_search_request
from services.catalogue.demo import demo_records
from services.catalogue.sync import sync_records
from tests.e2e.conftest import serve
from tests.e2e.oruk_fixtures import oruk_caught_up
from tests.integration.helpers import settings_for

pytestmark = pytest.mark.benchmark
SERVICES = int(os.environ.get("BENCH_ORUK_SERVICES", "2000"))


def _timed(call: Callable[[], Any], n: int = 200) -> tuple[float, float]:
    for _ in range(20):
        call()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def test_oruk_feed_figures(tmp_path: Path, meili_server: Any) -> None:
    settings = settings_for({}, str(tmp_path), meili_server)
    serving = serve(settings)
    served = next(serving)
    try:
        runtime = served.runtime
        runtime.oruk_runner.stop()
        print(f"\n  (ORUK runner batch size {runtime.oruk_runner.batch_size} events)")
        organisations, records = demo_records(services=SERVICES)
        sync_records(runtime.catalogue, organisations, records, actor="bench")
        events = runtime.runner.head()
        started = time.perf_counter()
        runtime.oruk_runner.catch_up()
        projected = time.perf_counter() - started
        runtime.oruk_runner.start()
        oruk_caught_up(served)

        started = time.perf_counter()
        services = oruk_services(runtime.catalogue)
        size = sum(len(chunk) for chunk in encoded(services, "ndjson"))
        exported = time.perf_counter() - started

        meili = runtime.oruk_index.meili  # type: ignore[attr-defined]
        names = runtime.oruk_index.names  # type: ignore[attr-defined]
        raw = httpx.Client(base_url=meili.url, headers=meili._headers)
        query = OrukQuery(minimum_age=5, day="MO", per_page=50)
        listing = {"minimum_age": "5", "day": "MO", "per_page": "50"}
        near = {"postcode": "E15", "proximity": "3000", "per_page": "50"}
        rows = [
            (
                "/oruk/services?minimum_age=5&day=MO",
                _timed(lambda: served.http.get("/oruk/services", params=listing)),
                _timed(
                    lambda: raw.post(
                        f"/indexes/{names['services']}/search", json=oruk_search_request(query)
                    )
                ),
            ),
            (
                "/oruk/service_at_locations?postcode=E15&proximity=3000",
                _timed(lambda: served.http.get("/oruk/service_at_locations", params=near)),
                None,
            ),
            (
                "/oruk/services/{id}",
                _timed(lambda: served.http.get(f"/oruk/services/{services[7]['id']}")),
                None,
            ),
        ]
        raw.close()
        print(f"\nORUK feed at {SERVICES} services ({events} events)")
        print(
            f"  projection catch-up into Meilisearch: {projected:.1f} s "
            f"({events / projected:,.0f} events/s, {SERVICES / projected:,.0f} services/s)"
        )
        print(f"  export (replay in memory + encode ndjson): {exported:.1f} s, {size / 1e6:.1f} MB")
        for label, (p50, p95), baseline in rows:
            line = f"  {label}: p50 {p50:.2f} ms, p95 {p95:.2f} ms (1 client)"
            if baseline:
                line += f"; raw Meilisearch p50 {baseline[0]:.2f} ms ({p50 / baseline[0]:.2f}x)"
            print(line)
    finally:
        serving.close()
