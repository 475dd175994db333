"""Use cases of cases: intake, read with standing, list, change facts, close."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.clock import age_on, start_of_day
from carenet_core.errors import Conflict, Forbidden, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import and_, not_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..assignments.service import set_assignee
from ..common.privacy import mask_name, mask_national_id, person_key
from ..discharge.models import DischargePlan
from ..tiers.rules import Standing, tier_locked_until
from ..tiers.service import policy_on, record_intake_tier
from ..transfers.models import Transfer
from .facts import catch_up, set_due
from .models import Case
from .rules import identify
from .schemas import CaseIn, CaseOut, CasePage, CasePatch, CaseSummary
from .standing import remember_rules, standings, with_rules


def case_out(case: Case, s: Standing, *, read_only: bool = False) -> CaseOut:
    is_open = case.status == "open"
    return CaseOut(
        id=case.id,
        national_id=case.national_id,
        name=case.name,
        birth_date=case.birth_date,
        age=age_on(case.birth_date, clock.today()),
        sex=case.sex,
        county=case.county,
        district=case.district,
        kinds=case.kinds,
        source=case.source,
        intake_date=case.intake_date,
        household=case.household,
        flags=case.flags,
        tier=case.tier,
        tier_locked_until=case.tier_locked_until,
        status=case.status,  # type: ignore[arg-type]
        situation=case.situation,
        refuses_service=case.refuses_service,
        protective_worker=case.protective_worker,
        assigned_to=case.assigned_to,
        next_visit_due=s.next_visit_due,
        overdue=s.overdue and is_open,
        days_overdue=s.days_overdue if is_open else 0,
        consecutive_not_met=s.consecutive_not_met,
        only_phone_for_a_year=s.only_phone_for_a_year and is_open,
        last_visit_date=s.last_visit_date,
        reasons=s.reasons if is_open else [],
        closed_on=case.closed_on,
        close_reason=case.close_reason,
        read_only=read_only,
        created_at=case.created_at,
        version=case.version,
    )


def case_summary(case: Case, s: Standing) -> CaseSummary:
    is_open = case.status == "open"
    return CaseSummary(
        id=case.id,
        national_id=mask_national_id(case.national_id),
        name=mask_name(case.name),
        county=case.county,
        district=case.district,
        kinds=case.kinds,
        tier=case.tier,
        status=case.status,
        flags=case.flags,
        assigned_to=case.assigned_to,
        next_visit_due=s.next_visit_due,
        overdue=s.overdue and is_open,
        days_overdue=s.days_overdue if is_open else 0,
        consecutive_not_met=s.consecutive_not_met,
        reasons=s.reasons if is_open else [],
    )


async def view(session: AsyncSession, case: Case, principal: Principal) -> CaseOut:
    s = (await standings(session, [case]))[case.id]
    return case_out(case, s, read_only=not principal.can_see(case.county, case.district))


def intake_assignee(principal: Principal, asked: str | None) -> str | None:
    """Who holds a new case: as asked by a supervisor or admin; a case worker takes it (or names only themselves)."""
    if principal.has("supervisor", "county_admin"):
        return asked or (principal.sub if principal.has("case_worker") else None)
    if asked is not None and asked != principal.sub:
        raise Forbidden("a case worker may take a case only for themselves", code="assignment_not_allowed")
    return principal.sub


async def open_case(*, session: AsyncSession, principal: Principal, body: CaseIn, secret: str) -> Case:
    """A new open case at tier 1, locked for the policy's months; 409 with the existing id for a person already open."""
    if identify(body.national_id) is None:
        raise RuleViolation(
            "the national ID or resident certificate number is not valid (check digit)",
            code="invalid_national_id",
            errors=[{"field": "body.national_id", "message": "invalid check digit", "type": "check_digit"}],
        )
    if not principal.can_see(body.county, body.district):
        raise Forbidden("you may open cases only in your own jurisdiction", code="outside_jurisdiction")
    if body.intake_date > clock.today():
        raise RuleViolation("the intake date is in the future", code="intake_in_future")
    if body.birth_date > body.intake_date:
        raise RuleViolation("the birth date is after the intake date", code="birth_after_intake")
    assignee = intake_assignee(principal, body.assigned_to)
    key = person_key(body.national_id, secret)
    existing = await session.scalar(select(Case.id).where(Case.person_key == key, Case.status == "open"))
    if existing is not None:
        raise Conflict("this person already has an open case", code="case_already_open", id=existing)
    policy = await policy_on(session, county=body.county, on=body.intake_date)
    today_policy = (
        policy if body.intake_date == clock.today() else await policy_on(session, county=body.county, on=clock.today())
    )
    now = clock.now()
    case = Case(
        id=str(uuid.uuid4()),
        national_id=body.national_id,
        person_key=key,
        name=body.name,
        birth_date=body.birth_date,
        sex=body.sex,
        county=body.county,
        district=body.district,
        kinds=list(body.kinds),
        source=body.source,
        intake_date=body.intake_date,
        household=body.household.model_dump(exclude_none=True) if body.household else None,
        flags=list(body.flags),
        tier=1,
        tier_locked_until=tier_locked_until(body.intake_date, policy),
        status="open",
        refuses_service=False,
        created_at=now,
        created_by=principal.sub,
        version=1,
        consecutive_not_met=0,
    )
    set_due(case, today_policy)  # no visit yet: intake + the tier-1 interval
    try:
        async with session.begin_nested():
            session.add(case)
            await session.flush()
    except IntegrityError:
        # a twin intake committed between our check and insert
        existing = await session.scalar(select(Case.id).where(Case.person_key == key, Case.status == "open"))
        raise Conflict("this person already has an open case", code="case_already_open", id=existing) from None
    record_intake_tier(session, case=case, principal=principal, at=start_of_day(body.intake_date))
    emit(
        session,
        "case.opened",
        {
            "case_id": case.id,
            "county": case.county,
            "district": case.district,
            "kinds": case.kinds,
            "source": case.source,
            "intake_date": case.intake_date.isoformat(),
            "tier": 1,
            "flags": case.flags,
            "age_at_intake": age_on(case.birth_date, case.intake_date),
        },
    )
    if assignee is not None:
        set_assignee(session, case=case, to_sub=assignee, by=principal.sub, reason="intake")
    await record_access(session, principal=principal, action="create", resource=f"case/{case.id}", person_ref=key)
    await link_pending_plans(session, case)
    return case


