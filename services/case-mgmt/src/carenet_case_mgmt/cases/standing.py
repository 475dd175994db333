"""A case's standing on a day: today's from the facts stored on its row (cases/facts.py), another day's from its
visits, tier history and the policy in force then, loaded in batches (also the reference the stored facts are tested
against)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from carenet_core import clock
from carenet_core.clock import age_on, end_of_day, start_of_day
from sqlalchemy import ColumnElement, Select, String, and_, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from ..common.memo import county_rules_memo
from ..county_settings.models import CountySettingsRow
from ..county_settings.rules import CountySettings
from ..county_settings.service import settings_from_row
from ..extended_care.rules import Requirement, requirements, shortfalls
from ..tiers.models import TierChange, TierPolicyVersion
from ..tiers.rules import Standing, TierPolicy, TierSpan, VisitFact, VisitFacts, standing, standing_of, tier_on
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


def with_rules(stmt: Select, *, on: date | ColumnElement[date]) -> Select:
    """`stmt` (over cases) with each case's county policy version in force on `on` and its settings row, outer-joined
    (one statement instead of a look-up per county; `remember_rules` memoises what came back)."""
    in_force = (
        select(TierPolicyVersion.id)
        .where(TierPolicyVersion.county == Case.county, TierPolicyVersion.effective_from <= on)
        .order_by(TierPolicyVersion.effective_from.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    return (
        stmt.add_columns(TierPolicyVersion, CountySettingsRow)
        .outerjoin(TierPolicyVersion, TierPolicyVersion.id == in_force)
        .outerjoin(CountySettingsRow, CountySettingsRow.county == Case.county)
    )


def remember_rules(
    session: AsyncSession, county: str, on: date, policy_row: TierPolicyVersion | None, settings_row: Any
) -> CountyRules:
    """Memoise a county's rules read alongside its cases (`with_rules`) for the rest of the transaction."""
    memo = county_rules_memo(session)
    if (county, on) not in memo:
        memo[(county, on)] = (policy_from_row(policy_row), settings_from_row(settings_row))
    rules: CountyRules = memo[(county, on)]
    return rules


async def month_visits(session: AsyncSession, case_ids: Sequence[str], *, on: date) -> dict[str, list[VisitFact]]:
    """Visits of these cases in the calendar month of `on` and the month before, up to the end of `on` (what
    the extended-care rules count), in one statement."""
    out: dict[str, list[VisitFact]] = defaultdict(list)
    if not case_ids:
        return out
    first = (on.replace(day=1) - timedelta(days=1)).replace(day=1)
    rows = (
        await session.execute(
            select(*VISIT_COLS).where(
                Visit.case_id.in_(list(case_ids)),
                Visit.visited_at >= start_of_day(first),
                Visit.visited_at <= end_of_day(on),
            )
        )
    ).all()
    for case_id, at, method, outcome in rows:
        out[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
    return out


def stored_facts_hold(case: Case, on: date) -> bool:
    """Whether the row's stored facts describe day `on`: today, and no visit dated after it (a phone's clock
    may run a few minutes ahead past midnight)."""
    return on == clock.today() and (case.last_visit_on is None or case.last_visit_on <= on)


def _requirements(c: Case, settings: CountySettings, on: date) -> list[Requirement]:
    return requirements(
        kinds=c.kinds,
        flags=c.flags,
        age=age_on(c.birth_date, on),
        intake_date=c.intake_date,
        elderly_months=settings.elderly_care_months,
        child_months=settings.child_under_6_care_months,
    )


def under_extended_care(c: Case, settings: CountySettings, on: date) -> bool:
    return any(c.intake_date <= on < r.until for r in _requirements(c, settings, on))


async def standings(
    session: AsyncSession, cases: Sequence[Case], *, on: date | None = None, window_days: int = 7
) -> dict[str, Standing]:
    """Each case's standing on day `on` (today by default), with the county policy in force that day: from the
    facts stored on the row when they describe that day (`stored_facts_hold`), else from the history."""
    on = on or clock.today()
    stored = [c for c in cases if stored_facts_hold(c, on)]
    rest = [c for c in cases if not stored_facts_hold(c, on)]
    out = await standings_from_history(session, rest, on=on, window_days=window_days) if rest else {}
    if not stored:
        return out
    rules_of = await county_rules(session, {c.county for c in stored}, on=on)
    extended = [c.id for c in stored if under_extended_care(c, rules_of[c.county][1], on)]
    months = await month_visits(session, extended, on=on)
    for c in stored:
        policy, settings = rules_of[c.county]
        facts = VisitFacts(
            last_visit_on=c.last_visit_on,
            last_outcome=c.last_visit_outcome,
            last_contact_on=c.last_contact_on,
            consecutive_not_met=c.consecutive_not_met,
        )
        s = standing_of(
            on=on,
            tier=c.tier,
            intake_date=c.intake_date,
            facts=facts,
            policy=policy,
            situation=c.situation,
            window_days=window_days,
        )
        if c.id in months or c.id in extended:
            reqs = _requirements(c, settings, on)
            s.reasons.extend(shortfalls(visits=months.get(c.id, []), on=on, intake_date=c.intake_date, reqs=reqs))
        out[c.id] = s
    return out


async def standings_from_history(
    session: AsyncSession, cases: Sequence[Case], *, on: date, window_days: int = 7
) -> dict[str, Standing]:
    """Each case's standing on day `on` recomputed from its visits and tier history (a past day, or the reference
    the stored facts are tested against)."""
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
        reqs = _requirements(c, settings[c.county], on)
        s.reasons.extend(shortfalls(visits=facts, on=on, intake_date=c.intake_date, reqs=reqs))
        out[c.id] = s
    return out
