"""Use cases of assignment: give a case to a case worker, keep the history, emit `case.assigned`."""

from __future__ import annotations

import uuid

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict
from carenet_core.outbox import emit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from .models import CaseAssignment
from .schemas import CaseAssignmentOut


def assignment_out(a: CaseAssignment) -> CaseAssignmentOut:
    return CaseAssignmentOut(
        id=a.id,
        case_id=a.case_id,
        from_sub=a.from_sub,
        assigned_to=a.to_sub,
        reason=a.reason,
        assigned_at=a.assigned_at,
        assigned_by=a.assigned_by,
    )


def set_assignee(session: AsyncSession, *, case: Case, to_sub: str | None, by: str, reason: str) -> CaseAssignment:
    """Record the new assignee on the case and in its history (no checks: callers decide who may)."""
    row = CaseAssignment(
        id=str(uuid.uuid4()),
        case_id=case.id,
        from_sub=case.assigned_to,
        to_sub=to_sub,
        reason=reason,
        assigned_at=clock.now(),
        assigned_by=by,
    )
    session.add(row)
    emit(
        session,
        "case.assigned",
        {"case_id": case.id, "county": case.county, "from": case.assigned_to, "to": to_sub, "reason": reason},
    )
    case.assigned_to = to_sub
    return row


async def reassign(
    *, session: AsyncSession, principal: Principal, case: Case, assigned_to: str, reason: str
) -> CaseAssignment:
    """The case given to `assigned_to` with a reason (409 when closed or already theirs); the case version moves."""
    if case.status != "open":
        raise Conflict("the case is closed", code="case_closed")
    if case.assigned_to == assigned_to:
        raise Conflict("the case is already assigned to this case worker", code="already_assigned")
    row = set_assignee(session, case=case, to_sub=assigned_to, by=principal.sub, reason=reason)
    case.version += 1
    return row


async def history(session: AsyncSession, *, case_id: str) -> list[CaseAssignment]:
    """The case's assignments, oldest first."""
    stmt = (
        select(CaseAssignment)
        .where(CaseAssignment.case_id == case_id)
        .order_by(CaseAssignment.assigned_at, CaseAssignment.id)
    )
    return list((await session.scalars(stmt)).all())
