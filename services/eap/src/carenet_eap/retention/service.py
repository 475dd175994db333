"""The retention purge: destroy counselling records past retention and leave a purge record."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from carenet_core import clock
from carenet_core.errors import RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.outbox import emit
from sqlalchemy import CursorResult, Delete, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..bookings.models import Booking, CounsellingNote
from ..care_offers.models import CareOffer
from ..case_conferences.models import CaseConference
from ..common import new_id
from ..counsellors.models import Slot
from ..group_counselling.models import GroupSession
from ..hr_events.models import HrEvent
from ..messages.models import Message
from ..referrals.models import Referral
from ..surveys.models import SurveyMarker
from ..workload.models import WorkloadFigure
from .models import PurgeRecord, RetentionPolicy
from .rules import LEGAL_MINIMUM_YEARS, below_legal_minimum, purge_cutoff

POLICY_ID = "counselling_records"


async def effective_policy(*, session: AsyncSession, default_years: int) -> tuple[int, int, str]:
    """(retention years in force, version for the ETag, `policy` or `setting`): the stored policy, else the setting."""
    row = await session.get(RetentionPolicy, POLICY_ID)
    if row is None:
        return default_years, 0, "setting"
    return row.retention_years, row.version, "policy"


async def set_policy(
    *, session: AsyncSession, retention_years: int, if_match: str | None, actor: str
) -> tuple[int, int, str]:
    """The new policy in force; below 10 years is 422 `below_legal_minimum` and changes nothing; raising is allowed."""
    if below_legal_minimum(retention_years):
        raise RuleViolation(
            f"counselling records are kept at least {LEGAL_MINIMUM_YEARS} years (心理師法 §25)",
            code="below_legal_minimum",
            legal_minimum_years=LEGAL_MINIMUM_YEARS,
        )
    row = await session.get(RetentionPolicy, POLICY_ID, with_for_update=True)
    check_if_match(if_match, row.version if row else 0)
    if row is None:
        row = RetentionPolicy(id=POLICY_ID, retention_years=retention_years, version=1, updated_by=actor)
        session.add(row)
    else:
        row.retention_years, row.version, row.updated_by = retention_years, row.version + 1, actor
    row.updated_at = clock.now()
    await session.flush()
    emit(session, "retention.policy_changed", {"retention_years": retention_years})
    return row.retention_years, row.version, "policy"


async def _deleted(session: AsyncSession, stmt: Delete) -> int:
    """Run a DELETE and return how many rows it removed."""
    result = cast(CursorResult[Any], await session.execute(stmt))
    return int(result.rowcount or 0)


async def purge_now(*, session: AsyncSession, as_of: date | None, default_years: int, actor: str) -> PurgeRecord:
    """The purge as of `as_of` (default today, Asia/Taipei) under the policy in force; a future `as_of` is 422."""
    today = clock.today()
    day = as_of or today
    if day > today:
        raise RuleViolation("as_of cannot be in the future", code="as_of_in_future")
    years, _, _ = await effective_policy(session=session, default_years=default_years)
    return await purge(session=session, as_of=day, retention_years=years, actor=actor)


async def list_purges(*, session: AsyncSession) -> list[PurgeRecord]:
    """Every purge record (newest 500), newest first."""
    return list((await session.scalars(select(PurgeRecord).order_by(PurgeRecord.ran_at.desc()).limit(500))).all())


async def purge(*, session: AsyncSession, as_of: date, retention_years: int, actor: str) -> PurgeRecord:
    """Delete notes, bookings, past slots, referrals and the outreach's personal data older than the cutoff.

    Returns the purge record (counts only).

    Never under the legal minimum, whatever the caller passes (a guard behind the setting and policy checks).
    """
    retention_years = max(retention_years, LEGAL_MINIMUM_YEARS)
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
    conferences = int(
        await session.scalar(
            select(func.count())
            .select_from(CaseConference)
            .where(CaseConference.referral_id.in_(select(Referral.id).where(Referral.created_at < cutoff)))
        )
        or 0
    )
    await session.execute(
        delete(CaseConference).where(
            CaseConference.referral_id.in_(select(Referral.id).where(Referral.created_at < cutoff))
        )
    )
    referrals = await _deleted(session, delete(Referral).where(Referral.created_at < cutoff))
    # The outreach's personal data goes with the same cutoff (PDPA: not kept longer than needed).
    outreach = {
        "messages": await _deleted(session, delete(Message).where(Message.created_at < cutoff)),
        "care_offers": await _deleted(session, delete(CareOffer).where(CareOffer.created_at < cutoff)),
        "case_conferences": conferences,
        "workload_figures": await _deleted(session, delete(WorkloadFigure).where(WorkloadFigure.received_at < cutoff)),
        "group_sessions": await _deleted(session, delete(GroupSession).where(GroupSession.ends_at < cutoff)),
        "hr_events": await _deleted(session, delete(HrEvent).where(HrEvent.received_at < cutoff)),
    }
    record = PurgeRecord(
        id=new_id(),
        ran_at=clock.now(),
        cutoff=cutoff,
        retention_years=retention_years,
        bookings=bookings,
        notes=int(notes),
        slots=slots,
        referrals=referrals,
        outreach=outreach,
        actor=actor,
    )
    session.add(record)
    emit(
        session,
        "retention.purged",
        {"id": record.id, "cutoff": cutoff.isoformat(), "bookings": record.bookings, "notes": record.notes},
    )
    return record
