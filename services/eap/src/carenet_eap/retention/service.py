"""The retention purge: destroy counselling records past retention and leave a purge record."""

from __future__ import annotations

from datetime import date

from carenet_core import clock
from carenet_core.outbox import emit
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..bookings.models import Booking, CounsellingNote
from ..common import new_id
from ..counsellors.models import Slot
from ..referrals.models import Referral
from ..surveys.models import SurveyMarker
from .models import PurgeRecord
from .rules import purge_cutoff


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
    bookings = (await session.execute(delete(Booking).where(Booking.ends_at < cutoff))).rowcount  # type: ignore[attr-defined]
    slots = (
        await session.execute(delete(Slot).where(Slot.ends_at < cutoff, Slot.id.not_in(select(Booking.slot_id))))
    ).rowcount  # type: ignore[attr-defined]
    referrals = (await session.execute(delete(Referral).where(Referral.created_at < cutoff))).rowcount  # type: ignore[attr-defined]
    record = PurgeRecord(
        id=new_id(),
        ran_at=clock.now(),
        cutoff=cutoff,
        retention_years=retention_years,
        bookings=int(bookings or 0),
        notes=int(notes),
        slots=int(slots or 0),
        referrals=int(referrals or 0),
        actor=actor,
    )
    session.add(record)
    emit(
        session,
        "retention.purged",
        {"id": record.id, "cutoff": cutoff.isoformat(), "bookings": record.bookings, "notes": record.notes},
    )
    return record
