"""Shared by the scorecard and feed catch-up benchmarks: case-mgmt's outbox filled database-side,
then indicators' real feed consumer follows it over HTTP; progress and memory sampled meanwhile."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import asyncpg
from common import rss_mb

FEED_NAME = "case-mgmt"


@dataclass
class CatchUp:
    events: int
    seconds: float  # from the first event applied to the last
    samples: list[tuple[float, int, float]] = field(default_factory=list)  # (t, position, rss MiB)

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else float("inf")


async def follow(db_url: str, *, last_seq: int, pid: int, limit_s: float, every: float = 0.25) -> CatchUp:
    """Wait until indicators' cursor on case-mgmt's feed reaches `last_seq`, sampling as it goes."""
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "indicators"})
    try:
        started = time.perf_counter()
        samples: list[tuple[float, int, float]] = []
        while True:
            pos = await conn.fetchval("SELECT position FROM feed_cursors WHERE name = $1", FEED_NAME) or 0
            t = time.perf_counter() - started
            samples.append((t, pos, rss_mb(pid)))
            if pos >= last_seq:
                break
            if t > limit_s:
                raise TimeoutError(f"indicators reached seq {pos} of {last_seq} in {limit_s:.0f} s")
            await asyncio.sleep(every)
    finally:
        await conn.close()
    moving = [s for s in samples if s[1] > samples[0][1]]
    if len(moving) >= 3:  # rate between the first and last page seen committed
        first, last = moving[0], moving[-1]
        return CatchUp(events=last[1] - first[1], seconds=last[0] - first[0], samples=samples)
    return CatchUp(events=last_seq - samples[0][1], seconds=samples[-1][0], samples=samples)
