"""Loading the facts a case's standing is computed from (visits, tier history, policy) — in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from carenet_core import clock
from carenet_core.clock import age_on, end_of_day, start_of_day
from sqlalchemy import ColumnElement, Select, String, and_, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from ..common.memo import county_rules_memo
from ..county_settings.models import CountySettingsRow
from ..county_settings.rules import CountySettings
from ..county_settings.service import settings_from_row
from ..extended_care.rules import requirements, shortfalls
from ..tiers.models import TierChange, TierPolicyVersion
from ..tiers.rules import Standing, TierPolicy, TierSpan, VisitFact, standing, tier_on
from ..tiers.service import policy_from_row
from ..visits.models import Visit
from .models import Case

# Every rule looks back at most a year (phone-only) or a month (65+); older visits only matter as "the last
# visit" and as part of a run of not-met visits, so only those are read beyond the window.
LOOKBACK_DAYS = 400
VISIT_COLS = (Visit.case_id, Visit.visited_at, Visit.method, Visit.outcome)


def _visit_window(case_ids: Sequence[str], *, until: date) -> ColumnElement[bool]:
    """Visits of these cases up to the end of `until` that a rule can use: those in the look-back window, and
    every visit no met visit came after (the latest visit, and the whole run of not-met visits that
    `consecutive_not_met` counts, however old) — one condition, so one statement."""
    start, end = start_of_day(until - timedelta(days=LOOKBACK_DAYS)), end_of_day(until)
    met_later = aliased(Visit)
    no_met_visit_after = ~(
        select(met_later.id)
        .where(
            met_later.case_id == Visit.case_id,
            met_later.outcome == "met",
            met_later.visited_at > Visit.visited_at,
            met_later.visited_at <= end,
        )
        .correlate(Visit)
        .exists()
    )
    return and_(
        Visit.case_id.in_(list(case_ids)), Visit.visited_at <= end, or_(Visit.visited_at > start, no_met_visit_after)
    )


async def visit_facts(session: AsyncSession, case_ids: Sequence[str], *, until: date) -> dict[str, list[VisitFact]]:
    """Visits (as rule facts) of these cases up to the end of `until` that a rule can use (`_visit_window`)."""
    out: dict[str, list[VisitFact]] = defaultdict(list)
    ids = list(case_ids)
    for i in range(0, len(ids), 1000):
        rows = (await session.execute(select(*VISIT_COLS).where(_visit_window(ids[i : i + 1000], until=until)))).all()
        for case_id, at, method, outcome in rows:
            out[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
    return out


CountyRules = tuple[TierPolicy, CountySettings]


def _county_rules_query(counties: Sequence[str], on: date) -> Select:
    """Each county with its policy version in force on `on` and its settings row (either may be missing)."""
    named = [select(literal(c, String).label("county")) for c in counties]
    k = (named[0] if len(named) == 1 else union_all(*named)).subquery("k")
    in_force = (
        select(TierPolicyVersion.id)
        .where(TierPolicyVersion.county == k.c.county, TierPolicyVersion.effective_from <= on)
        .order_by(TierPolicyVersion.effective_from.desc())
        .limit(1)
        .correlate(k)
        .scalar_subquery()
    )
    stmt = (
        select(k.c.county, TierPolicyVersion, CountySettingsRow)
        .select_from(k)
        .outerjoin(TierPolicyVersion, TierPolicyVersion.id == in_force)
        .outerjoin(CountySettingsRow, CountySettingsRow.county == k.c.county)
    )
    return stmt


async def county_rules(session: AsyncSession, counties: Iterable[str], *, on: date) -> dict[str, CountyRules]:
    """Each county's tier policy in force on `on` and its settings, in one statement (memoised per transaction)."""
    memo = county_rules_memo(session)
    wanted = sorted(set(counties))
    missing = [c for c in wanted if (c, on) not in memo]
    if missing:
        stmt = _county_rules_query(missing, on)
        for county, policy_row, settings_row in (await session.execute(stmt)).all():
            memo[(county, on)] = (policy_from_row(policy_row), settings_from_row(settings_row))
    return {c: memo[(c, on)] for c in wanted}


async def _single_case_inputs(session: AsyncSession, case: Case, *, on: date) -> tuple[list[VisitFact], CountyRules]:
    """One case's visits and its county's rules in one statement (the county row repeats on each visit row)."""
    county_stmt = _county_rules_query([case.county], on)
    stmt = county_stmt.add_columns(*VISIT_COLS).outerjoin(Visit, _visit_window([case.id], until=on))
    facts: list[VisitFact] = []
    rules: CountyRules | None = None
    for row in (await session.execute(stmt)).all():
        _, policy_row, settings_row, _, at, method, outcome = row
        if rules is None:
            rules = (policy_from_row(policy_row), settings_from_row(settings_row))
        if at is not None:
            facts.append(VisitFact(visited_at=at, method=method, outcome=outcome))
    if rules is None:
        raise RuntimeError("the county row is missing: the visits are outer-joined to it, so it cannot be")
    county_rules_memo(session)[(case.county, on)] = rules
    return facts, rules


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
    memo = county_rules_memo(session)
    if len(cases) == 1 and (cases[0].county, on) not in memo:
        facts, rules = await _single_case_inputs(session, cases[0], on=on)
        visits: dict[str, list[VisitFact]] = {cases[0].id: facts}
        rules_of = {cases[0].county: rules}
    else:
        visits = await visit_facts(session, ids, until=on)
        rules_of = await county_rules(session, {c.county for c in cases}, on=on)
    spans = await tier_spans(session, ids) if on < clock.today() else {}
    policies = {county: r[0] for county, r in rules_of.items()}
    settings = {county: r[1] for county, r in rules_of.items()}
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
