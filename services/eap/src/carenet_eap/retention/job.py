"""The background retention purge: once per interval, one replica at a time (advisory lock)."""

from __future__ import annotations

import asyncio

from carenet_core import clock
from carenet_core.db import Database
from fastapi import FastAPI

from . import service


async def retention_job(app: FastAPI) -> None:
    """Purge once per interval; one replica at a time (advisory lock)."""
    interval = app.state.settings.purge_interval_seconds
    if interval <= 0:
        return
    db: Database = app.state.db
    while True:
        try:
            async with db.transaction() as session:
                if await db.advisory_lock(session, "retention_purge"):
                    await service.purge_now(
                        session=session,
                        as_of=clock.today(),
                        default_years=app.state.settings.retention_years,
                        actor="system:retention",
                    )
        except asyncio.CancelledError:
            raise
        except Exception:  # the database may be restarting; try again next time
            pass
        await asyncio.sleep(interval)
