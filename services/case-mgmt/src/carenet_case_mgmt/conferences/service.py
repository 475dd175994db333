"""Use cases of conferences: the five-section agenda, and recording a conference held."""

from __future__ import annotations

import uuid
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import parse_month
from carenet_core.errors import Forbidden, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.rules import combined_issues, high_risk_household
from ..cases.standing import standings
from ..common.privacy import mask_name, mask_national_id
from .models import Conference
from .rules import agenda_day
from .schemas import Agenda, AgendaCase, ConferenceIn, ConferenceOut

FLAG_REASONS = ("consecutive_not_met", "lost_contact", "missing", "only_phone_for_a_year")


def _item(c: Case, tier: int, facts: dict[str, Any]) -> AgendaCase:
    return AgendaCase(
        case_id=c.id,
        national_id=mask_national_id(c.national_id),
        name=mask_name(c.name),
        district=c.district,
        kinds=c.kinds,
        tier=tier,
        facts=facts,
    )


async def agenda(*, session: AsyncSession, principal: Principal, county: str, month: str) -> Agenda:
    """The conference agenda for a county and month: the five mandated sections (seed 001, items a–e)."""
    scope = principal.county_scope()
    if scope is not None and scope != county:
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    try:
        first, last = parse_month(month)
    except ValueError:
        raise RuleViolation("month must be YYYY-MM", code="invalid_month") from None
    on = agenda_day(first=first, last=last, today=clock.today())
    cases = list(
        (
            await session.scalars(
                select(Case).where(Case.county == county, Case.status == "open").order_by(Case.district, Case.id)
            )
        ).all()
    )
    sections: dict[str, list[AgendaCase]] = {
        k: []
        for k in ("not_met_3_plus", "high_risk_household", "due_and_overdue", "combined_issues", "refusing_tier_1_2")
    }
    listed: set[str] = set()
    for i in range(0, len(cases), 1000):
        chunk = cases[i : i + 1000]
        st = await standings(session, chunk, on=on)
        for c in chunk:
            s = st[c.id]
            before = sum(len(v) for v in sections.values())
            flagged = [r for r in s.reasons if r in FLAG_REASONS]
            if flagged:  # a: 3+ not met (with lost contact, missing, phone-only for a year)
                sections["not_met_3_plus"].append(
                    _item(c, s.tier, {"consecutive_not_met": s.consecutive_not_met, "reasons": flagged})
                )
            if why := high_risk_household(c.household):  # b
                sections["high_risk_household"].append(_item(c, s.tier, {**(c.household or {}), "why": why}))
            if s.next_visit_due <= last:  # c: 屆期及逾期未訪
                sections["due_and_overdue"].append(
                    _item(
                        c,
                        s.tier,
                        {
                            "next_visit_due": s.next_visit_due.isoformat(),
                            "overdue": s.overdue,
                            "days_overdue": s.days_overdue,
                            "last_visit_date": s.last_visit_date.isoformat() if s.last_visit_date else None,
                        },
                    )
                )
            if why := combined_issues(c.kinds, c.flags):  # d
                sections["combined_issues"].append(_item(c, s.tier, {"why": why}))
            if s.tier in (1, 2) and c.refuses_service:  # e
                sections["refusing_tier_1_2"].append(_item(c, s.tier, {"tier": s.tier, "refuses_service": True}))
            if sum(len(v) for v in sections.values()) > before:
                listed.add(c.id)
    for c in cases:
        if c.id in listed:
            await record_access(
                session,
                principal=principal,
                action="list",
                resource=f"conference-agenda/case/{c.id}",
                person_ref=c.person_key,
            )
    return Agenda(county=county, month=month, computed_for=on, **sections)


def conference_out(c: Conference) -> ConferenceOut:
    return ConferenceOut(
        id=c.id,
        county=c.county,
        month=c.month,
        held_on=c.held_on,
        kind=c.kind,
        expert=c.expert,
        notes=c.notes,
        case_ids=c.case_ids,
        created_by=c.created_by,
        created_at=c.created_at,
    )


async def record_conference(*, session: AsyncSession, principal: Principal, body: ConferenceIn) -> Conference:
    """Record a conference held in the month (emits `conference.held`)."""
    scope = principal.county_scope()
    if scope is not None and scope != body.county:
        raise Forbidden("you may record conferences of your own county only", code="outside_jurisdiction")
    first, last = parse_month(body.month)
    if not first <= body.held_on <= last:
        raise RuleViolation("held_on must fall in the month", code="held_on_outside_month")
    if body.held_on > clock.today():
        raise RuleViolation("a conference cannot be recorded before it is held", code="held_on_in_future")
    if body.case_ids:
        found = set(
            (await session.scalars(select(Case.id).where(Case.id.in_(body.case_ids), Case.county == body.county))).all()
        )
        missing = [i for i in body.case_ids if i not in found]
        if missing:
            raise RuleViolation("some discussed cases are not cases of the county", code="unknown_cases", ids=missing)
    conf = Conference(
        id=str(uuid.uuid4()),
        county=body.county,
        month=body.month,
        held_on=body.held_on,
        kind=body.kind,
        expert=body.expert,
        notes=body.notes,
        case_ids=list(dict.fromkeys(body.case_ids)),
        created_by=principal.sub,
        created_at=clock.now(),
    )
    session.add(conf)
    emit(
        session,
        "conference.held",
        {
            "conference_id": conf.id,
            "county": conf.county,
            "month": conf.month,
            "held_on": conf.held_on.isoformat(),
            "kind": conf.kind,
        },
    )
    return conf


async def list_conferences(
    *, session: AsyncSession, principal: Principal, county: str | None, year: int | None
) -> list[Conference]:
    scope = principal.county_scope()
    county = county or scope
    if scope is not None and county != scope:
        return []
    stmt = select(Conference).order_by(Conference.held_on, Conference.id)
    if county:
        stmt = stmt.where(Conference.county == county)
    if year:
        stmt = stmt.where(Conference.month.like(f"{year:04d}-%"))
    return list((await session.scalars(stmt)).all())


async def get_conference(*, session: AsyncSession, principal: Principal, conference_id: str) -> Conference:
    conf = await session.get(Conference, conference_id)
    if conf is None or principal.county_scope() not in (None, conf.county):
        raise NotFound("no such conference", code="conference_not_found")
    return conf
