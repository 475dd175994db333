"""Caseloads per case worker, the unassigned cases and the county's supervisor ratio."""

from __future__ import annotations

from collections import defaultdict

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import NotFound, RuleViolation
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.standing import standings
from ..county_settings import service as county_settings
from .rules import over_limit, supervisors_required
from .schemas import Caseload, Caseloads, SupervisorRatio

COUNTED = (
    "case workers (distinct `assigned_to`) holding at least one open case of the county; "
    "the staff list itself is workforce's (GET /workforce/v1/compliance)"
)


def _load(sub: str | None, cases: list[Case], overdue: set[str], limit: int) -> Caseload:
    by_tier: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    for c in cases:
        by_tier[str(c.tier)] += 1
        for k in c.kinds:
            by_kind[k] += 1
    return Caseload(
        assigned_to=sub,
        open_cases=len(cases),
        by_tier=dict(sorted(by_tier.items())),
        by_kind=dict(sorted(by_kind.items())),
        overdue=sum(1 for c in cases if c.id in overdue),
        over_limit=sub is not None and over_limit(len(cases), limit),
    )


async def caseloads(
    *, session: AsyncSession, principal: Principal, county: str | None, district: str | None
) -> Caseloads:
    """Open cases per worker (by tier, kind, overdue today, over the county's limit) and the supervisor ratio."""
    county = county or principal.county_scope()
    if county is None:
        raise RuleViolation("name the county", code="county_required")
    if not principal.can_see(county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    stmt = scope_to_jurisdiction(
        select(Case).where(Case.status == "open", Case.county == county), principal, Case.county, Case.district
    )
    if district is not None:
        stmt = stmt.where(Case.district == district)
    cases = list((await session.scalars(stmt)).all())
    overdue: set[str] = set()
    for i in range(0, len(cases), 1000):
        chunk = cases[i : i + 1000]
        overdue |= {cid for cid, s in (await standings(session, chunk)).items() if s.overdue}
    settings = await county_settings.read(session=session, county=county)
    by_worker: dict[str | None, list[Case]] = defaultdict(list)
    for c in cases:
        by_worker[c.assigned_to].append(c)
    unassigned = by_worker.pop(None, [])
    managers = await session.scalar(
        select(func.count(distinct(Case.assigned_to))).where(
            Case.status == "open", Case.county == county, Case.assigned_to.is_not(None)
        )
    )
    n = int(managers or 0)
    return Caseloads(
        county=county,
        district=district,
        on=clock.today(),
        caseload_limit=settings.caseload_limit,
        limit_source=settings.source,
        items=[
            _load(sub, by_worker[sub], overdue, settings.caseload_limit)
            for sub in sorted(k for k in by_worker if k is not None)
        ],
        unassigned=_load(None, unassigned, overdue, settings.caseload_limit),
        supervisor_ratio=SupervisorRatio(
            case_managers=n, supervisors_required=supervisors_required(n), counted=COUNTED
        ),
    )
