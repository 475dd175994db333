"""Quarterly reports of a county: cases by referral source, counts per care track, escorts by reason."""

from __future__ import annotations

from collections import Counter
from datetime import date

from carenet_core.auth import Principal
from carenet_core.clock import end_of_day, parse_quarter, start_of_day
from carenet_core.errors import NotFound, RuleViolation
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..escorts.models import Escort
from ..escorts.rules import OUTCOMES, reasons_count
from ..sources.rules import SOURCES, count_by_source, referring_agencies_total
from ..visits.models import Visit
from .rules import CaseRow, VisitRow, kind_counts
from .schemas import CaseKinds, EscortCounts, KindCounts, ReferralSources, SourceCount


def _scope(principal: Principal, county: str | None, quarter: str) -> tuple[str, date, date]:
    county = county or principal.county_scope()
    if county is None:
        raise RuleViolation("name the county", code="county_required")
    if not principal.can_see(county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    try:
        start, end = parse_quarter(quarter)
    except ValueError as e:
        raise RuleViolation(str(e), code="invalid_quarter") from None
    return county, start, end


async def referral_sources(
    *, session: AsyncSession, principal: Principal, county: str | None, quarter: str
) -> ReferralSources:
    """Cases taken in during the quarter (intake date, Taipei) in the county, by intake source."""
    county, start, end = _scope(principal, county, quarter)
    rows = await session.scalars(
        select(Case.source).where(Case.county == county, Case.intake_date >= start, Case.intake_date <= end)
    )
    counts = count_by_source(rows.all())
    return ReferralSources(
        county=county,
        quarter=quarter,
        items=[SourceCount(source=s, label=SOURCES[s], cases=n) for s, n in counts.items()],
        referring_agencies=referring_agencies_total(counts),
        total=sum(counts.values()),
    )


async def case_kinds(*, session: AsyncSession, principal: Principal, county: str | None, quarter: str) -> CaseKinds:
    """Per care track: cases opened, open at the quarter's end, and the quarter's visits."""
    county, start, end = _scope(principal, county, quarter)
    cases = (
        await session.execute(
            select(Case.kinds, Case.intake_date, Case.closed_on).where(Case.county == county, Case.intake_date <= end)
        )
    ).all()
    visits = (
        await session.execute(
            select(Visit.kinds, Visit.method, Visit.outcome, Visit.seen).where(
                Visit.county == county, Visit.visit_date >= start, Visit.visit_date <= end
            )
        )
    ).all()
    counts = kind_counts(
        [CaseRow(kinds=k, intake_date=i, closed_on=c) for k, i, c in cases],
        [VisitRow(kinds=k, method=m, outcome=o, seen=s) for k, m, o, s in visits],
        start=start,
        end=end,
    )
    return CaseKinds(county=county, quarter=quarter, kinds={k: KindCounts(**v) for k, v in counts.items()})


async def escorts(*, session: AsyncSession, principal: Principal, county: str | None, quarter: str) -> EscortCounts:
    """The quarter's escorts to hospital in the county by reason (送醫事由) and outcome."""
    county, start, end = _scope(principal, county, quarter)
    rows = (
        await session.execute(
            select(Escort.reason, Escort.outcome).where(
                Escort.county == county,
                Escort.escorted_at >= start_of_day(start),
                Escort.escorted_at <= end_of_day(end),
            )
        )
    ).all()
    outcomes = Counter(o for _, o in rows)
    return EscortCounts(
        county=county,
        quarter=quarter,
        total=len(rows),
        by_reason=reasons_count(r for r, _ in rows),
        by_outcome={o: outcomes.get(o, 0) for o in OUTCOMES},
    )
