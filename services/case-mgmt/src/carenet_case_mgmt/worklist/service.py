"""The worklist: the caller's jurisdiction's open cases due within N days, overdue or flagged, most overdue first.

Two paths give the same answer. The fast path (`worklist`) works out every case's next due date from a few
plain columns (tier, intake date, the last visit's day and outcome, the county policy for the day), keeps
only the cases that can be on the list, orders them by that date and computes the exact standing
(cases/standing.py) only for the cases it walks through to fill the page. The exact path
(`worklist_items_exact`) computes every case's standing; it is the reference the fast path is tested
against, and the fallback should a computed due date ever disagree with the exact one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.clock import add_months, age_on, end_of_day, taipei_date
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.standing import county_rules, standings, tier_spans
from ..common.privacy import mask_name, mask_national_id
from ..discharge.models import DischargePlan
from ..extended_care.rules import requirements
from ..incidents.schemas import IncidentOut
from ..incidents.service import open_incidents
from ..tiers.rules import Standing, needs_worklist, tier_on
from ..transfers.models import Transfer
from ..visits.models import Visit
from .schemas import WorkItem, Worklist

Item = tuple[WorkItem, Case]
MAX_CARE_MONTHS = 36  # the longest extended care period a county may set (county_settings/schemas.py)


def _open_cases(principal: Principal, *cols, mine: bool = False) -> Select:
    stmt = scope_to_jurisdiction(select(*cols).where(Case.status == "open"), principal, Case.county, Case.district)
    return stmt.where(Case.assigned_to == principal.sub) if mine else stmt


async def _side_reasons(
    session: AsyncSession, principal: Principal, *, mine: bool = False
) -> tuple[dict[str, date], set[str]]:
    """First-visit due dates of discharge plans still waiting, and cases with an expired transfer offer."""
    in_scope = _open_cases(principal, Case.id, mine=mine).scalar_subquery()
    first_visit_due: dict[str, date] = {}
    rows = (
        await session.execute(
            select(DischargePlan.case_id, DischargePlan.first_visit_due).where(
                DischargePlan.case_id.in_(in_scope),
                DischargePlan.first_visit_id.is_(None),
                DischargePlan.needs_follow_up.is_(True),
            )
        )
    ).all()
    for cid, due in rows:
        if cid is not None:
            first_visit_due[cid] = min(due, first_visit_due.get(cid, due))
    # an offer the receiving county left unanswered past its expiry is flagged to the sender
    expired_offers = set(
        (
            await session.scalars(
                select(Transfer.case_id).where(
                    Transfer.case_id.in_(in_scope), Transfer.state == "offered", Transfer.expires_at <= clock.now()
                )
            )
        ).all()
    )
    return first_visit_due, expired_offers


def _item(
    c: Case, s: Standing, *, on: date, days: int, first_visit_due: dict[str, date], expired_offers: set[str]
) -> WorkItem | None:
    """The case's work item, or None when it is not on the list."""
    reasons = list(s.reasons)
    plan_due = first_visit_due.get(c.id)
    if plan_due is not None and plan_due <= on + timedelta(days=days):
        reasons.append("discharge_first_visit")
    if c.id in expired_offers:
        reasons.append("transfer_expired")
    if not (needs_worklist(s, days=days) or {"discharge_first_visit", "transfer_expired"} & set(reasons)):
        return None
    return WorkItem(
        case_id=c.id,
        national_id=mask_national_id(c.national_id),
        name=mask_name(c.name),
        county=c.county,
        district=c.district,
        kinds=c.kinds,
        tier=s.tier,
        next_visit_due=s.next_visit_due,
        overdue=s.overdue,
        days_overdue=s.days_overdue,
        consecutive_not_met=s.consecutive_not_met,
        last_visit_date=s.last_visit_date,
        reasons=reasons,
    )


def _key(item: WorkItem) -> tuple[str, str]:
    return (item.next_visit_due.isoformat(), item.case_id)


