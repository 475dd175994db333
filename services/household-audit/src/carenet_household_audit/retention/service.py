"""Retention (保存年限): query logs, samplings, reviews and audits are kept N years (3 by default), then purged.

A legal hold on a unit/month (or a whole county-month) stops the purge of that unit's logs and of
the county-month's sampling; every purge leaves purge records (what, which period, how many rows).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import structlog
from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import Conflict, NotFound
from carenet_core.outbox import emit
from carenet_core.pagination import Page, keyset_after, page_of
from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import Exists

from ..audits.models import InternalAudit
from ..common.cursor import instant_and_id
from ..common.reach import ensure_reach
from ..config import Settings
from ..querylogs.models import QueryLog
from ..querylogs.partitions import drop_partition, month_partitions
from ..sampling.models import MonthSeed, Sample, Sampling
from ..sampling.rules import months_of_half, retention_cutoff_month
from .models import LegalHold, PurgeRecord
from .schemas import LegalHoldIn, LegalHoldOut, PurgeRecordOut

log = structlog.get_logger("carenet.household_audit.retention")


def _held(county_col: Any, month_col: Any, unit_col: Any = None) -> Exists:
    """An active hold covers this row (a unit hold covers only that unit's logs; samplings are held by any)."""
    cond = [LegalHold.released_at.is_(None), LegalHold.county == county_col, LegalHold.month == month_col]
    if unit_col is not None:
        cond.append(or_(LegalHold.unit.is_(None), LegalHold.unit == unit_col))
    return exists().where(and_(*cond))


async def purge_expired(
    *, session: AsyncSession, settings: Settings, now: datetime | None = None
) -> tuple[str, list[PurgeRecord]]:
    """Delete what is past retention and not held; returns the cutoff month and the purge records written."""
    now = now or clock.now()
    cutoff = retention_cutoff_month(now, settings.retention_years)
    records: list[PurgeRecord] = []

    def note(county: str, period: str, kind: str, rows: int) -> None:
        if rows:
            records.append(
                PurgeRecord(ran_at=now, cutoff_month=cutoff, county=county, period=period, kind=kind, rows=rows)
            )

    # Samplings first (their samples, reviews and anomalies go with them by cascade).
    s_where = and_(Sampling.month < cutoff, ~_held(Sampling.county, Sampling.month))
    for sid, county, month in (
        await session.execute(select(Sampling.id, Sampling.county, Sampling.month).where(s_where))
    ).all():
        note(county, month, "samplings", 1)
        note(
            county,
            month,
            "samples",
            await session.scalar(select(func.count()).select_from(Sample).where(Sample.sampling_id == sid)) or 0,
        )
    await session.execute(delete(Sampling).where(s_where).execution_options(synchronize_session=False))

    # PostgreSQL: a past month nobody holds goes whole — its partition is detached and dropped, no row deleted.
    skipped: list[str] = []
    partitions = await month_partitions(session)
    held_months = set(
        (await session.scalars(select(LegalHold.month).where(LegalHold.released_at.is_(None)).distinct())).all()
    )
    for month in sorted(m for m in partitions if m < cutoff and m not in held_months):
        try:
            async with session.begin_nested():
                counts = await drop_partition(session, month)
        except DBAPIError:  # the table was busy past the lock timeout: the next run takes it
            log.warning("partition_purge_deferred", month=month)
            skipped.append(month)
            continue
        for county, n in sorted(counts.items()):
            note(county, month, "query_logs", n)

    # The rest (a held month's unheld rows, the default partition, SQLite) row by row.
    q_where = and_(
        QueryLog.month < cutoff,
        QueryLog.month.not_in(skipped),
        ~_held(QueryLog.county, QueryLog.month, QueryLog.unit),
    )
    for county, month, n in (
        await session.execute(
            select(QueryLog.county, QueryLog.month, func.count())
            .where(q_where)
            .group_by(QueryLog.county, QueryLog.month)
        )
    ).all():
        note(county, month, "query_logs", n)
    await session.execute(delete(QueryLog).where(q_where).execution_options(synchronize_session=False))

    m_where = and_(
        MonthSeed.month < cutoff,
        ~_held(MonthSeed.county, MonthSeed.month),
        ~exists().where(and_(Sampling.county == MonthSeed.county, Sampling.month == MonthSeed.month)),
    )
    for county, month in (await session.execute(select(MonthSeed.county, MonthSeed.month).where(m_where))).all():
        note(county, month, "month_seeds", 1)
    await session.execute(delete(MonthSeed).where(m_where).execution_options(synchronize_session=False))

    for a in (await session.scalars(select(InternalAudit))).all():
        months = months_of_half(a.half)
        if months[-1] >= cutoff:
            continue
        held = await session.scalar(
            select(func.count())
            .select_from(LegalHold)
            .where(LegalHold.released_at.is_(None), LegalHold.county == a.county, LegalHold.month.in_(months))
        )
        if held:
            continue
        note(a.county, a.half, "internal_audits", 1)
        await session.delete(a)

    session.add_all(records)
    await session.flush()
    if records:
        emit(
            session,
            "retention.purged",
            {
                "cutoff_month": cutoff,
                "records": [{"county": r.county, "period": r.period, "kind": r.kind, "rows": r.rows} for r in records],
            },
        )
    return cutoff, records


def hold_out(h: LegalHold) -> LegalHoldOut:
    return LegalHoldOut(
        id=str(h.id),
        county=h.county,
        month=h.month,
        unit=h.unit,
        reason=h.reason,
        placed_by=h.placed_by,
        placed_at=h.placed_at,
        released_at=h.released_at,
    )


async def place_hold(*, session: AsyncSession, hold: LegalHoldIn, principal: Principal) -> LegalHold:
    """A new legal hold: nothing it covers is purged until it is released."""
    ensure_reach(principal, hold.county, "county")
    h = LegalHold(
        id=uuid.uuid4(),
        county=hold.county,
        month=hold.month,
        unit=hold.unit,
        reason=hold.reason,
        placed_by=principal.sub,
        placed_at=clock.now(),
    )
    session.add(h)
    await session.flush()
    emit(session, "legal_hold.placed", {"id": str(h.id), "county": h.county, "month": h.month, "unit": h.unit})
    return h


async def release_hold(*, session: AsyncSession, hold_id: uuid.UUID, principal: Principal) -> LegalHold:
    h = await session.get(LegalHold, hold_id)
    if h is None:
        raise NotFound("no such legal hold", code="legal_hold_not_found")
    ensure_reach(principal, h.county, "legal hold")
    if h.released_at is not None:
        raise Conflict("the hold is already released", code="legal_hold_released", id=str(h.id))
    h.released_at, h.released_by = clock.now(), principal.sub
    emit(session, "legal_hold.released", {"id": str(h.id)})
    return h


async def list_holds(
    *, session: AsyncSession, principal: Principal, county: str | None, limit: int, cursor: str | None
) -> Page[LegalHoldOut]:
    stmt = scope_to_jurisdiction(select(LegalHold), principal, LegalHold.county)
    if county:
        stmt = stmt.where(LegalHold.county == county)
    if cursor:
        at, hold_id = instant_and_id(cursor)
        stmt = stmt.where((LegalHold.placed_at > at) | ((LegalHold.placed_at == at) & (LegalHold.id > hold_id)))
    rows = (await session.scalars(stmt.order_by(LegalHold.placed_at, LegalHold.id).limit(limit + 1))).all()
    return page_of([hold_out(h) for h in rows], limit, lambda h: [h.placed_at.isoformat(), h.id])


async def list_purges(
    *, session: AsyncSession, principal: Principal, county: str | None, limit: int, cursor: str | None
) -> Page[PurgeRecordOut]:
    stmt = scope_to_jurisdiction(select(PurgeRecord), principal, PurgeRecord.county)
    if county:
        stmt = stmt.where(PurgeRecord.county == county)
    stmt = keyset_after(stmt, [PurgeRecord.id], cursor)
    rows = (await session.scalars(stmt.limit(limit + 1))).all()
    return page_of([PurgeRecordOut.model_validate(r) for r in rows], limit, lambda r: [r.id])
