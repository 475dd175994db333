"""Use cases of escorts: record (idempotent on the client's UUID), list newest first."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import as_aware
from carenet_core.db import add_once
from carenet_core.errors import Conflict, RuleViolation
from carenet_core.outbox import emit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from .models import Escort
from .rules import is_in_future
from .schemas import EscortIn, EscortOut


def escort_out(e: Escort) -> EscortOut:
    return EscortOut(
        id=e.id,
        case_id=e.case_id,
        escorted_at=e.escorted_at,
        reason=e.reason,
        escorted_by=e.escorted_by,
        hospital=e.hospital,
        outcome=e.outcome,
        note=e.note,
        recorded_by=e.recorded_by,
        recorded_at=e.recorded_at,
    )


async def record_escort(
    *, session: AsyncSession, principal: Principal, case: Case, body: EscortIn
) -> tuple[Escort, bool]:
    """The escort and whether it is new: an id already stored returns the stored escort and creates nothing."""
    escort_id = str(body.id)
    existing = await session.get(Escort, escort_id)
    if existing is not None:
        if existing.case_id != case.id:
            raise Conflict("this escort id belongs to another case", code="escort_id_taken")
        return existing, False
    now = clock.now()
    at = as_aware(body.escorted_at)
    if is_in_future(escorted_at=at, received_at=now):
        raise RuleViolation("escorted_at is in the future", code="escorted_in_future")
    escort = Escort(
        id=escort_id,
        case_id=case.id,
        county=case.county,
        escorted_at=at,
        reason=body.reason,
        escorted_by=list(dict.fromkeys(body.escorted_by)),
        hospital=body.hospital,
        outcome=body.outcome,
        note=body.note,
        recorded_by=principal.sub,
        recorded_at=now,
    )
    stored, created = await add_once(session, escort)
    if not created:  # a resend raced this one
        if stored.case_id != case.id:
            raise Conflict("this escort id belongs to another case", code="escort_id_taken")
        return stored, False
    emit(
        session,
        "escort.recorded",
        {
            "escort_id": escort.id,
            "case_id": case.id,
            "county": case.county,
            "escorted_at": at.isoformat(),
            "reason": escort.reason,
            "escorted_by": escort.escorted_by,
            "outcome": escort.outcome,
        },
    )
    return escort, True


async def list_escorts(session: AsyncSession, *, case: Case) -> list[Escort]:
    """The case's escorts, newest first."""
    stmt = select(Escort).where(Escort.case_id == case.id).order_by(Escort.escorted_at.desc(), Escort.id)
    return list((await session.scalars(stmt)).all())
