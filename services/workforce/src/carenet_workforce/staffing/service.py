"""Staffing facts for indicators: recomputed from the register and emitted in the staff change's transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from carenet_core import clock
from carenet_core.outbox import emit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..staff.models import Staff, employed_between
from ..staff.rules import Funding, StaffKind
from .rules import Member, dedicated_admin_staff, supervisor_ratio


async def members_on(session: AsyncSession, *, county: str, day: date) -> list[Member]:
    """The county's staff employed on `day`, as the staffing rules count them."""
    rows = await session.execute(
        select(Staff.kind, Staff.funding, Staff.psychiatric_visit_share).where(
            Staff.county == county,
            employed_between(day, day),
        )
    )
    return [Member(StaffKind(k), Funding(f), Decimal(s)) for k, f, s in rows.all()]


def _num(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


async def publish_staffing_facts(*, session: AsyncSession, county: str) -> list[dict[str, Any]]:
    """Emits `staffing.fact` for `supervisor_ratio` and `dedicated_admin_staff` of the county's current year."""
    await session.flush()
    today = clock.today()
    now = clock.now()
    members = await members_on(session, county=county, day=today)
    ratio = supervisor_ratio(members)
    admin = dedicated_admin_staff(members)
    period = str(today.year)
    facts = [
        {
            "county": county,
            "period": period,
            "code": "supervisor_ratio",
            # indicators grades case managers per supervisor (≤ 7): numerator / denominator in that order
            "value": _num(ratio.per_supervisor),
            "numerator": ratio.case_managers,
            "denominator": ratio.supervisors,
            "evidence": f"workforce staff register as of {today.isoformat()}: {ratio.supervisors} supervisors, "
            f"{ratio.case_managers} case managers (1 supervisor per 7 → {ratio.required} required)",
            "computed_at": now.isoformat(),
        },
        {
            "county": county,
            "period": period,
            "code": "dedicated_admin_staff",
            # % of the subsidised visiting staff's time on psychiatric visits (≥ 50 %, 附件15);
            # 0 while the county employs no administrative staff
            "value": _num(admin.graded_percent),
            "numerator": float(admin.psychiatric_fte),
            "denominator": admin.visiting_staff,
            "evidence": f"workforce staff register as of {today.isoformat()}: {admin.admin_staff} administrative "
            f"staff; subsidised visiting staff {admin.visiting_staff}, psychiatric-visit FTE "
            f"{admin.psychiatric_fte.normalize()} (at least 50 % required)",
            "computed_at": now.isoformat(),
        },
    ]
    for fact in facts:
        emit(session, "staffing.fact", fact, occurred_at=now)
    return facts