async def worklist_items_exact(
    *, session: AsyncSession, principal: Principal, on: date, days: int, mine: bool = False
) -> list[Item]:
    """Every work item, from every open case's exact standing, in list order (the reference computation)."""
    cases = list((await session.scalars(_open_cases(principal, Case, mine=mine))).all())
    first_visit_due, expired_offers = await _side_reasons(session, principal, mine=mine)
    items: list[Item] = []
    for i in range(0, len(cases), 1000):
        chunk = cases[i : i + 1000]
        st = await standings(session, chunk, on=on, window_days=days)
        for c in chunk:
            item = _item(c, st[c.id], on=on, days=days, first_visit_due=first_visit_due, expired_offers=expired_offers)
            if item is not None:
                items.append((item, c))
    items.sort(key=lambda p: (p[0].next_visit_due, p[0].case_id))
    return items


@dataclass(frozen=True)
class _Candidate:
    case_id: str
    due: date


class _Disagreement(Exception):
    """A computed due date differs from the exact one: answer from the exact path."""


async def _last_visits(
    session: AsyncSession, principal: Principal, on: date, *, mine: bool = False
) -> dict[str, tuple[date, str] | None]:
    """Each open case's last visit up to the end of `on` (Taipei day, outcome); None when two visits tie
    on the same instant with different outcomes (the exact path decides those)."""
    in_scope = _open_cases(principal, Case.id, mine=mine).scalar_subquery()
    until = end_of_day(on)
    ranked = (
        select(
            Visit.case_id,
            Visit.visited_at,
            Visit.outcome,
            func.rank().over(partition_by=Visit.case_id, order_by=Visit.visited_at.desc()).label("rk"),
        )
        .where(Visit.case_id.in_(in_scope), Visit.visited_at <= until)
        .subquery()
    )
    rows = (
        await session.execute(select(ranked.c.case_id, ranked.c.visited_at, ranked.c.outcome).where(ranked.c.rk == 1))
    ).all()
    out: dict[str, tuple[date, str] | None] = {}
    for cid, at, outcome in rows:
        fact = (taipei_date(at), outcome)
        if cid in out and out[cid] != fact:
            out[cid] = None
        else:
            out[cid] = fact
    return out


async def _candidates(
    session: AsyncSession,
    principal: Principal,
    *,
    on: date,
    days: int,
    first_visit_due: dict[str, date],
    expired_offers: set[str],
    mine: bool = False,
) -> list[_Candidate] | None:
    """The cases that can be on the list, with their due date, in list order (None: use the exact path)."""
    rows = (
        await session.execute(
            _open_cases(principal, Case.id, Case.county, Case.tier, Case.intake_date, Case.situation, mine=mine)
        )
    ).all()
    # extended care (65+ repeat attempts, a child under 6): only cases taken in within the longest period
    extended_rows = (
        await session.execute(
            _open_cases(
                principal, Case.id, Case.county, Case.kinds, Case.flags, Case.birth_date, Case.intake_date, mine=mine
            ).where(Case.intake_date > add_months(on, -MAX_CARE_MONTHS))
        )
    ).all()
    rules = await county_rules(session, {r[1] for r in rows} | {r[1] for r in extended_rows}, on=on)
    settings = {county: r[1] for county, r in rules.items()}
    elderly = {
        cid
        for cid, county, kinds, flags, birth, intake in extended_rows
        if any(
            on < req.until
            for req in requirements(
                kinds=kinds,
                flags=flags,
                age=age_on(birth, on),
                intake_date=intake,
                elderly_months=settings[county].elderly_care_months,
                child_months=settings[county].child_under_6_care_months,
            )
        )
    }
    last = await _last_visits(session, principal, on, mine=mine)
    spans = await tier_spans(session, [r[0] for r in rows]) if on < clock.today() else {}
    policies = {county: r[0] for county, r in rules.items()}
    horizon = on + timedelta(days=days)
    out: list[tuple[date, str]] = []
    for cid, county, tier, intake, situation in rows:
        policy = policies[county]
        if spans:
            tier = tier_on(spans.get(cid, []), on, tier)
        interval = policy.interval(tier)
        if cid not in last:
            due, last_outcome = intake + timedelta(days=interval), None
        else:
            fact = last[cid]
            if fact is None:
                return None
            day, last_outcome = fact
            due = day + timedelta(
                days=min(interval, policy.not_met_retry_days) if last_outcome == "not_met" else interval
            )
        maybe = (
            due <= horizon
            or last_outcome == "not_met"  # consecutive not-met needs the last visit not met
            or situation in ("lost_contact", "missing")
            or intake <= on - timedelta(days=policy.only_phone_window_days)  # open a year: only-phone rule
            or cid in elderly
            or cid in first_visit_due
            or cid in expired_offers
        )
        if maybe:
            out.append((due, cid))
    out.sort()
    return [_Candidate(case_id=cid, due=due) for due, cid in out]


