"""The supervisor's caseload view: case-mgmt's caseloads (over HTTP) joined with the staff register."""

from __future__ import annotations

from datetime import date

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import NotFound
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..staff.models import Staff, employed_between
from ..staff.rules import StaffKind
from .client import fetch_caseloads
from .rules import StaffLine, WorkerLoad, join_caseloads
from .schemas import CaseloadViewOut, KindTotalOut, WorkerOut


async def _staff_on(session: AsyncSession, *, county: str, day: date) -> list[StaffLine]:
    rows = await session.execute(
        select(Staff.sub, Staff.name, Staff.kind).where(
            Staff.county == county,
            employed_between(day, day),
        )
    )
    return [StaffLine(sub, name, StaffKind(kind)) for sub, name, kind in rows.all()]


async def caseload_view(
    *,
    session: AsyncSession,
    principal: Principal,
    authorization: str,
    county: str | None,
    district: str | None,
    base_url: str,
    wait_seconds: float,
) -> CaseloadViewOut:
    """case-mgmt decides what the caller may see (their token goes with the request); the register of
    the county it answers for names each worker's staff line."""
    answer = await fetch_caseloads(
        base_url=base_url, authorization=authorization, county=county, district=district, wait_seconds=wait_seconds
    )
    answered = str(answer["county"])
    if not principal.reaches_county(answered):  # case-mgmt checks this too; never trust one hop alone
        raise NotFound(f"no caseloads for {answered}", code="county_not_found")
    loads = [
        WorkerLoad(str(i["assigned_to"]), int(i["open_cases"]), int(i["overdue"]), bool(i["over_limit"]))
        for i in answer["items"]
        if i.get("assigned_to")
    ]
    view = join_caseloads(loads, await _staff_on(session, county=answered, day=clock.today()))
    await record_access(session, principal=principal, action="list", resource=f"caseloads?county={answered}")
    return CaseloadViewOut(
        county=answered,
        district=answer.get("district"),
        on=answer.get("on") or clock.today(),
        caseload_limit=int(answer.get("caseload_limit") or 0),
        workers=[
            WorkerOut(
                sub=w.sub,
                name=w.name,
                staff_kind=str(w.kind) if w.kind else None,
                open_cases=w.open_cases,
                overdue=w.overdue,
                over_limit=w.over_limit,
            )
            for w in view.workers
        ],
        by_staff_kind={
            k: KindTotalOut(workers=t.workers, open_cases=t.open_cases, overdue=t.overdue)
            for k, t in view.by_staff_kind.items()
        },
        not_in_register=view.not_in_register,
        case_managers_without_cases=view.case_managers_without_cases,
        unassigned_cases=int((answer.get("unassigned") or {}).get("open_cases") or 0),
    )
