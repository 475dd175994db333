"""A bounded load generator on loopback: N requests at a fixed concurrency, latencies recorded."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else float("nan")


async def hammer(
    url: str,
    *,
    headers: dict[str, str],
    concurrency: int,
    requests: int,
    method: str = "GET",
    json_body: object | None = None,
    warmup: int = 20,
    url_for: Callable[[int], str] | None = None,
    body_for: Callable[[int], object] | None = None,
) -> LoadResult:
    """Send `requests` requests with `concurrency` in flight; every non-2xx counts as an error.

    `url_for(i)` / `body_for(i)`, when given, make request i's URL and JSON body (warm-up requests
    count from -warmup), so a write can send a new visit each time."""
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        def request(i: int) -> Any:
            return session.request(method, url_for(i) if url_for else url, json=body_for(i) if body_for else json_body)

        for i in range(-warmup, 0):
            async with request(i) as r:
                await r.read()
        latencies: list[float] = []
        errors = 0
        remaining = requests

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                t0 = time.perf_counter()
                async with request(requests - remaining - 1) as r:
                    await r.read()
                    if r.status >= 300:
                        errors += 1
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return LoadResult(requests, errors, time.perf_counter() - started, latencies)
