"""Use cases of tiers: the county policy in force on a day, policy versions, tier changes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import start_of_day, taipei_date
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.facts import redue_county, set_due
from ..cases.models import Case
from ..common.memo import county_rules_memo, forget_county_rules
from ..visits.models import Visit
from .models import TierChange, TierPolicyVersion
from .rules import (
    DEFAULT_POLICY,
    FACE_TO_FACE_METHODS,
    TierChangeRefusal,
    TierPolicy,
    check_tier_change,
    counts_for_step_down,
)


def policy_from_row(row: TierPolicyVersion | None) -> TierPolicy:
    if row is None:
        return DEFAULT_POLICY
    return TierPolicy(
        intervals={int(k): int(v) for k, v in row.intervals.items()},
        not_met_retry_days=row.not_met_retry_days,
        lock_months=row.lock_months,
        transfer_expiry_days=row.transfer_expiry_days,
        late_after_days=row.late_after_days,
    )


async def policy_on(session: AsyncSession, *, county: str, on: date) -> TierPolicy:
    """The county's policy in force on day `on` (the defaults when the county set none)."""
    if (known := county_rules_memo(session).get((county, on))) is not None:
        memoised: TierPolicy = known[0]
        return memoised
    row = await session.scalar(
        select(TierPolicyVersion)
        .where(TierPolicyVersion.county == county, TierPolicyVersion.effective_from <= on)
        .order_by(TierPolicyVersion.effective_from.desc())
        .limit(1)
    )
    return policy_from_row(row)


async def policies_by_county(session: AsyncSession, counties: set[str], on: date) -> dict[str, TierPolicy]:
    return {c: await policy_on(session, county=c, on=on) for c in counties}


async def list_policy_versions(session: AsyncSession, *, county: str) -> list[TierPolicyVersion]:
    """Every version of the county's policy, oldest first."""
    return list(
        (
            await session.scalars(
                select(TierPolicyVersion)
                .where(TierPolicyVersion.county == county)
                .order_by(TierPolicyVersion.effective_from)
            )
        ).all()
    )


async def add_policy_version(
    *, session: AsyncSession, principal: Principal, county: str, effective_from: date, policy: TierPolicy
) -> TierPolicyVersion:
    """A new version from `effective_from` (today or later: the past keeps the policy that held then)."""
    if effective_from < clock.today():
        raise RuleViolation("a policy version cannot start in the past", code="effective_from_in_past")
    exists = await session.scalar(
        select(TierPolicyVersion).where(
            TierPolicyVersion.county == county, TierPolicyVersion.effective_from == effective_from
        )
    )
    if exists is not None:
        raise Conflict("a version already starts that day", code="policy_version_exists", id=exists.id)
    row = TierPolicyVersion(
        id=str(uuid.uuid4()),
        county=county,
        effective_from=effective_from,
        intervals={str(k): v for k, v in policy.intervals.items()},
        not_met_retry_days=policy.not_met_retry_days,
        lock_months=policy.lock_months,
        transfer_expiry_days=policy.transfer_expiry_days,
        late_after_days=policy.late_after_days,
        created_by=principal.sub,
        created_at=clock.now(),
        applied=effective_from <= clock.today(),
    )
    session.add(row)
    forget_county_rules(session)
    if row.applied:  # in force now: the county's due dates follow it in this transaction (a later one: catch_up)
        await redue_county(session, county=county, policy=policy)
    emit(
        session,
        "tier_policy.versioned",
        {"policy_id": row.id, "county": county, "effective_from": effective_from.isoformat()},
    )
    return row


async def tier_history(session: AsyncSession, case_id: str) -> list[TierChange]:
    return list(
        (
            await session.scalars(
                select(TierChange).where(TierChange.case_id == case_id).order_by(TierChange.changed_at, TierChange.id)
            )
        ).all()
    )


def record_intake_tier(session: AsyncSession, *, case: Case, principal: Principal, at: datetime) -> None:
    session.add(
        TierChange(
            id=str(uuid.uuid4()),
            case_id=case.id,
            from_tier=None,
            to_tier=case.tier,
            changed_at=at,
            changed_by=principal.sub,
            reason="intake",
            visit_id=None,
            exception_reason=None,
        )
    )


async def change_tier(
    *,
    session: AsyncSession,
    case: Case,
    principal: Principal,
    to_tier: int,
    reason: str,
    visit_id: str | None = None,
    exception_reason: str | None = None,
) -> TierChange:
    """Apply a tier change the rules allow (422 with the refusal's code otherwise) and emit `case.tier_changed`."""
    if case.status != "open":
        raise Conflict("the case is closed", code="case_closed")
    history = await tier_history(session, case.id)
    since = history[-1].changed_at if history else start_of_day(case.intake_date)
    candidates = list(
        (
            await session.scalars(
                select(Visit)
                .where(
                    Visit.case_id == case.id,
                    Visit.outcome == "met",
                    Visit.method.in_(FACE_TO_FACE_METHODS),
                    Visit.visited_at >= since,
                )
                .order_by(Visit.visited_at.desc())
            )
        ).all()
    )
    # seed 001: 降級前應以實際面訪本人為原則 — a visit that saw only the family does not count
    met_f2f = [v for v in candidates if counts_for_step_down(method=v.method, outcome=v.outcome, seen=v.seen)]
    now = clock.now()
    refusal = check_tier_change(
        from_tier=case.tier,
        to_tier=to_tier,
        on=taipei_date(now),
        locked_until=case.tier_locked_until,
        met_face_to_face_since_last_change=bool(met_f2f),
        situation=case.situation,
        exception_reason=exception_reason,
    )
    if refusal is not None:
        detail = {
            TierChangeRefusal.SAME_TIER: "the case is already at that tier",
            TierChangeRefusal.TIER_LOCKED: f"the case stays at tier 1 until {case.tier_locked_until.isoformat()}",
            TierChangeRefusal.ONE_STEP_AT_A_TIME: "step down one tier at a time",
            TierChangeRefusal.FACE_TO_FACE_REQUIRED: (
                "a step-down needs a met face-to-face visit with the person themself since the last tier change"
            ),
        }[refusal]
        extra = (
            {"tier_locked_until": case.tier_locked_until.isoformat()}
            if refusal is TierChangeRefusal.TIER_LOCKED
            else {}
        )
        raise RuleViolation(detail, code=refusal.value, **extra)
    if visit_id is not None:
        visit = await session.get(Visit, visit_id)
        if visit is None or visit.case_id != case.id:
            raise NotFound("no such visit on this case", code="visit_not_found")
    elif to_tier > case.tier and met_f2f:
        visit_id = met_f2f[0].id  # the step-down rests on the latest met face-to-face visit
    change = TierChange(
        id=str(uuid.uuid4()),
        case_id=case.id,
        from_tier=case.tier,
        to_tier=to_tier,
        changed_at=now,
        changed_by=principal.sub,
        reason=reason,
        visit_id=visit_id,
        exception_reason=exception_reason if to_tier > case.tier and not met_f2f else None,
    )
    session.add(change)
    emit(
        session,
        "case.tier_changed",
        {
            "case_id": case.id,
            "county": case.county,
            "from_tier": case.tier,
            "to_tier": to_tier,
            "changed_at": now.isoformat(),
            "visit_id": visit_id,
            "reason": reason,
        },
    )
    case.tier = to_tier
    case.version += 1
    set_due(case, await policy_on(session, county=case.county, on=clock.today()))
    return change
