"""Loading the facts a case's standing is computed from (visits, tier history, policy) — in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from carenet_core import clock
from carenet_core.clock import age_on, end_of_day, start_of_day
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..county_settings.service import settings_of
from ..extended_care.rules import requirements, shortfalls
from ..tiers.models import TierChange
from ..tiers.rules import Standing, TierSpan, VisitFact, standing, tier_on
from ..tiers.service import policy_on
from ..visits.models import Visit
from .models import Case

# Every rule looks back at most a year (phone-only) or a month (65+); older visits only matter as
# "the last visit", so a case with nothing in the window brings just its latest one.
LOOKBACK_DAYS = 400


async def visit_facts(session: AsyncSession, case_ids: Sequence[str], *, until: date) -> dict[str, list[VisitFact]]:
    """Visits (as rule facts) of these cases in the look-back window up to the end of `until`, plus the latest
    earlier visit of a case with none in the window."""
    out: dict[str, list[VisitFact]] = defaultdict(list)
    ids = list(case_ids)
    start = start_of_day(until - timedelta(days=LOOKBACK_DAYS))
    cols = (Visit.case_id, Visit.visited_at, Visit.method, Visit.outcome)
    for i in range(0, len(ids), 1000):
        chunk = ids[i : i + 1000]
        rows = (
            await session.execute(
                select(*cols).where(
                    Visit.case_id.in_(chunk), Visit.visited_at > start, Visit.visited_at <= end_of_day(until)
                )
            )
        ).all()
        for case_id, at, method, outcome in rows:
            out[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
        quiet = [c for c in chunk if c not in out]
        if quiet:
            latest = (
                select(Visit.case_id, func.max(Visit.visited_at).label("at"))
                .where(Visit.case_id.in_(quiet), Visit.visited_at <= start)
                .group_by(Visit.case_id)
                .subquery()
            )
            rows = (
                await session.execute(
                    select(*cols).join(latest, (Visit.case_id == latest.c.case_id) & (Visit.visited_at == latest.c.at))
                )
            ).all()
            for case_id, at, method, outcome in rows:
                out[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
    return out


async def tier_spans(session: AsyncSession, case_ids: Sequence[str]) -> dict[str, list[TierSpan]]:
    out: dict[str, list[TierSpan]] = defaultdict(list)
    ids = list(case_ids)
    for i in range(0, len(ids), 1000):
        rows = (
            await session.execute(
                select(TierChange.case_id, TierChange.changed_at, TierChange.to_tier).where(
                    TierChange.case_id.in_(ids[i : i + 1000])
                )
            )
        ).all()
        for case_id, at, tier in rows:
            out[case_id].append(TierSpan(changed_at=at, tier=tier))
    return out


async def standings(
    session: AsyncSession, cases: Sequence[Case], *, on: date | None = None, window_days: int = 7
) -> dict[str, Standing]:
    """Each case's standing on day `on` (today by default), with the county policy in force that day."""
    on = on or clock.today()
    ids = [c.id for c in cases]
    visits = await visit_facts(session, ids, until=on)
    spans = await tier_spans(session, ids) if on < clock.today() else {}
    counties = {c.county for c in cases}
    policies = {county: await policy_on(session, county=county, on=on) for county in counties}
    settings = {county: await settings_of(session, county=county) for county in counties}
    out = {}
    for c in cases:
        tier = tier_on(spans.get(c.id, []), on, c.tier) if spans else c.tier
        facts = visits.get(c.id, [])
        s = standing(
            on=on,
            tier=tier,
            intake_date=c.intake_date,
            visits=facts,
            policy=policies[c.county],
            situation=c.situation,
            window_days=window_days,
        )
        reqs = requirements(
            kinds=c.kinds,
            flags=c.flags,
            age=age_on(c.birth_date, on),
            intake_date=c.intake_date,
            elderly_months=settings[c.county].elderly_care_months,
            child_months=settings[c.county].child_under_6_care_months,
        )
        s.reasons.extend(shortfalls(visits=facts, on=on, intake_date=c.intake_date, reqs=reqs))
        out[c.id] = s
    return out
