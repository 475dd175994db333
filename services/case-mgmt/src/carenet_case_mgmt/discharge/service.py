"""Use cases of discharge plans: upload (link or pending intake), first-visit marking, reads."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import taipei_date
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import decode_cursor, encode_cursor, keyset_after, page_of
from carenet_core.trail import record_access
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.rules import identify
from ..common.privacy import mask_name, mask_national_id, person_key
from ..visits.models import Visit
from . import rules
from .models import DischargeNotice, DischargePlan
from .schemas import (
    DischargeNoticeIn,
    DischargeNoticeOut,
    DischargeNoticePage,
    DischargePlanIn,
    DischargePlanOut,
    DischargePlanPage,
    HospitalCount,
)


def plan_out(p: DischargePlan) -> DischargePlanOut:
    return DischargePlanOut(
        id=p.id,
        case_id=p.case_id,
        status=p.status,
        national_id=mask_national_id(p.national_id),  # type: ignore[arg-type]
        name=mask_name(p.name),
        hospital=p.hospital,
        county=p.county,
        discharged_at=p.discharged_at,
        uploaded_at=p.uploaded_at,
        upload_date=p.upload_date,
        uploaded_within_14_days=p.uploaded_within_14_days,
        first_visit_due=p.first_visit_due,
        compulsory=p.compulsory,
        needs_follow_up=p.needs_follow_up,
        first_visit_id=p.first_visit_id,
        first_visit_date=p.first_visit_date,
        first_visit_within_14_days=p.first_visit_within_14_days,
        discharge_id=p.discharge_id,
    )


async def upload_plan(
    *, session: AsyncSession, principal: Principal, body: DischargePlanIn, secret: str
) -> DischargePlan:
    """Store a plan with the server's upload time; link it to the person's open case or keep it as a pending intake."""
    if identify(body.national_id) is None:
        raise RuleViolation(
            "the national ID or resident certificate number is not valid (check digit)", code="invalid_national_id"
        )
    now = clock.now()
    upload_date = taipei_date(now)
    if body.discharged_at > upload_date:
        raise RuleViolation("the discharge date is in the future", code="discharged_in_future")
    key = person_key(body.national_id, secret)
    case = await session.scalar(select(Case).where(Case.person_key == key, Case.status == "open"))
    county = case.county if case is not None else principal.county
    if not county:
        raise RuleViolation("no open case for this person and no county on your token", code="county_unknown")
    plan = DischargePlan(
        id=str(uuid.uuid4()),
        case_id=case.id if case else None,
        person_key=key,
        national_id=body.national_id,
        name=body.name,
        hospital=body.hospital,
        county=county,
        status="linked" if case else "pending_intake",
        discharged_at=body.discharged_at,
        uploaded_at=now,
        upload_date=upload_date,
        uploaded_within_14_days=rules.uploaded_within_14_days(
            discharged_on=body.discharged_at, upload_date=upload_date
        ),
        first_visit_due=rules.first_visit_due(upload_date),
        compulsory=body.compulsory,
        needs_follow_up=body.needs_follow_up,
        summary=body.summary,
        uploaded_by=principal.sub,
    )
    session.add(plan)
    await session.flush()
    notice = await _notice_of_plan(session, plan=plan, principal=principal)
    emit(
        session,
        "discharge_plan.uploaded",
        {
            "plan_id": plan.id,
            "case_id": plan.case_id,
            "county": county,
            "discharged_at": plan.discharged_at.isoformat(),
            "uploaded_at": now.isoformat(),
            "upload_date": upload_date.isoformat(),
            "uploaded_within_14_days": plan.uploaded_within_14_days,
            "first_visit_due": plan.first_visit_due.isoformat(),
            "discharge_id": notice.id,
            "needs_follow_up": plan.needs_follow_up,
        },
    )
    await record_access(
        session, principal=principal, action="create", resource=f"discharge-plan/{plan.id}", person_ref=key
    )
    if case is not None:
        await _mark_first_visit(session, plan)
    return plan


def _emit_notified(session: AsyncSession, n: DischargeNotice) -> None:
    emit(
        session,
        "discharge.notified",
        {
            "discharge_id": n.id,
            "county": n.county,
            "hospital": n.hospital,
            "discharged_at": n.discharged_at.isoformat(),
            "needs_follow_up": n.needs_follow_up,
            "compulsory": n.compulsory,
            "notified_at": n.notified_at.isoformat(),
        },
    )


async def _notice_of_plan(session: AsyncSession, *, plan: DischargePlan, principal: Principal) -> DischargeNotice:
    """The notice the plan links to (same person, hospital and discharge day); a plan with none is its own notice."""
    notice = await session.scalar(
        select(DischargeNotice)
        .where(
            DischargeNotice.person_key == plan.person_key,
            DischargeNotice.hospital_key == rules.normal_hospital(plan.hospital),
            DischargeNotice.discharged_at == plan.discharged_at,
        )
        .with_for_update()
    )
    if notice is None:
        # the discharge it describes happened: count it (discharge.notified first, then the plan)
        notice = DischargeNotice(
            id=str(uuid.uuid4()),
            person_key=plan.person_key,
            national_id=plan.national_id,
            name=plan.name,
            hospital=plan.hospital,
            hospital_key=rules.normal_hospital(plan.hospital),
            county=plan.county,
            discharged_at=plan.discharged_at,
            compulsory=plan.compulsory,
            needs_follow_up=plan.needs_follow_up,
            source="plan",
            notified_at=plan.uploaded_at,
            notified_by=principal.sub,
        )
        session.add(notice)
        await session.flush()
        _emit_notified(session, notice)
    if notice.plan_id is None:  # the first plan for a discharge is its plan
        notice.plan_id, notice.plan_upload_date = plan.id, plan.upload_date
    plan.discharge_id = notice.id
    return notice


def notice_out(n: DischargeNotice, today: date) -> DischargeNoticeOut:
    return DischargeNoticeOut(
        id=n.id,
        national_id=mask_national_id(n.national_id),
        name=mask_name(n.name),
        hospital=n.hospital,
        county=n.county,
        discharged_at=n.discharged_at,
        compulsory=n.compulsory,
        needs_follow_up=n.needs_follow_up,
        source="plan" if n.source == "plan" else "notice",
        notified_at=n.notified_at,
        plan_id=n.plan_id,
        plan_upload_date=n.plan_upload_date,
        plan_due=n.discharged_at + timedelta(days=rules.UPLOAD_WITHIN_DAYS),
        plan_missing=n.needs_follow_up
        and rules.plan_missing(discharged_on=n.discharged_at, plan_upload_date=n.plan_upload_date, today=today),
    )


async def notify_discharge(
    *, session: AsyncSession, principal: Principal, body: DischargeNoticeIn, secret: str
) -> DischargeNotice:
    """Record a hospital's notice of a discharge (409 with the id when the discharge is already known)."""
    if identify(body.national_id) is None:
        raise RuleViolation(
            "the national ID or resident certificate number is not valid (check digit)", code="invalid_national_id"
        )
    now = clock.now()
    if body.discharged_at > taipei_date(now):
        raise RuleViolation("the discharge date is in the future", code="discharged_in_future")
    key = person_key(body.national_id, secret)
    hospital_key = rules.normal_hospital(body.hospital)
    existing = await session.scalar(
        select(DischargeNotice.id).where(
            DischargeNotice.person_key == key,
            DischargeNotice.hospital_key == hospital_key,
            DischargeNotice.discharged_at == body.discharged_at,
        )
    )
    if existing is not None:
        raise Conflict("this discharge is already notified", code="discharge_exists", id=existing)
    case = await session.scalar(select(Case).where(Case.person_key == key, Case.status == "open"))
    county = case.county if case is not None else principal.county
    if not county:
        raise RuleViolation("no open case for this person and no county on your token", code="county_unknown")
    notice = DischargeNotice(
        id=str(uuid.uuid4()),
        person_key=key,
        national_id=body.national_id,
        name=body.name,
        hospital=body.hospital.strip(),
        hospital_key=hospital_key,
        county=county,
        discharged_at=body.discharged_at,
        compulsory=body.compulsory,
        needs_follow_up=body.needs_follow_up,
        source="notice",
        notified_at=now,
        notified_by=principal.sub,
    )
    try:
        async with session.begin_nested():
            session.add(notice)
            await session.flush()
    except IntegrityError:
        raise Conflict("this discharge is already notified", code="discharge_exists") from None
    _emit_notified(session, notice)
    await record_access(
        session, principal=principal, action="create", resource=f"discharge/{notice.id}", person_ref=key
    )
    return notice


