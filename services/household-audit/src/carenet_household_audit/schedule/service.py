"""The monthly schedule (每月抽查) run inside the service: draws last month's samplings on the 1st, publishes commitments, purges.

Safe with several replicas: each tick takes a try-advisory-lock, so only one replica works at a
time; the per-county-month draw lock and the (county, month) unique constraint make a second draw
impossible even if two got through. A replica that was down on the 1st catches up at its next tick.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

import structlog
from carenet_core import clock
from carenet_core.db import Database
from carenet_core.errors import Conflict
from fastapi import FastAPI
from sqlalchemy import select

from ..config import Settings
from ..querylogs.partitions import ensure_partitions
from ..retention.service import purge_expired
from ..sampling.models import Sampling
from ..sampling.rules import local_date, month_of, next_month, previous_month
from ..sampling.seeds import ensure_seeds
from ..sampling.service import draw_sampling, materialize_later
from ..units.models import Unit

log = structlog.get_logger("carenet.household_audit.scheduler")


async def run_scheduler_once(db: Database, settings: Settings, *, now: datetime | None = None) -> list[str]:
    """One tick: draw last month for every county with units that has none; returns the sampling ids drawn."""
    now = now or clock.now()
    current = month_of(now)
    last = previous_month(current)
    drawn: list[str] = []
    async with db.transaction() as session:
        if not await db.advisory_lock(session, "monthly_sampling_scheduler"):
            return drawn
        counties = set((await session.scalars(select(Unit.county).distinct())).all())
        done = set((await session.scalars(select(Sampling.county).where(Sampling.month == last))).all())
        for county in sorted(counties - done):
            try:
                async with session.begin_nested():
                    s = await draw_sampling(
                        session=session,
                        county=county,
                        month=last,
                        settings=settings,
                        actor="scheduler",
                        trigger="scheduler",
                        now=now,
                    )
                drawn.append(str(s.id))
                log.info("sampling_drawn", county=county, month=last, sampling_id=str(s.id))
            except Conflict:
                continue
        # Publish the commitments of this month and the next before their logs arrive.
        await ensure_seeds(session, {(c, m) for c in counties for m in (current, next_month(current))}, now=now)
    # this month's and the next month's query-log partitions, before their logs arrive
    await ensure_partitions(db, {current, next_month(current)})
    for sid in drawn:
        await materialize_later(db, uuid.UUID(sid))
    return drawn


async def run_retention_once(db: Database, settings: Settings, *, now: datetime | None = None) -> int:
    async with db.transaction() as session:
        if not await db.advisory_lock(session, "retention_purge"):
            return 0
        _, records = await purge_expired(session=session, settings=settings, now=now)
        return len(records)


async def scheduler(app: FastAPI) -> None:
    """Background job: a tick every `scheduler_interval_seconds`; the purge at most once a day per replica."""
    settings: Settings = app.state.settings
    db: Database = app.state.db
    purged_on = None
    while True:
        try:
            now = clock.now()
            await run_scheduler_once(db, settings, now=now)
            if settings.retention_enabled and purged_on != local_date(now):
                await run_retention_once(db, settings, now=now)
                purged_on = local_date(now)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("scheduler_tick_failed")
        await asyncio.sleep(settings.scheduler_interval_seconds)
