"""Use cases of conferences: the five-section agenda, and recording a conference held."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import parse_month
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.rules import combined_issues, high_risk_household
from ..cases.standing import standings
from ..common.privacy import mask_name, mask_national_id
from ..incidents import service as incidents
from ..incidents.models import Incident
from ..protective.models import ProtectiveAssignment
from . import rules
from .models import Conference, ConferenceDecision
from .rules import agenda_day
from .schemas import Agenda, AgendaCase, Attendees, ConferenceIn, ConferenceOut, DecisionDoneIn, DecisionOut

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
    sections: dict[str, list[AgendaCase]] = {k: [] for k in (*rules.SECTIONS, *rules.SUICIDE_SECTIONS)}
    listed: set[str] = set()
    since = rules.report_window_start(first)
    for i in range(0, len(cases), 1000):
        chunk = cases[i : i + 1000]
        st = await standings(session, chunk, on=on)
        facts = await _suicide_facts(session, [c for c in chunk if "suicide_attempt" in c.kinds], on=on)
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
            closures, reports, issues = facts.get(c.id, ([], [], []))
            if why := rules.re_reported(
                kinds=c.kinds,
                flags=c.flags,
                intake_date=c.intake_date,
                earlier_closures=closures,
                report_dates=reports,
                since=since,
                on=on,
            ):  # suicide: 再次被通報
                sections["re_reported"].append(_item(c, s.tier, {"why": why, "intake_date": c.intake_date.isoformat()}))
            if why := rules.multiple_problems(kinds=c.kinds, flags=c.flags, protective_issues=issues):  # 多重問題
                sections["multiple_problems"].append(_item(c, s.tier, {"why": why}))
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
    return Agenda(
        county=county,
        month=month,
        computed_for=on,
        incidents=await incidents.open_incidents(session, county=county, on=on),
        open_decisions=await _open_decisions(session, county=county, first=first, on=on),
        **sections,
    )


async def _suicide_facts(
    session: AsyncSession, cases: list[Case], *, on: date
) -> dict[str, tuple[list[date], list[date], list[str]]]:
    """Per suicide-attempt case: the person's earlier closures, new reports (incidents recorded), protective issues."""
    if not cases:
        return {}
    ids = [c.id for c in cases]
    keys = {c.person_key for c in cases}
    closed = (
        await session.execute(
            select(Case.person_key, Case.closed_on).where(
                Case.person_key.in_(keys), Case.status == "closed", Case.closed_on.is_not(None)
            )
        )
    ).all()
    reports = (
        await session.execute(
            select(Incident.case_id, Incident.recorded_on).where(Incident.case_id.in_(ids), Incident.recorded_on <= on)
        )
    ).all()
    issues = (
        await session.execute(
            select(ProtectiveAssignment.case_id, ProtectiveAssignment.issue).where(
                ProtectiveAssignment.case_id.in_(ids)
            )
        )
    ).all()
    out: dict[str, tuple[list[date], list[date], list[str]]] = {c.id: ([], [], []) for c in cases}
    for c in cases:
        out[c.id][0].extend(d for key, d in closed if key == c.person_key and d is not None)
    for case_id, d in reports:
        out[case_id][1].append(d)
    for case_id, issue in issues:
        out[case_id][2].append(issue)
    return out


async def _open_decisions(session: AsyncSession, *, county: str, first: date, on: date) -> list[DecisionOut]:
    rows = (
        await session.scalars(
            select(ConferenceDecision)
            .where(ConferenceDecision.county == county, ConferenceDecision.held_on < first)
            .order_by(ConferenceDecision.follow_up_on, ConferenceDecision.id)
        )
    ).all()
    return [
        decision_out(d)
        for d in rows
        if rules.decision_open(held_on=d.held_on, done_on=d.done_on, agenda_first=first, on=on)
    ]