async def _fast_page(
    session: AsyncSession,
    principal: Principal,
    *,
    on: date,
    days: int,
    want: int,
    after: Sequence | None,
    first_visit_due: dict[str, date],
    expired_offers: set[str],
    mine: bool = False,
) -> list[Item] | None:
    """The first `want` work items after the cursor, exact standings computed only for the cases walked."""
    cands = await _candidates(
        session,
        principal,
        on=on,
        days=days,
        first_visit_due=first_visit_due,
        expired_offers=expired_offers,
        mine=mine,
    )
    if cands is None:
        return None
    if after:
        cands = [c for c in cands if (c.due.isoformat(), c.case_id) > (after[0], after[1])]
    items: list[Item] = []
    pos, batch = 0, max(want + 16, 64)
    while len(items) < want and pos < len(cands):
        chunk_ids = [c.case_id for c in cands[pos : pos + batch]]
        due_of = {c.case_id: c.due for c in cands[pos : pos + batch]}
        pos += batch
        batch = min(batch * 2, 1000)
        by_id = {c.id: c for c in (await session.scalars(select(Case).where(Case.id.in_(chunk_ids)))).all()}
        chunk = [by_id[i] for i in chunk_ids if i in by_id]
        st = await standings(session, chunk, on=on, window_days=days)
        for c in chunk:
            s = st[c.id]
            if s.next_visit_due != due_of[c.id]:
                raise _Disagreement(c.id)
            item = _item(c, s, on=on, days=days, first_visit_due=first_visit_due, expired_offers=expired_offers)
            if item is not None:
                items.append((item, c))
                if len(items) == want:
                    break
    return items


async def worklist(
    *,
    session: AsyncSession,
    principal: Principal,
    on: date,
    days: int,
    limit: int,
    cursor: str | None,
    mine: bool = False,
) -> Worklist:
    """Work items ordered by next due date (most overdue first), then case id."""
    after = decode_cursor(cursor)
    first_visit_due, expired_offers = await _side_reasons(session, principal, mine=mine)
    try:
        items = await _fast_page(
            session,
            principal,
            on=on,
            days=days,
            want=limit + 1,
            after=after,
            first_visit_due=first_visit_due,
            expired_offers=expired_offers,
            mine=mine,
        )
    except _Disagreement:
        items = None
    if items is None:
        items = await worklist_items_exact(session=session, principal=principal, on=on, days=days, mine=mine)
        if after:
            items = [p for p in items if _key(p[0]) > (after[0], after[1])]
    page, more = items[:limit], len(items) > limit
    for _, c in page:
        await record_access(
            session, principal=principal, action="list", resource=f"worklist/case/{c.id}", person_ref=c.person_key
        )
    nxt = encode_cursor([page[-1][0].next_visit_due.isoformat(), page[-1][0].case_id]) if more and page else None
    incidents = await _open_incident_deadlines(session, principal, on=on, mine=mine) if cursor is None else []
    return Worklist(on=on, days=days, items=[p[0] for p in page], next_cursor=nxt, incidents=incidents)


async def _open_incident_deadlines(
    session: AsyncSession, principal: Principal, *, on: date, mine: bool
) -> list[IncidentOut]:
    """Incidents of the caller's cases (jurisdiction, or assigned with `mine`) whose flash report or
    conference is still due — seed 001's working-day deadlines, overdue ones flagged (first page only)."""
    county = principal.county_scope()
    if county is None:
        return []
    open_ = await open_incidents(session, county=county, on=on)
    if not open_:
        return []
    visible = set(
        (
            await session.scalars(
                _open_cases(principal, Case.id, mine=mine).where(Case.id.in_({i.case_id for i in open_}))
            )
        ).all()
    )
    return [i for i in open_ if i.case_id in visible]
