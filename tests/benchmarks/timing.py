"""What the benchmarks share: a call's time in milliseconds, percentiles, concurrent clients for a
while, and the p50/p95 words their reports print. Figures are printed, never asserted."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

Send = Callable[[], Awaitable[Any]]


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile `p` (0 to 100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def timed(send: Send) -> float:
    """How long one awaited call takes, in milliseconds."""
    t = time.perf_counter()
    await send()
    return (time.perf_counter() - t) * 1000


def timed_call(call: Callable[[], Any]) -> float:
    """How long one blocking call takes, in milliseconds."""
    t = time.perf_counter()
    call()
    return (time.perf_counter() - t) * 1000


async def load(
    send: Send, clients: int, seconds: float, warmup: int = 50
) -> tuple[list[float], float]:
    """`warmup` calls, then `clients` concurrent clients calling for `seconds`: each call's
    latency (ms) and the calls a second."""
    for _ in range(warmup):
        await send()
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            latencies.append(await timed(send))

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, len(latencies) / (time.perf_counter() - started)


def latency(ms: list[float], width: int = 7, gap: str = "  ") -> str:
    """ "p50 12.34 ms  p95 56.78 ms", each figure `width` characters wide."""
    return f"p50 {statistics.median(ms):{width}.2f} ms{gap}p95 {percentile(ms, 95):{width}.2f} ms"


def against(ms: list[float], base: list[float]) -> str:
    """ "p50 1.20x, p95 1.35x": the latencies as multiples of a baseline's."""
    p50 = statistics.median(ms) / statistics.median(base)
    return f"p50 {p50:.2f}x, p95 {percentile(ms, 95) / percentile(base, 95):.2f}x"
