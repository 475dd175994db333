"""The retention purge: destroy counselling records past retention and leave a purge record."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from carenet_core import clock
from carenet_core.errors import RuleViolation
from carenet_core.outbox import emit
from sqlalchemy import CursorResult, Delete, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..bookings.models import Booking, CounsellingNote
from ..common import new_id
from ..counsellors.models import Slot
from ..referrals.models import Referral
from ..surveys.models import SurveyMarker
from .models import PurgeRecord
from .rules import purge_cutoff


async def _deleted(session: AsyncSession, stmt: Delete) -> int:
    """Run a DELETE and return how many rows it removed."""
    result = cast(CursorResult[Any], await session.execute(stmt))
    return int(result.rowcount or 0)


async def purge_now(*, session: AsyncSession, as_of: date | None, retention_years: int, actor: str) -> PurgeRecord:
    """The purge as of `as_of` (default today, Asia/Taipei); a future `as_of` is 422 and purges nothing."""
    today = clock.today()
    day = as_of or today
    if day > today:
        raise RuleViolation("as_of cannot be in the future", code="as_of_in_future")
    return await purge(session=session, as_of=day, retention_years=retention_years, actor=actor)


async def list_purges(*, session: AsyncSession) -> list[PurgeRecord]:
    """Every purge record (newest 500), newest first."""
    return list((await session.scalars(select(PurgeRecord).order_by(PurgeRecord.ran_at.desc()).limit(500))).all())


async def purge(*, session: AsyncSession, as_of: date, retention_years: int, actor: str) -> PurgeRecord:
    """Delete notes, bookings, past slots and referrals older than the cutoff; returns the purge record."""
    cutoff = purge_cutoff(as_of, retention_years)
    old = select(Booking.id).where(Booking.ends_at < cutoff)
    notes = (
        await session.scalar(
            select(func.count()).select_from(CounsellingNote).where(CounsellingNote.booking_id.in_(old))
        )
        or 0
    )
    await session.execute(delete(CounsellingNote).where(CounsellingNote.booking_id.in_(old)))
    await session.execute(delete(SurveyMarker).where(SurveyMarker.booking_id.in_(old)))
    bookings = await _deleted(session, delete(Booking).where(Booking.ends_at < cutoff))
    slots = await _deleted(session, delete(Slot).where(Slot.ends_at < cutoff, Slot.id.not_in(select(Booking.slot_id))))
    referrals = await _deleted(session, delete(Referral).where(Referral.created_at < cutoff))
    record = PurgeRecord(
        id=new_id(),
        ran_at=clock.now(),
        cutoff=cutoff,
        retention_years=retention_years,
        bookings=bookings,
        notes=int(notes),
        slots=slots,
        referrals=referrals,
        actor=actor,
    )
    session.add(record)
    emit(
        session,
        "retention.purged",
        {"id": record.id, "cutoff": cutoff.isoformat(), "bookings": record.bookings, "notes": record.notes},
    )
    return record
