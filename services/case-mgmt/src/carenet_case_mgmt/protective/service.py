"""Protective-issue cases: assignment to a mental-health social worker, and return to the community team."""

from __future__ import annotations

import uuid

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, Forbidden
from carenet_core.outbox import emit
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from .models import ProtectiveAssignment
from .schemas import AssignIn, AssignmentOut


def assignment_out(a: ProtectiveAssignment, case: Case) -> AssignmentOut:
    return AssignmentOut(
        id=a.id,
        case_id=a.case_id,
        social_worker=a.social_worker,
        issue=a.issue,
        reason=a.reason,
        assigned_by=a.assigned_by,
        assigned_at=a.assigned_at,
        closed_at=a.closed_at,
        closed_by=a.closed_by,
        close_reason=a.close_reason,
        case_status=case.status,
    )


async def assign(*, session: AsyncSession, principal: Principal, case: Case, body: AssignIn) -> ProtectiveAssignment:
    """Hand the case to a social worker (one open assignment per case); flags it `protective_issue`."""
    if case.status != "open":
        raise Conflict("the case is closed", code="case_closed")
    existing = await session.scalar(
        select(ProtectiveAssignment.id).where(
            ProtectiveAssignment.case_id == case.id, ProtectiveAssignment.closed_at.is_(None)
        )
    )
    if existing is not None:
        raise Conflict("the case is already with a social worker", code="already_assigned", id=existing)
    a = ProtectiveAssignment(
        id=str(uuid.uuid4()),
        case_id=case.id,
        social_worker=body.social_worker,
        issue=body.issue,
        reason=body.reason,
        assigned_by=principal.sub,
        assigned_at=clock.now(),
    )
    try:
        async with session.begin_nested():
            session.add(a)
            await session.flush()
    except IntegrityError:
        raise Conflict("the case is already with a social worker", code="already_assigned") from None
    case.protective_worker = body.social_worker
    if "protective_issue" not in case.flags:
        case.flags = [*case.flags, "protective_issue"]
    case.version += 1
    emit(
        session,
        "case.protective_assigned",
        {"case_id": case.id, "county": case.county, "assignment_id": a.id, "issue": a.issue},
    )
    return a


async def current(session: AsyncSession, case: Case) -> ProtectiveAssignment | None:
    return await session.scalar(
        select(ProtectiveAssignment)
        .where(ProtectiveAssignment.case_id == case.id, ProtectiveAssignment.closed_at.is_(None))
        .with_for_update()
    )


async def close_assignment(
    *, session: AsyncSession, principal: Principal, case: Case, reason: str
) -> ProtectiveAssignment:
    """The social worker (or a supervisor) closes their part; the case returns to the community team and stays open."""
    a = await current(session, case)
    if a is None:
        raise Conflict("the case is not with a social worker", code="not_assigned")
    if a.social_worker != principal.sub and not principal.has("supervisor", "county_admin"):
        raise Forbidden("only the assigned social worker or a supervisor closes the assignment", code="not_assignee")
    a.closed_at, a.closed_by, a.close_reason = clock.now(), principal.sub, reason
    case.protective_worker = None
    case.version += 1
    emit(session, "case.protective_returned", {"case_id": case.id, "county": case.county, "assignment_id": a.id})
    return a
