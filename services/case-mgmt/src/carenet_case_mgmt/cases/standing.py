"""Loading the facts a case's standing is computed from (visits, tier history, policy) — in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.time import age_on, end_of_day, today
from ..tiers.models import TierChange
from ..tiers.rules import Standing, TierSpan, VisitFact, elderly_rule_applies, standing, tier_on
from ..tiers.service import policy_on
from ..visits.models import Visit
from .models import Case


async def visit_facts(session: AsyncSession, case_ids: Sequence[str], *, until: date) -> dict[str, list[VisitFact]]:
    """Visits (as rule facts) of these cases that happened up to the end of `until`."""
    out: dict[str, list[VisitFact]] = defaultdict(list)
    ids = list(case_ids)
    for i in range(0, len(ids), 1000):
        rows = (await session.execute(
            select(Visit.case_id, Visit.visited_at, Visit.method, Visit.outcome)
            .where(Visit.case_id.in_(ids[i:i + 1000]), Visit.visited_at <= end_of_day(until)))).all()
        for case_id, at, method, outcome in rows:
            out[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
    return out


async def tier_spans(session: AsyncSession, case_ids: Sequence[str]) -> dict[str, list[TierSpan]]:
    out: dict[str, list[TierSpan]] = defaultdict(list)
    ids = list(case_ids)
    for i in range(0, len(ids), 1000):
        rows = (await session.execute(select(TierChange.case_id, TierChange.changed_at, TierChange.to_tier)
                                      .where(TierChange.case_id.in_(ids[i:i + 1000])))).all()
        for case_id, at, tier in rows:
            out[case_id].append(TierSpan(changed_at=at, tier=tier))
    return out


async def standings(session: AsyncSession, cases: Sequence[Case], *, on: date | None = None,
                    window_days: int = 7) -> dict[str, Standing]:
    """Each case's standing on day `on` (today by default), with the county policy in force that day."""
    on = on or today()
    ids = [c.id for c in cases]
    visits = await visit_facts(session, ids, until=on)
    spans = await tier_spans(session, ids) if on < today() else {}
    policies = {county: await policy_on(session, county=county, on=on) for county in {c.county for c in cases}}
    out = {}
    for c in cases:
        tier = tier_on(spans.get(c.id, []), on, c.tier) if spans else c.tier
        out[c.id] = standing(
            on=on, tier=tier, intake_date=c.intake_date, visits=visits.get(c.id, []), policy=policies[c.county],
            situation=c.situation, window_days=window_days,
            elderly=elderly_rule_applies(kinds=c.kinds, flags=c.flags, age=age_on(c.birth_date, on)))
    return out
