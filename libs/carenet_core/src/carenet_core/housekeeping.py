"""Housekeeping: nothing grows forever. One background job per service, one replica at a time.

Each tick (every `housekeeping_interval` seconds) takes the try-advisory-lock `housekeeping` — a
replica that does not get it skips the tick, as the schedulers in the services do — then deletes
idempotency keys older than `idempotency_ttl_days` and archives outbox rows every registered feed
consumer has passed (`carenet_core.outbox.archive_passed`). The access trail's rows are never touched
here — the law asks for them to be kept — but the replica that holds the lock creates the trail's
partitions of this month and the next two on PostgreSQL (`carenet_core.trail.ensure_trail_partitions`),
so a month's rows find their partition before the month begins.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog
from fastapi import FastAPI

from . import clock
from .db import Database
from .idempotency import sweep_expired_keys
from .outbox import archive_passed
from .settings import ServiceSettings
from .trail import ensure_trail_partitions

log = structlog.get_logger("carenet.housekeeping")


@dataclass(frozen=True)
class Swept:
    idempotency_keys: int
    outbox_events: int
    trail_partitions: set[str] = field(default_factory=set)  # months whose trail partition this tick created


async def sweep_once(db: Database, settings: ServiceSettings, *, now: datetime | None = None) -> Swept | None:
    """One tick under the lock; None when another replica holds it."""
    now = now or clock.now()
    async with db.transaction() as session:
        if not await db.advisory_lock(session, "housekeeping"):
            return None
        keys = await sweep_expired_keys(session, now=now, ttl=timedelta(days=settings.idempotency_ttl_days))
        events = await archive_passed(
            session,
            consumers=list(settings.outbox_consumers),
            before=now - timedelta(days=settings.outbox_archive_after_days),
        )
    # after the sweep's transaction: a partition is created in a short transaction of its own
    months = await ensure_trail_partitions(db, now=now)
    if keys or events:
        log.info("housekeeping_swept", idempotency_keys=keys, outbox_events=events)
    return Swept(keys, events, months)


async def housekeeper(app: FastAPI) -> None:
    """Background job: `sweep_once` every `housekeeping_interval` seconds (the first one soon after start)."""
    settings: ServiceSettings = app.state.settings
    db: Database = app.state.db
    await asyncio.sleep(min(60.0, settings.housekeeping_interval))
    while True:
        try:
            await sweep_once(db, settings)
        except asyncio.CancelledError:
            raise
        except Exception:  # the database may be restarting: the next tick tries again
            log.warning("housekeeping_failed", exc_info=True)
        await asyncio.sleep(settings.housekeeping_interval)
