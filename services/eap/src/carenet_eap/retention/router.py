"""HTTP routes and background job of the retention purge."""

from __future__ import annotations

import asyncio

from carenet_core import clock
from carenet_core.auth import Principal, require_roles
from carenet_core.clock import to_utc
from carenet_core.db import Database, SessionDep
from carenet_core.errors import RuleViolation, problems
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import select

from . import service
from .models import PurgeRecord
from .schemas import PurgeIn, PurgeList, PurgeOut

router = APIRouter(prefix="/v1", tags=["retention"])


def purge_out(r: PurgeRecord) -> PurgeOut:
    return PurgeOut(
        id=r.id,
        ran_at=to_utc(r.ran_at),
        cutoff=to_utc(r.cutoff),
        retention_years=r.retention_years,
        bookings=r.bookings,
        notes=r.notes,
        slots=r.slots,
        referrals=r.referrals,
        actor=r.actor,
    )


@router.post("/retention/purge", status_code=201, response_model=PurgeOut, responses=problems(403, 422))
async def run_purge(
    request: Request, body: PurgeIn, session: SessionDep, principal: Principal = require_roles("eap_admin", "system")
) -> PurgeOut:
    """Destroy counselling records older than the retention period now, leaving a purge record."""
    today = clock.today()
    as_of = body.as_of or today
    if as_of > today:
        raise RuleViolation("as_of cannot be in the future", code="as_of_in_future")
    r = await service.purge(
        session=session, as_of=as_of, retention_years=request.app.state.settings.retention_years, actor=principal.sub
    )
    return purge_out(r)


@router.get("/retention/purges", response_model=PurgeList, responses=problems(403))
async def list_purges(session: SessionDep, principal: Principal = require_roles("eap_admin", "system")) -> PurgeList:
    """Every purge so far, newest first."""
    rows = (await session.scalars(select(PurgeRecord).order_by(PurgeRecord.ran_at.desc()).limit(500))).all()
    return PurgeList(items=[purge_out(r) for r in rows])


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
                    await service.purge(
                        session=session,
                        as_of=clock.today(),
                        retention_years=app.state.settings.retention_years,
                        actor="system:retention",
                    )
        except asyncio.CancelledError:
            raise
        except Exception:  # the database may be restarting; try again next time
            pass
        await asyncio.sleep(interval)