async def link_pending_plans(session: AsyncSession, case: Case) -> None:
    """Pending-intake discharge plans of this person get the new case (discharge_plan.linked)."""
    plans = (
        await session.scalars(
            select(DischargePlan).where(
                DischargePlan.person_key == case.person_key, DischargePlan.status == "pending_intake"
            )
        )
    ).all()
    for plan in plans:
        plan.case_id, plan.status, plan.county = case.id, "linked", case.county
        emit(session, "discharge_plan.linked", {"plan_id": plan.id, "case_id": case.id, "county": case.county})


async def list_cases(
    *, session: AsyncSession, principal: Principal, filters: dict[str, Any], limit: int, cursor: str | None
) -> CasePage:
    """Cases in the caller's jurisdiction, id order, with their standing from the stored facts; masked identities.

    One statement reads a page with each county's rules; `overdue` and `due_before` filter on the stored
    `next_visit_due` (after `catch_up`), only the kind (a JSON list) is decided here, reading ahead in 500s."""
    after = decode_cursor(cursor)
    today = clock.today()
    want_overdue = filters.get("overdue")
    due_before: date | None = filters.get("due_before")
    if want_overdue is not None or due_before is not None:
        await catch_up(session, on=today, county=principal.county_scope())
    base = scope_to_jurisdiction(with_rules(select(Case), on=today), principal, Case.county, Case.district)
    for col, name in (
        (Case.county, "county"),
        (Case.district, "district"),
        (Case.tier, "tier"),
        (Case.status, "status"),
    ):
        if filters.get(name) is not None:
            base = base.where(col == filters[name])
    is_overdue = and_(Case.status == "open", Case.next_visit_due < today)
    if want_overdue is not None:
        base = base.where(is_overdue if want_overdue else not_(is_overdue))
    if due_before is not None:
        base = base.where(Case.status == "open", Case.next_visit_due < due_before)
    base = base.order_by(Case.id)
    items: list[CaseSummary] = []
    last_id = after
    more = False
    size = 500 if filters.get("kind") else limit + 1
    while len(items) <= limit:
        stmt = base.limit(size)
        if last_id:
            stmt = stmt.where(Case.id > str(last_id))
        rows = (await session.execute(stmt)).all()
        if not rows:
            break
        batch = []
        for c, policy_row, settings_row in rows:
            remember_rules(session, c.county, today, policy_row, settings_row)
            batch.append(c)
        kept = [c for c in batch if not filters.get("kind") or filters["kind"] in c.kinds]
        st = await standings(session, kept)
        for c in batch:
            last_id = c.id
            if c.id not in st:
                continue
            if len(items) == limit:
                more = True
                break
            items.append(case_summary(c, st[c.id]))
            await record_access(
                session, principal=principal, action="list", resource=f"case/{c.id}", person_ref=c.person_key
            )
        if more or len(rows) < size:
            break
    return CasePage(items=items, next_cursor=encode_cursor(items[-1].id) if more and items else None)


