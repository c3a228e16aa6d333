"""`make bench`: search quality on the judgment set (tests/data/judgments.toml), mode by mode.

The demo catalogue and the Bristol and North Lincolnshire feeds are imported into one catalogue,
projected into a real Meilisearch, and every judgment is searched with no postcode (the whole
catalogue). Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import functools
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from search.engine import SearchEngine
from search.port import SearchPage, SearchQuery
from services.catalogue.sync import sync_records
from services.runtime import Runtime, build_runtime
from tests.benchmarks.timing import percentile
from tests.integration.helpers import settings_for
from tests.judgments import CORPORA, Judgment, K, Report, corpus_records, load_judgments, score

pytestmark = pytest.mark.benchmark

Search = Callable[[SearchQuery], Awaitable[SearchPage]]


def engines(runtime: Runtime) -> dict[str, Search]:
    """The search modes compared, by column title: each takes a SearchQuery and gives a page.

    "words as typed" is the index alone (the search before the engine); "keyword-only" is the
    engine without the model (the words read for need: what runs with SIGNPOST_SEMANTIC_SEARCH=0);
    "hybrid" is the engine as it runs.
    """
    modes: dict[str, Search] = {
        "words as typed": functools.partial(runtime.index.search, "public"),
        "keyword-only": functools.partial(SearchEngine(runtime.index).search, "public"),
        "hybrid": functools.partial(runtime.search.search, "public"),
    }
    tuning = os.environ.get("BENCH_HYBRID_TUNING", "")  # "ratio:min_score,..." to compare
    for pair in filter(None, tuning.split(",")):
        ratio, min_score = map(float, pair.split(":"))
        engine = SearchEngine(
            runtime.index, runtime.vectors, semantic_ratio=ratio, min_score=min_score
        )
        modes[f"hybrid {ratio}/{min_score}"] = functools.partial(engine.search, "public")
    return modes


# -------------------------------------------------------------------------------------------------


async def _run(
    runtime: Runtime, search: Search, judgments: list[Judgment]
) -> tuple[dict[str, list[dict[str, Any]]], list[float]]:
    """Every judgment's first K results as whole documents (a card lacks the categories the
    rules may read), and each search's latency in ms."""
    documents: dict[str, dict[str, Any]] = {}
    results: dict[str, list[dict[str, Any]]] = {}
    latencies: list[float] = []
    for j in judgments:
        started = time.perf_counter()
        page = await search(SearchQuery(text=j.query, per_page=K, cards=True))
        latencies.append((time.perf_counter() - started) * 1000)
        docs = []
        for hit in page.hits[:K]:
            if hit.id not in documents:
                documents[hit.id] = runtime.index.get("public", hit.id) or {}
            docs.append({**documents[hit.id], **hit.document, "id": hit.id, "name": hit.name})
        results[j.query] = docs
    return results, latencies


def _print(reports: dict[str, Report], latencies: dict[str, list[float]]) -> None:
    modes = list(reports)
    first = reports[modes[0]]

    def row(label: str, cells: Sequence[object]) -> None:
        print(f"  {label:36s}" + "".join(f"{cell!s:>22s}" for cell in cells))

    row("", modes)
    row(f"need queries, hits@{K}", [reports[m].needs for m in modes])
    for voice in first.by_voice:
        row(f"  {voice}", [reports[m].by_voice[voice] for m in modes])
    for corpus in first.by_corpus:
        row(f"  written from {corpus}", [reports[m].by_corpus[corpus] for m in modes])
    row("name queries, named service first", [reports[m].names for m in modes])
    row(f"all judgments (need@{K}, name@1)", [reports[m].overall for m in modes])
    row(
        "latency p50 / p95 (ms)",
        [
            f"{statistics.median(latencies[m]):.1f} / {percentile(latencies[m], 95):.1f}"
            for m in modes
        ],
    )
    for mode, report in reports.items():
        print(f"\n  misses, {mode} ({len(report.misses)}):")
        for miss in report.misses:
            tag = f"{miss.kind}/{miss.voice}/{miss.corpus}"
            shown = " | ".join(miss.shown) if miss.shown else "(nothing found)"
            print(f"    [{tag}] {miss.query!r} -> {shown}")


def test_search_quality_on_the_judgment_set(tmp_path: Path, meili_server: Any) -> None:
    judgments = load_judgments()
    runtime = build_runtime(settings_for({}, str(tmp_path / "data"), meili_server))
    try:
        runtime.start(follow=False)
        started = time.perf_counter()
        counts: dict[str, int] = {}
        for corpus in CORPORA:
            organisations, records = corpus_records(corpus)
            summary = sync_records(runtime.catalogue, organisations, records, actor="bench")
            assert not summary.rejected, summary.render()
            counts[corpus] = len(records)
        written = time.perf_counter() - started
        events = runtime.runner.catch_up()
        projected = time.perf_counter() - started - written
        needs = sum(j.kind == "need" for j in judgments)
        print(
            f"\nsearch quality: {len(judgments)} judgments ({needs} need, {len(judgments) - needs} name) "
            f"over {sum(counts.values())} services ({', '.join(f'{c} {n}' for c, n in counts.items())}), "
            f"public index, no postcode"
        )
        print(
            f"  setup: import {written:.1f} s, projection of {events} events into Meilisearch {projected:.1f} s, "
            f"{runtime.index.count('public')} documents searchable"
        )
        reports: dict[str, Report] = {}
        latencies: dict[str, list[float]] = {}
        for mode, search in engines(runtime).items():
            results, latencies[mode] = asyncio.run(_run(runtime, search, judgments))
            reports[mode] = score(results, judgments)
        _print(reports, latencies)
    finally:
        runtime.close()
