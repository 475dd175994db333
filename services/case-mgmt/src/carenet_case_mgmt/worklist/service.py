"""The worklist: the caller's jurisdiction's open cases due within N days, overdue or flagged, most overdue first.

Today's list (issue 15) reads the standing facts stored on the case row (cases/facts.py) through the
partial indexes on (county, district, next_visit_due, id), (county, next_visit_due, id) and
(county, assigned_to, next_visit_due, id), keyset-paged on (next_visit_due, id): one statement walks the
open cases in due order, keeping those that can be listed (`_may_be_listed`), and the rules decide each on
the page. The stored facts equal a recomputation from the visits and tiers (tests/test_standing_property.py),
so there is no fallback. Another day's list (`?on=`) is recomputed from the history (`worklist_items_exact`):
the tier held and the visits made as of that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.clock import add_months
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import Select, String, and_, cast, exists, func, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.facts import catch_up
from ..cases.models import Case
from ..cases.standing import remember_rules, standings, standings_from_history, with_rules
from ..common.privacy import mask_name, mask_national_id
from ..discharge.models import DischargePlan
from ..incidents.schemas import IncidentOut
from ..incidents.service import open_incidents
from ..tiers.rules import DEFAULT_POLICY, Standing, needs_worklist
from ..transfers.models import Transfer
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
    """Every work item, from every open case's standing recomputed from its history, in list order (another
    day's list, and the reference today's list is tested against)."""
    cases = list((await session.scalars(_open_cases(principal, Case, mine=mine))).all())
    first_visit_due, expired_offers = await _side_reasons(session, principal, mine=mine)
    items: list[Item] = []
    for i in range(0, len(cases), 1000):
        chunk = cases[i : i + 1000]
        st = await standings_from_history(session, chunk, on=on, window_days=days)
        for c in chunk:
            item = _item(c, st[c.id], on=on, days=days, first_visit_due=first_visit_due, expired_offers=expired_offers)
            if item is not None:
                items.append((item, c))
    items.sort(key=lambda p: (p[0].next_visit_due, p[0].case_id))
    return items


def _plan_due() -> Any:
    """The earliest first-visit due date of the case's discharge plans still waiting for it."""
    return (
        select(func.min(DischargePlan.first_visit_due))
        .where(
            DischargePlan.case_id == Case.id,
            DischargePlan.first_visit_id.is_(None),
            DischargePlan.needs_follow_up.is_(True),
        )
        .correlate(Case)
        .scalar_subquery()
    )


def _offer_expired(now: Any) -> Any:
    # an offer the receiving county left unanswered past its expiry is flagged to the sender
    return (
        exists()
        .where(Transfer.case_id == Case.id, Transfer.state == "offered", Transfer.expires_at <= now)
        .correlate(Case)
    )


def _json_has(col: Any, word: str) -> Any:
    """A JSON list column holds `word` (a plain text match on its serialisation; the rules decide exactly)."""
    return cast(col, String).like(f'%"{word}"%')


def _may_be_listed(on: date, days: int, plan_due: Any, offer_expired: Any) -> Any:
    """The open cases that can be on the list on `on` (today), from the stored facts: due within the window, or
    flagged — the rules then decide each case on the page (`_item`)."""
    policy = DEFAULT_POLICY  # the flag thresholds are not part of a county's policy versions
    year_ago = on - timedelta(days=policy.only_phone_window_days)
    return or_(
        Case.next_visit_due <= on + timedelta(days=days),
        Case.consecutive_not_met >= policy.consecutive_not_met_flag,
        Case.situation.in_(("lost_contact", "missing")),
        and_(Case.intake_date <= year_ago, or_(Case.last_contact_on.is_(None), Case.last_contact_on <= year_ago)),
        # extended care (65+ repeat attempts, a child under 6): taken in within the longest period a county may set
        and_(
            Case.intake_date > add_months(on, -MAX_CARE_MONTHS),
            _json_has(Case.kinds, "suicide_attempt"),
            or_(_json_has(Case.flags, "repeat_suicide_attempt"), _json_has(Case.flags, "child_under_6")),
        ),
        Case.last_visit_on > on,  # a visit dated after today (a phone clock ahead at midnight): decided exactly
        plan_due <= on + timedelta(days=days),
        offer_expired,
    )


async def _page_from_index(
    session: AsyncSession, principal: Principal, *, on: date, days: int, want: int, after: Sequence | None, mine: bool
) -> list[Item]:
    """The first `want` work items after the cursor: the open cases in scope in (next_visit_due, id) order from
    the index, keyset-paged, each decided by the rules from its stored facts — usually one statement."""
    plan_due, offer_expired = _plan_due(), _offer_expired(clock.now())
    base = with_rules(_open_cases(principal, Case, mine=mine), on=on).add_columns(
        plan_due.label("plan_due"), offer_expired.label("offer_expired")
    )
    base = base.where(_may_be_listed(on, days, plan_due, offer_expired)).order_by(Case.next_visit_due, Case.id)
    key = (date.fromisoformat(after[0]), str(after[1])) if after else None
    items: list[Item] = []
    batch = want
    while len(items) < want:
        stmt = base.limit(batch)
        if key is not None:
            stmt = stmt.where(tuple_(Case.next_visit_due, Case.id) > tuple_(literal(key[0]), literal(key[1])))
        rows = (await session.execute(stmt)).all()
        cases = []
        first_visit_due: dict[str, date] = {}
        expired_offers: set[str] = set()
        for c, policy_row, settings_row, due, expired in rows:
            remember_rules(session, c.county, on, policy_row, settings_row)
            cases.append(c)
            if due is not None:
                first_visit_due[c.id] = due
            if expired:
                expired_offers.add(c.id)
        st = await standings(session, cases, on=on, window_days=days)
        for c in cases:
            item = _item(c, st[c.id], on=on, days=days, first_visit_due=first_visit_due, expired_offers=expired_offers)
            if item is not None:
                items.append((item, c))
                if len(items) == want:
                    break
        if len(rows) < batch:
            break
        key = (rows[-1][0].next_visit_due, rows[-1][0].id)
        batch = min(batch * 4, 1000)
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
    """Work items ordered by next due date (most overdue first), then case id.

    Today's list comes from the stored facts through the (county, district | assigned worker, next_visit_due)
    indexes; another day's (`?on=`) is recomputed from the history (the tiers and visits as they stood)."""
    after = decode_cursor(cursor)
    if on == clock.today():
        await catch_up(session, on=on, county=principal.county_scope())
        items = await _page_from_index(session, principal, on=on, days=days, want=limit + 1, after=after, mine=mine)
    else:
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
