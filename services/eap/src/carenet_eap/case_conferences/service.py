"""Use cases of case conferences: convene (eap_admin), the employee consents, participants keep minutes."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import to_utc
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict, NotFound
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_id
from ..messages.service import deliver
from ..referrals.models import Referral
from . import rules
from .models import CaseConference, ConferenceMinutes, ConferenceParticipant
from .schemas import ConferenceConsentIn, ConferenceIn


async def _participants(session: AsyncSession, conference_id: str) -> list[ConferenceParticipant]:
    stmt = select(ConferenceParticipant).where(ConferenceParticipant.conference_id == conference_id)
    return list((await session.scalars(stmt.order_by(ConferenceParticipant.member_sub))).all())


async def convene(
    *, session: AsyncSession, principal: Principal, referral_id: str, body: ConferenceIn
) -> tuple[CaseConference, list[ConferenceParticipant]]:
    """A conference about the referred employee, awaiting their consent (they are asked in their inbox)."""
    r = await get_or_404(session, Referral, referral_id, detail="no such referral", code="referral_not_found")
    c = CaseConference(
        id=new_id(),
        referral_id=r.id,
        employee_sub=r.employee_ref,
        scheduled_at=to_utc(body.scheduled_at),
        status="awaiting_consent",
        created_by=principal.sub,
        created_at=clock.now(),
    )
    session.add(c)
    await session.flush()
    members = {p.sub: p.role for p in body.participants}
    session.add_all([ConferenceParticipant(conference_id=c.id, member_sub=s, role=role) for s, role in members.items()])
    await deliver(
        session=session,
        employee_sub=r.employee_ref,
        kind="eap_info",
        title="個案研討會同意邀請",
        body="員工協談室想與您的單位主管、人事主管及心理輔導員召開個案研討會，共同討論如何協助您。"
        "會議須經您同意才會召開，您可以在「個案研討會」中同意或婉拒。",
        bsrs5_invite=False,
    )
    await record_access(
        session,
        principal=principal,
        action="create",
        resource=f"case_conference/{c.id}",
        person_ref=f"employee:{r.employee_ref}",
    )
    return c, await _participants(session, c.id)


async def _load(session: AsyncSession, conference_id: str, *, lock: bool = False) -> CaseConference:
    c = await get_or_404(
        session,
        CaseConference,
        conference_id,
        detail="no such case conference",
        code="case_conference_not_found",
        lock=lock,
    )
    return c


async def read(
    *, session: AsyncSession, principal: Principal, conference_id: str
) -> tuple[CaseConference, list[ConferenceParticipant]]:
    """The conference for eap_admin, a participant or the employee it is about; 404 for anyone else."""
    c = await _load(session, conference_id)
    members = await _participants(session, c.id)
    allowed = (
        principal.has("eap_admin")
        or principal.sub in {m.member_sub for m in members}
        or principal.sub == c.employee_sub
    )
    if not allowed:
        raise NotFound("no such case conference", code="case_conference_not_found")
    return c, members


async def mine(
    *, session: AsyncSession, principal: Principal
) -> list[tuple[CaseConference, list[ConferenceParticipant]]]:
    """Conferences about the caller, newest first."""
    stmt = (
        select(CaseConference)
        .where(CaseConference.employee_sub == principal.sub)
        .order_by(CaseConference.created_at.desc())
    )
    return [(c, await _participants(session, c.id)) for c in (await session.scalars(stmt)).all()]


async def answer(
    *, session: AsyncSession, principal: Principal, conference_id: str, body: ConferenceConsentIn
) -> tuple[CaseConference, list[ConferenceParticipant]]:
    """The employee consents or declines, once (409 after); 404 unless it is about the caller."""
    c = await _load(session, conference_id, lock=True)
    if c.employee_sub != principal.sub:
        raise NotFound("no such case conference", code="case_conference_not_found")
    if c.status != "awaiting_consent":
        raise Conflict("this conference was already answered", code="conference_answered")
    c.status = rules.consent_status(body.consent)
    c.answered_at = clock.now()
    return c, await _participants(session, c.id)


async def _participant_conference(session: AsyncSession, principal: Principal, conference_id: str) -> CaseConference:
    c = await _load(session, conference_id)
    if principal.sub not in {m.member_sub for m in await _participants(session, c.id)}:
        raise NotFound("no such case conference", code="case_conference_not_found")
    return c


async def write_minutes(
    *, session: AsyncSession, principal: Principal, conference_id: str, text: str
) -> ConferenceMinutes:
    """Minutes by a participant, only after the employee consented (409 `consent_required`)."""
    c = await _participant_conference(session, principal, conference_id)
    if not rules.may_hold(c.status):
        raise Conflict("the employee has not consented to this conference", code="consent_required")
    m = ConferenceMinutes(id=new_id(), conference_id=c.id, text=text, written_by=principal.sub, written_at=clock.now())
    session.add(m)
    await record_access(
        session,
        principal=principal,
        action="write_minutes",
        resource=f"case_conference/{c.id}",
        person_ref=f"employee:{c.employee_sub}",
    )
    await session.flush()
    return m


async def read_minutes(*, session: AsyncSession, principal: Principal, conference_id: str) -> list[ConferenceMinutes]:
    """The minutes, for the participants alone (404 for anyone else, eap_admin included unless listed)."""
    c = await _participant_conference(session, principal, conference_id)
    await record_access(
        session,
        principal=principal,
        action="read_minutes",
        resource=f"case_conference/{c.id}",
        person_ref=f"employee:{c.employee_sub}",
    )
    stmt = (
        select(ConferenceMinutes).where(ConferenceMinutes.conference_id == c.id).order_by(ConferenceMinutes.written_at)
    )
    return list((await session.scalars(stmt)).all())