async def patch_case(*, session: AsyncSession, principal: Principal, case: Case, patch: CasePatch) -> Case:
    """Apply changed facts (the caller checked If-Match); emit `case.updated`."""
    if case.status != "open":
        raise Conflict("the case is closed", code="case_closed")
    changed: list[str] = []
    data = patch.model_dump(exclude_unset=True)
    if "district" in data and data["district"] is not None:
        if not principal.can_see(case.county, data["district"]):
            raise Forbidden("you may not move a case out of your district", code="outside_jurisdiction")
        case.district = data["district"]
        changed.append("district")
    if "household" in data:
        case.household = patch.household.model_dump(exclude_none=True) if patch.household else None
        changed.append("household")
    if "flags" in data and data["flags"] is not None:
        case.flags = list(dict.fromkeys(data["flags"]))
        changed.append("flags")
    if "situation" in data:
        case.situation = None if data["situation"] in (None, "none") else data["situation"]
        case.situation_reason = data.get("situation_reason")
        changed.append("situation")
    elif "situation_reason" in data:
        case.situation_reason = data["situation_reason"]
        changed.append("situation")
    if "refuses_service" in data and data["refuses_service"] is not None:
        case.refuses_service = data["refuses_service"]
        changed.append("refuses_service")
    if changed:
        case.version += 1
        emit(
            session,
            "case.updated",
            {
                "case_id": case.id,
                "county": case.county,
                "district": case.district,
                "changed": changed,
                "flags": case.flags,
                "situation": case.situation,
            },
        )
    return case


async def close_case(
    *, session: AsyncSession, principal: Principal, case: Case, reason: str, closed_on: date | None
) -> Case:
    """Close an open case (409 if already closed or a transfer is open); emit `case.closed`."""
    if case.status != "open":
        raise Conflict("the case is already closed", code="case_closed")
    offered = await session.scalar(select(Transfer.id).where(Transfer.case_id == case.id, Transfer.state == "offered"))
    if offered is not None:
        raise Conflict("revoke or settle the open transfer first", code="transfer_open", id=offered)
    day = closed_on or clock.today()
    if day > clock.today() or day < case.intake_date:
        raise RuleViolation("the closing day must be between the intake date and today", code="invalid_closed_on")
    case.status, case.closed_on, case.close_reason = "closed", day, reason
    case.version += 1
    emit(
        session,
        "case.closed",
        {"case_id": case.id, "county": case.county, "closed_on": day.isoformat(), "reason": reason},
    )
    return case