def _notice_visible(n: DischargeNotice, principal: Principal) -> bool:
    if principal.has("hospital") and n.notified_by == principal.sub:
        return True
    if not principal.has("case_worker", "supervisor", "county_admin"):
        return False
    return principal.county_scope() in (None, n.county)


async def get_notice(*, session: AsyncSession, principal: Principal, discharge_id: str) -> DischargeNotice:
    notice = await session.get(DischargeNotice, discharge_id)
    if notice is None or not _notice_visible(notice, principal):
        raise NotFound("no such discharge notice", code="discharge_not_found")
    await record_access(
        session, principal=principal, action="read", resource=f"discharge/{notice.id}", person_ref=notice.person_key
    )
    return notice


async def list_notices(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    missing_plan: bool,
    limit: int,
    cursor: str | None,
) -> DischargeNoticePage:
    """Notices of the county by hospital then discharge day; `missing_plan`: needing follow-up, no plan, 14 days over."""
    scope = principal.county_scope()
    county = county or scope
    if scope is not None and county != scope:
        return DischargeNoticePage(items=[], by_hospital=[])
    today = clock.today()
    where = []
    if county:
        where.append(DischargeNotice.county == county)
    if missing_plan:
        cutoff = today - timedelta(days=rules.UPLOAD_WITHIN_DAYS + 1)  # 14 days after discharge are over
        where += [
            DischargeNotice.plan_id.is_(None),
            DischargeNotice.needs_follow_up.is_(True),
            DischargeNotice.discharged_at <= cutoff,
        ]
    counts = (
        await session.execute(
            select(DischargeNotice.hospital_key, func.min(DischargeNotice.hospital), func.count())
            .where(*where)
            .group_by(DischargeNotice.hospital_key)
            .order_by(DischargeNotice.hospital_key)
        )
    ).all()
    stmt = keyset_after(
        select(DischargeNotice).where(*where),
        [DischargeNotice.hospital_key, DischargeNotice.discharged_at, DischargeNotice.id],
        cursor,
        types=["", date.min, ""],
    ).limit(limit + 1)
    rows = list((await session.scalars(stmt)).all())
    page = page_of(rows, limit, lambda n: [n.hospital_key, n.discharged_at.isoformat(), n.id])
    for n in page.items:
        await record_access(
            session, principal=principal, action="list", resource=f"discharge/{n.id}", person_ref=n.person_key
        )
    return DischargeNoticePage(
        items=[notice_out(n, today) for n in page.items],
        by_hospital=[HospitalCount(hospital=name, notices=count) for _, name, count in counts],
        next_cursor=page.next_cursor,
    )


