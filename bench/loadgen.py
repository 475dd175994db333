"""A bounded load generator on loopback: N requests at a fixed concurrency, latencies recorded."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

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
) -> LoadResult:
    """Send `requests` requests with `concurrency` in flight; every non-2xx counts as an error."""
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        for _ in range(warmup):
            async with session.request(method, url, json=json_body) as r:
                await r.read()
        latencies: list[float] = []
        errors = 0
        remaining = requests

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                t0 = time.perf_counter()
                async with session.request(method, url, json=json_body) as r:
                    await r.read()
                    if r.status >= 300:
                        errors += 1
                latencies.append((time.perf_counter() - t0) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return LoadResult(requests, errors, time.perf_counter() - started, latencies)