def decision_out(d: ConferenceDecision) -> DecisionOut:
    return DecisionOut(
        id=d.id,
        conference_id=d.conference_id,
        held_on=d.held_on,
        text=d.text,
        owner=d.owner,
        follow_up_on=d.follow_up_on,
        case_id=d.case_id,
        done_on=d.done_on,
        done_by=d.done_by,
    )


async def conference_out(session: AsyncSession, c: Conference) -> ConferenceOut:
    decisions = (
        await session.scalars(
            select(ConferenceDecision)
            .where(ConferenceDecision.conference_id == c.id)
            .order_by(ConferenceDecision.follow_up_on, ConferenceDecision.id)
        )
    ).all()
    return ConferenceOut(
        id=c.id,
        county=c.county,
        month=c.month,
        held_on=c.held_on,
        kind=c.kind,
        expert=c.expert,
        has_external_expert=bool(c.expert),
        notes=c.notes,
        case_ids=c.case_ids,
        attendees=[Attendees.model_validate(a) for a in c.attendees or []],
        decisions=[decision_out(d) for d in decisions],
        incident_ids=c.incident_ids or [],
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
    if early := [i for i, d in enumerate(body.decisions) if d.follow_up_on < body.held_on]:
        raise RuleViolation(
            "a decision's follow-up date cannot precede the conference", code="follow_up_before_conference", index=early
        )
    conf = Conference(
        id=str(uuid.uuid4()),
        county=body.county,
        month=body.month,
        held_on=body.held_on,
        kind=body.kind,
        expert=body.expert,
        notes=body.notes,
        case_ids=list(dict.fromkeys(body.case_ids)),
        attendees=[a.model_dump() for a in body.attendees],
        incident_ids=list(dict.fromkeys(body.incident_ids)),
        created_by=principal.sub,
        created_at=clock.now(),
    )
    session.add(conf)
    await session.flush()
    for d in body.decisions:
        session.add(
            ConferenceDecision(
                id=str(uuid.uuid4()),
                conference_id=conf.id,
                county=conf.county,
                held_on=conf.held_on,
                text=d.text,
                owner=d.owner,
                follow_up_on=d.follow_up_on,
                case_id=d.case_id,
            )
        )
    # 討論會: a conference held for incidents closes their conference deadline (incident.conference_held)
    await incidents.hold_conference(
        session, incident_ids=conf.incident_ids, county=conf.county, held_on=conf.held_on, conference_id=conf.id
    )
    emit(
        session,
        "conference.held",
        {
            "conference_id": conf.id,
            "county": conf.county,
            "month": conf.month,
            "held_on": conf.held_on.isoformat(),
            "kind": conf.kind,
            "has_external_expert": bool(conf.expert),
            "incident_ids": conf.incident_ids,
        },
    )
    await session.flush()
    return conf


async def mark_decision_done(
    *, session: AsyncSession, principal: Principal, conference_id: str, decision_id: str, body: DecisionDoneIn
) -> ConferenceDecision:
    """Mark a conference decision done (409 when already done); it no longer returns on the agenda."""
    conf = await get_conference(session=session, principal=principal, conference_id=conference_id)
    decision = await session.scalar(
        select(ConferenceDecision)
        .where(ConferenceDecision.id == decision_id, ConferenceDecision.conference_id == conf.id)
        .with_for_update()
    )
    if decision is None:
        raise NotFound("no such decision", code="decision_not_found")
    if decision.done_on is not None:
        raise Conflict("the decision is already done", code="decision_done")
    done_on = body.done_on or clock.today()
    if done_on > clock.today():
        raise RuleViolation("a decision cannot be done in the future", code="done_in_future")
    decision.done_on, decision.done_by, decision.done_note = done_on, principal.sub, body.note
    emit(
        session,
        "conference.decision_done",
        {"conference_id": conf.id, "decision_id": decision.id, "county": conf.county, "done_on": done_on.isoformat()},
    )
    return decision


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