async def _mark_first_visit(session: AsyncSession, plan: DischargePlan) -> None:
    if plan.case_id is None:
        return
    rows = (
        await session.execute(select(Visit.id, Visit.visit_date, Visit.outcome).where(Visit.case_id == plan.case_id))
    ).all()
    first = rules.first_visit(discharged_on=plan.discharged_at, visits=[tuple(r) for r in rows])  # type: ignore[misc]
    new_id, new_date = first if first else (None, None)
    if new_id == plan.first_visit_id and new_date == plan.first_visit_date:
        return
    plan.first_visit_id, plan.first_visit_date = new_id, new_date
    plan.first_visit_within_14_days = (
        rules.first_visit_within_14_days(upload_date=plan.upload_date, visit_date=new_date) if new_date else None
    )
    if new_id is not None and new_date is not None:
        emit(
            session,
            "discharge_plan.first_visited",
            {
                "plan_id": plan.id,
                "case_id": plan.case_id,
                "county": plan.county,
                "visit_id": new_id,
                "visit_date": new_date.isoformat(),
                "within_14_days": plan.first_visit_within_14_days,
            },
        )


async def note_visit(session: AsyncSession, *, case: Case, visit: Visit) -> None:
    """After a visit is recorded or edited: mark (or re-mark) the first visit on the case's plans."""
    await session.flush()
    plans = (await session.scalars(select(DischargePlan).where(DischargePlan.case_id == case.id))).all()
    for plan in plans:
        await _mark_first_visit(session, plan)


def _visible(p: DischargePlan, principal: Principal) -> bool:
    if principal.has("hospital") and p.uploaded_by == principal.sub:
        return True
    if not principal.has("case_worker", "supervisor", "county_admin", "ministry"):
        return False
    scope = principal.county_scope()
    return scope is None or scope == p.county


async def get_plan(*, session: AsyncSession, principal: Principal, plan_id: str) -> DischargePlan:
    plan = await session.get(DischargePlan, plan_id)
    if plan is None or not _visible(plan, principal):
        raise NotFound("no such discharge plan", code="plan_not_found")
    await record_access(
        session, principal=principal, action="read", resource=f"discharge-plan/{plan.id}", person_ref=plan.person_key
    )
    return plan


async def list_plans(
    *, session: AsyncSession, principal: Principal, status: str | None, limit: int, cursor: str | None
) -> DischargePlanPage:
    """Plans of the caller's county (a hospital: its own uploads), newest first."""
    stmt = select(DischargePlan).order_by(DischargePlan.uploaded_at.desc(), DischargePlan.id.desc()).limit(limit + 1)
    if principal.has("case_worker", "supervisor", "county_admin", "ministry"):
        if (scope := principal.county_scope()) is not None:
            stmt = stmt.where(DischargePlan.county == scope)
    else:
        stmt = stmt.where(DischargePlan.uploaded_by == principal.sub)
    if status:
        stmt = stmt.where(DischargePlan.status == status)
    after = decode_cursor(cursor)
    if after:
        at = datetime.fromisoformat(after[0])
        stmt = stmt.where(
            or_(DischargePlan.uploaded_at < at, and_(DischargePlan.uploaded_at == at, DischargePlan.id < after[1]))
        )
    rows = list((await session.scalars(stmt)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    for p in rows:
        await record_access(
            session, principal=principal, action="list", resource=f"discharge-plan/{p.id}", person_ref=p.person_key
        )
    nxt = encode_cursor([rows[-1].uploaded_at.isoformat(), rows[-1].id]) if more and rows else None
    return DischargePlanPage(items=[plan_out(p) for p in rows], next_cursor=nxt)


def notice_view(n: DischargeNotice) -> DischargeNoticeOut:
    """The notice as of today (Asia/Taipei): `plan_missing` is judged today."""
    return notice_out(n, clock.today())
