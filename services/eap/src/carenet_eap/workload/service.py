"""Use cases of workload care: HR sends monthly figures; agencies get aggregates; care teams their list."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import NotFound
from carenet_core.trail import record_access
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_id
from ..stats.rules import suppress
from . import rules
from .models import CareTeamMember, WorkloadFigure, WorkloadThreshold
from .schemas import FiguresIn, SummaryCell, ThresholdIn, ThresholdOut, WorkloadSummary


async def submit_figures(*, session: AsyncSession, body: FiguresIn) -> int:
    """How many people's figures are now stored for the month; a resend replaces a person's month, never adds to it."""
    latest = {f.employee_sub: f for f in body.items}  # one row per person: the last in the batch wins
    await session.execute(
        delete(WorkloadFigure).where(WorkloadFigure.month == body.month, WorkloadFigure.employee_sub.in_(list(latest)))
    )
    now = clock.now()
    session.add_all(
        [
            WorkloadFigure(
                id=new_id(),
                month=body.month,
                agency=body.agency,
                employee_sub=f.employee_sub,
                overtime_hours=f.overtime_hours,
                documents=f.documents,
                received_at=now,
            )
            for f in latest.values()
        ]
    )
    await session.flush()
    return len(latest)


async def threshold_of(*, session: AsyncSession, agency: str, default_overtime_hours: Decimal) -> ThresholdOut:
    """The agency's own threshold, else the service setting."""
    row = await session.get(WorkloadThreshold, agency)
    if row is None:
        return ThresholdOut(agency=agency, overtime_hours=default_overtime_hours, documents=None, source="setting")
    return ThresholdOut(agency=agency, overtime_hours=row.overtime_hours, documents=row.documents, source="agency")


async def set_threshold(*, session: AsyncSession, agency: str, body: ThresholdIn, actor: str) -> ThresholdOut:
    """The agency's threshold, now its own."""
    row = await session.get(WorkloadThreshold, agency, with_for_update=True)
    if row is None:
        row = WorkloadThreshold(agency=agency, overtime_hours=body.overtime_hours, updated_by=actor)
        session.add(row)
    row.overtime_hours, row.documents, row.updated_by, row.updated_at = (
        body.overtime_hours,
        body.documents,
        actor,
        clock.now(),
    )
    await session.flush()
    return ThresholdOut(agency=agency, overtime_hours=row.overtime_hours, documents=row.documents, source="agency")


async def set_members(*, session: AsyncSession, agency: str, member_subs: list[str]) -> list[str]:
    """The agency's care team, replaced by these logins."""
    await session.execute(delete(CareTeamMember).where(CareTeamMember.agency == agency))
    subs = sorted(set(member_subs))
    session.add_all([CareTeamMember(agency=agency, member_sub=s) for s in subs])
    await session.flush()
    return subs


async def members(*, session: AsyncSession, agency: str) -> list[str]:
    """The logins on the agency's care team."""
    stmt = select(CareTeamMember.member_sub).where(CareTeamMember.agency == agency).order_by(CareTeamMember.member_sub)
    return list((await session.scalars(stmt)).all())


async def _on_care_team(session: AsyncSession, principal: Principal, agency: str) -> bool:
    return await session.get(CareTeamMember, (agency, principal.sub)) is not None


async def care_list(
    *, session: AsyncSession, principal: Principal, agency: str, month: str, default_overtime_hours: Decimal
) -> tuple[ThresholdOut, list[WorkloadFigure]]:
    """The agency's people above its threshold in the month, for a member of its care team alone (404 otherwise)."""
    if not await _on_care_team(session, principal, agency):
        raise NotFound("no such care list", code="care_list_not_found")
    threshold = await threshold_of(session=session, agency=agency, default_overtime_hours=default_overtime_hours)
    limit = rules.Threshold(threshold.overtime_hours, threshold.documents)
    rows = (
        await session.scalars(
            select(WorkloadFigure)
            .where(WorkloadFigure.agency == agency, WorkloadFigure.month == month)
            .order_by(WorkloadFigure.overtime_hours.desc(), WorkloadFigure.employee_sub)
        )
    ).all()
    named = [r for r in rows if rules.above_threshold(Decimal(r.overtime_hours), r.documents, limit)]
    for r in named:
        await record_access(
            session,
            principal=principal,
            action="read_workload",
            resource=f"workload/{agency}/{month}",
            person_ref=f"employee:{r.employee_sub}",
        )
    return threshold, named


async def summary(
    *,
    session: AsyncSession,
    principal: Principal,
    agency: str,
    month: str,
    default_overtime_hours: Decimal,
    suppression_threshold: int,
) -> WorkloadSummary:
    """The agency's month as aggregates (eap_admin, or the agency's care team; 404 otherwise), small counts suppressed."""
    if not principal.has("eap_admin") and not await _on_care_team(session, principal, agency):
        raise NotFound("no such workload summary", code="workload_not_found")
    threshold = await threshold_of(session=session, agency=agency, default_overtime_hours=default_overtime_hours)
    limit = rules.Threshold(threshold.overtime_hours, threshold.documents)
    rows = (
        await session.execute(
            select(WorkloadFigure.overtime_hours, WorkloadFigure.documents).where(
                WorkloadFigure.agency == agency, WorkloadFigure.month == month
            )
        )
    ).all()
    hours = [Decimal(h) for h, _ in rows]
    bands: Counter[tuple[str, ...]] = Counter((rules.overtime_band(h),) for h in hours)
    table = suppress(["band"], [list(rules.OVERTIME_BANDS)], dict(bands), threshold=suppression_threshold)
    people = len(rows)
    above = sum(rules.above_threshold(Decimal(h), d, limit) for h, d in rows)
    enough = people >= suppression_threshold
    return WorkloadSummary(
        agency=agency,
        month=month,
        suppression_threshold=suppression_threshold,
        people=people if enough else None,
        above_threshold=above if enough and above >= suppression_threshold else None,
        average_overtime_hours=round(sum(hours, Decimal(0)) / people, 1) if enough else None,
        bands=[SummaryCell(band=k[0], count=v, suppressed=v is None) for k, v in table.cells.items()],
    )
