"""Use cases of referrals: record (idempotent on the client's UUID, the resource named by its id), list."""

from __future__ import annotations

from urllib.parse import quote

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import add_once
from carenet_core.errors import Conflict, RuleViolation
from carenet_core.outbox import emit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from .client import UnknownResource, resource_facts
from .models import Referral
from .rules import checked_categories, referral_day_allowed
from .schemas import ReferralIn, ReferralOut


def referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.id,
        case_id=r.case_id,
        resource_id=r.resource_id,
        resource_name=r.resource_name,
        resource_county=r.resource_county,
        resource_categories=checked_categories(r.resource_categories),
        resource_checked=r.resource_checked,
        referred_on=r.referred_on,
        reason=r.reason,
        note=r.note,
        recorded_by=r.recorded_by,
        recorded_at=r.recorded_at,
    )


async def record_referral(
    *,
    session: AsyncSession,
    principal: Principal,
    case: Case,
    body: ReferralIn,
    authorization: str,
    resources_url: str,
    wait_seconds: float,
) -> tuple[Referral, bool]:
    """The referral and whether it is new. 422 `unknown_resource` when the directory has no such id;
    when the directory cannot be asked, the referral is kept with `resource_checked` false."""
    referral_id = str(body.id)
    existing = await session.get(Referral, referral_id)
    if existing is not None:
        if existing.case_id != case.id:
            raise Conflict("this referral id belongs to another case", code="referral_id_taken")
        return existing, False
    today = clock.today()
    referred_on = body.referred_on or today
    if not referral_day_allowed(referred_on, today):
        raise RuleViolation("referred_on is after today", code="referred_in_future")
    try:
        facts = await resource_facts(
            base_url=resources_url,
            authorization=authorization,
            resource_id=quote(body.resource_id, safe=""),
            wait_seconds=wait_seconds,
        )
    except UnknownResource:
        raise RuleViolation(
            f"the resource directory has no resource {body.resource_id!r}", code="unknown_resource"
        ) from None
    referral = Referral(
        id=referral_id,
        case_id=case.id,
        county=case.county,
        resource_id=body.resource_id,
        resource_name=facts.name if facts else None,
        resource_county=facts.county if facts else None,
        resource_categories=",".join(facts.categories) if facts else None,
        resource_checked=facts is not None,
        referred_on=referred_on,
        reason=body.reason,
        note=body.note,
        recorded_by=principal.sub,
        recorded_at=clock.now(),
    )
    stored, created = await add_once(session, referral)
    if not created:  # a resend raced this one
        if stored.case_id != case.id:
            raise Conflict("this referral id belongs to another case", code="referral_id_taken")
        return stored, False
    emit(
        session,
        "referral.made",
        {
            "referral_id": referral.id,
            "case_id": case.id,
            "county": case.county,
            "resource_id": referral.resource_id,
            "referred_on": referred_on.isoformat(),
        },
    )
    return referral, True


async def list_referrals(session: AsyncSession, *, case: Case) -> list[Referral]:
    """The case's referrals, newest first."""
    stmt = (
        select(Referral)
        .where(Referral.case_id == case.id)
        .order_by(Referral.referred_on.desc(), Referral.recorded_at.desc(), Referral.id)
    )
    return list((await session.scalars(stmt)).all())
